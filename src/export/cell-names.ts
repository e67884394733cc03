import { cellId, cellName } from '../core/cell-key.js';
import type { Cell, ResultsDocument } from '../results/results-schema.js';

/** A cell a CI format can chart (ok, with a summary), under its export name. */
export interface NamedCell {
  readonly cell: Cell & { summary: NonNullable<Cell['summary']> };
  readonly name: string;
}

/**
 * The ok cells with a summary, in document order, each under one readable name for CI dashboards
 * (`scenario/mode/w2/param=v`): the interpreter only when the document holds several, the variant
 * when the key has one. A name is the series a dashboard tracks across runs, so names are unique:
 * should two keys still read alike (a string parameter holding `/`), the later gets its cell id.
 */
export function namedCells(document: Pick<ResultsDocument, 'cells' | 'interpreters'>): NamedCell[] {
  const pythons = new Set([...document.interpreters.map((interpreter) => interpreter.id), ...document.cells.map((cell) => cell.key.python)]);
  const python = pythons.size > 1;
  const taken = new Set<string>();
  const named: NamedCell[] = [];
  for (const cell of document.cells) {
    if (cell.status !== 'ok' || cell.summary === null) continue;
    let name = cellName(cell.key, { python });
    if (taken.has(name)) name = `${name}~${cellId(cell.key)}`;
    taken.add(name);
    named.push({ cell: { ...cell, summary: cell.summary }, name });
  }
  return named;
}
