import type { OutputFormat } from '../core/settings.js';
import type { ShowValues } from '../report/reporter.js';
import { REPORTERS } from '../report/reporters.js';
import type { ResultsDocument } from '../results/results-schema.js';
import type { TextSink } from './exporter.js';
import { appendStepSummary } from './step-summary.js';
import { writeExports, writesToStdout, type ExportRequest } from './write-exports.js';

/** What a command that prints a results document shows and writes. */
export interface EmitOptions {
  /** What goes to stdout (`--format`). */
  readonly format: OutputFormat;
  /** Colour in the table (the other formats never get any). */
  readonly color: boolean;
  /** Terminal charts under the tables (`--no-charts` turns them off). */
  readonly charts?: boolean;
  /** `--show cold|warm|auto`: which values the time columns show. */
  readonly show?: ShowValues;
  /** `--export-<format> FILE` requests (paths checked before the command did its work). */
  readonly exports?: readonly ExportRequest[];
  /** A failed cell's traceback under its table: its last frames (default), or all of it (`run --show-output`). */
  readonly tracebacks?: 'last' | 'all';
  /** Append the markdown summary to $GITHUB_STEP_SUMMARY when it is set (default); false with `--no-step-summary`. */
  readonly stepSummary?: boolean;
}

/** Where the document goes, and the environment GITHUB_STEP_SUMMARY is read from (default: the process's). */
export interface EmitIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Where export failures are said, one line each, while the rest goes on (a run: it exits 1).
   * Without it they are thrown together as one InputError (exit 2) before the step summary.
   */
  readonly say?: (line: string) => void;
}

/**
 * The one way a results document leaves pyconc (`run`, `report`): the report in `--format` on
 * stdout, unless an export takes stdout (`--export-bmf -`: the table would make it unparseable);
 * every `--export-<format>` file; the GitHub step summary. Returns the export failures (one line
 * each), null when there were none.
 */
export function emitDocument(document: ResultsDocument, options: EmitOptions, io: EmitIo): string | null {
  const exports = options.exports ?? [];
  if (!writesToStdout(exports)) {
    io.stdout.write(REPORTERS[options.format](document, { color: options.color && options.format === 'table', charts: options.charts !== false, show: options.show ?? 'auto', tracebacks: options.tracebacks ?? 'last' }));
  }
  let exportError: string | null = null;
  try {
    writeExports(document, exports, io.stdout);
  } catch (error) {
    if (io.say === undefined) throw error;
    exportError = (error as Error).message;
    for (const line of exportError.split('\n')) io.say(`pyconc: ${line}`);
  }
  appendStepSummary(document, io.env ?? process.env, { enabled: options.stepSummary !== false, stderr: io.stderr });
  return exportError;
}
