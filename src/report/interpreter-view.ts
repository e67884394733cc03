import type { InterpreterComparison, ResultsDocument } from '../results/results-schema.js';
import { formatDuration, formatRatioInterval } from './format-units.js';

/** The comparisons the run recorded (none in a document of one interpreter). */
export function interpreterComparisons(document: Pick<ResultsDocument, 'interpreterComparisons'>): readonly InterpreterComparison[] {
  return document.interpreterComparisons ?? [];
}

/** An interpreter comparison's table as text: header first, then one line of strings a row. */
export function interpreterViewCells(view: InterpreterComparison): string[][] {
  const head = ['mode', 'interpreter', 'wall (median)', `vs ${view.first}`];
  const body = view.rows.map((row) => [
    row.label,
    row.python,
    row.medianNs === null ? 'not run' : formatDuration(row.medianNs),
    row.python === view.first ? '1×' : row.vsFirst === null ? '—' : formatRatioInterval(row.vsFirst.value, row.vsFirst.ciLow, row.vsFirst.ciHigh),
  ]);
  return [head, ...body];
}
