import { cellId, cellName, withoutVariant } from '../core/cell-key.js';
import type { Cell, ResultsDocument } from '../results/results-schema.js';

/** A cell a CI format can chart (ok, with a summary), under its export name. */
export interface NamedCell {
  readonly cell: Cell & { summary: NonNullable<Cell['summary']> };
  readonly name: string;
}

/**
 * The ok cells with a summary, in document order, each under one readable name for CI dashboards
 * (`scenario/mode/w2/param=v`): the interpreter only when the document holds several. A name is
 * the series a dashboard tracks across runs, so names are unique: should two keys still read alike
 * (a string parameter holding `/`), the later gets its cell id.
 *
 * Of an A/B run only the candidate cells, under the names a plain run of the same tree gives them:
 * the dashboard tracks the code under test from one commit to the next, and the baseline's cells
 * beside them were a second series of every benchmark (`#baseline`) charting the base commit.
 */
export function namedCells(document: Pick<ResultsDocument, 'cells' | 'interpreters'>): NamedCell[] {
  const pythons = new Set([...document.interpreters.map((interpreter) => interpreter.id), ...document.cells.map((cell) => cell.key.python)]);
  const python = pythons.size > 1;
  const abRun = document.cells.some((cell) => cell.key.variant !== undefined);
  const taken = new Set<string>();
  const named: NamedCell[] = [];
  for (const cell of document.cells) {
    if (cell.status !== 'ok' || cell.summary === null) continue;
    if (abRun && cell.key.variant !== 'candidate') continue;
    let name = cellName(withoutVariant(cell.key), { python });
    if (taken.has(name)) name = `${name}~${cellId(cell.key)}`;
    taken.add(name);
    named.push({ cell: { ...cell, summary: cell.summary }, name });
  }
  return named;
}
