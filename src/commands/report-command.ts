import { compareInterpreters } from '../analysis/interpreter-comparisons.js';
import { withRecommendations } from '../analysis/recommend-document.js';
import type { TextSink } from '../export/exporter.js';
import { emitDocument, type EmitOptions } from '../export/emit-document.js';
import { checkExportPaths } from '../export/write-exports.js';
import { readResults } from '../results/read-results.js';

/** What `pyconc report` prints and writes: the emit options of every command that prints a document. */
export interface ReportOptions extends EmitOptions {
  /** `--cell ID`: that cell in detail (every statistic, its raw samples, a histogram) instead of the report. */
  readonly cell?: string;
}
import { cellDetail, findCell } from '../report/cell-detail.js';

/** Where `pyconc report` writes, and the environment GITHUB_STEP_SUMMARY is read from. */
export interface ReportIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `pyconc report FILE`: re-renders a saved results document in any output format, and writes the
 * exports asked for. Throws InputError (exit 2) for a file that is missing, not JSON, of an
 * unknown schema or malformed, and for an export that cannot be written.
 */
export function reportCommand(file: string, options: ReportOptions, io: ReportIo): void {
  checkExportPaths(options.exports ?? []);
  const read = readResults(file);
  if (options.cell !== undefined) {
    io.stdout.write(cellDetail(findCell(read, options.cell, file), options.color));
    return;
  }
  // Documents written before runs recorded their interpreter comparisons get them here, as the run would have.
  const compared = read.interpreterComparisons === undefined ? { ...read, interpreterComparisons: compareInterpreters(read) } : read;
  // Documents written before recommendations get them computed from their cells, as a run would.
  emitDocument(withRecommendations(compared), options, io);
}
