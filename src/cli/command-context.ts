import type { Command } from 'commander';
import type { CommandIo } from '../commands/command-io.js';
import { colorEnabled } from '../core/colors.js';

/** What the commands share with main: their exit code, and whether a run (which handles interruption itself) is under way. */
export interface ProgramState {
  setExit(code: number): void;
  readonly interrupt: AbortController;
  runStarted(): void;
}

/** What a command's declaration gets: the program state, and the root command (whose config file holds every command's defaults). */
export interface CommandContext extends ProgramState {
  readonly program: Command;
}

/** Declares one command on the program: its flags and help, and an action that maps them to options and calls the command. */
export type DeclareCommand = (program: Command, context: CommandContext) => void;

/** The process's streams for a command, colour decided by NO_COLOR, FORCE_COLOR and the terminal. */
export function processIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, color: colorEnabled(process.stdout) };
}
