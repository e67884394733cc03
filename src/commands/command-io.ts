import type { TextSink } from '../export/exporter.js';

/** Where a command writes: the process's streams, or a test's collectors. */
export interface CommandIo {
  readonly stdout: TextSink & { readonly columns?: number };
  readonly stderr: TextSink;
  /** Colour on stdout (NO_COLOR, FORCE_COLOR and the TTY decided). */
  readonly color: boolean;
  /** The environment GITHUB_STEP_SUMMARY is read from (default: the process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What a command that only prints gives back: its text for stdout and its exit code. */
export interface CommandOutcome {
  readonly text: string;
  readonly exitCode: number;
}
