import { ExitCode, PyconcError } from '../core/errors.js';
import { cleanUpBeforeExit } from '../core/exit-cleanup.js';
import { VERSION } from '../core/version.js';
import { installSignalHandlers } from './signals.js';

/** `pyconc --version` alone needs nothing but the version: it is answered before commander and the commands load. */
function onlyVersion(argv: readonly string[]): boolean {
  return argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V');
}

/**
 * A reader that closed our stdout (`pyconc report r.json | head`) ends the program quietly, as
 * other command-line tools do: no stack trace, no error line, what was running cleaned up.
 */
function endQuietlyOnClosedStdout(exitCode: () => number): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    cleanUpBeforeExit();
    process.exit(exitCode());
  });
}

/**
 * Entry point: parses argv, runs the command, returns the exit code. Besides bin/, only a signal
 * (see signals.ts) or a closed stdout exits directly.
 */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const signals = installSignalHandlers(cleanUpBeforeExit);
  endQuietlyOnClosedStdout(() => exitCode);
  const debug = argv.includes('--debug');
  if (onlyVersion(argv)) {
    process.stdout.write(`${VERSION}\n`);
    signals.returned();
    return ExitCode.ok;
  }
  const [{ CommanderError }, { buildProgram }] = await Promise.all([import('commander'), import('./program.js')]);
  try {
    const program = buildProgram({ setExit: (code) => (exitCode = code), interrupt: signals.interrupt, runStarted: signals.runStarted });
    await program.parseAsync(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed what they had to.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof PyconcError) {
      // One line a problem, each with the prefix (a scenario file can have several).
      process.stderr.write(error.message.split('\n').map((line) => `pyconc: ${line}\n`).join(''));
      if (debug && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    process.stderr.write(`pyconc: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    return ExitCode.failure;
  } finally {
    // The handlers stay until the process exits: without them a late signal would kill it by signal, not 130.
    signals.returned();
  }
  return exitCode;
}
