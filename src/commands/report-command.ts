import type { OutputFormat } from '../core/settings.js';
import type { TextSink } from '../export/exporter.js';
import { appendStepSummary } from '../export/step-summary.js';
import { checkExportPaths, writeExports, writesToStdout, type ExportRequest } from '../export/write-exports.js';
import { cellDetail, findCell } from '../report/cell-detail.js';
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
  /** `--cell ID`: that cell in detail (every statistic, its raw samples, a histogram) instead of the report. */
  readonly cell?: string;
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
  const document = readResults(file);
  if (options.cell !== undefined) {
    io.stdout.write(cellDetail(findCell(document, options.cell, file), options.color));
    return;
  }
  if (!writesToStdout(exports)) io.stdout.write(REPORTERS[options.format](document, { color: options.color && options.format === 'table', charts: options.charts !== false, show: options.show ?? 'auto' }));
  writeExports(document, exports, io.stdout);
  appendStepSummary(document, io.env ?? process.env, { enabled: options.stepSummary !== false, stderr: io.stderr });
}
