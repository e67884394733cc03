import { withRecommendations } from '../analysis/recommend-document.js';
import { compareInterpreters } from '../analysis/interpreter-comparisons.js';
import type { OutputFormat } from '../core/settings.js';
import type { TextSink } from '../export/exporter.js';
import { appendStepSummary } from '../export/step-summary.js';
import { checkExportPaths, writeExports, writesToStdout, type ExportRequest } from '../export/write-exports.js';
import type { ShowValues } from '../report/reporter.js';
import { REPORTERS } from '../report/reporters.js';
import { readResults } from '../results/read-results.js';

export interface ReportOptions {
  readonly format: OutputFormat;
  readonly color: boolean;
  readonly exports?: readonly ExportRequest[];
  readonly stepSummary?: boolean;
  /** `--no-charts`: no terminal charts under the tables. */
  readonly charts?: boolean;
  /** `--show cold|warm|auto`: which values the time columns show. */
  readonly show?: ShowValues;
}

/**
 * `pyconc report FILE`: re-renders a saved results document in any output format, and writes the
 * exports asked for. Throws InputError (exit 2) for a file that is missing, not JSON, of an
 * unknown schema or malformed, and for an export that cannot be written.
 */
/** Where `pyconc report` writes, and the environment GITHUB_STEP_SUMMARY is read from. */
export interface ReportIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function reportCommand(file: string, options: ReportOptions, io: ReportIo): void {
  const exports = options.exports ?? [];
  checkExportPaths(exports);
  const read = readResults(file);
  // Documents written before runs recorded their interpreter comparisons get them here, as the run would have.
  const compared = read.interpreterComparisons === undefined ? { ...read, interpreterComparisons: compareInterpreters(read) } : read;
  // Documents written before recommendations get them computed from their cells, as a run would.
  const document = withRecommendations(compared);
  if (!writesToStdout(exports)) io.stdout.write(REPORTERS[options.format](document, { color: options.color && options.format === 'table', charts: options.charts !== false, show: options.show ?? 'auto' }));
  writeExports(document, exports, io.stdout);
  appendStepSummary(document, io.env ?? process.env, { enabled: options.stepSummary !== false, stderr: io.stderr });
}
