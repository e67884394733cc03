import type { Cell, ResultsDocument } from '../results/results-schema.js';

/** Cells that share scenario, interpreter and params: one table each. */
export interface CellTable {
  readonly scenario: string;
  readonly python: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly cells: readonly Cell[];
}

/** Groups a document's cells into tables, keeping document order. */
export function groupCells(document: Pick<ResultsDocument, 'cells'>): CellTable[] {
  const tables = new Map<string, { scenario: string; python: string; params: Record<string, string | number>; cells: Cell[] }>();
  for (const cell of document.cells) {
    const id = JSON.stringify([cell.key.scenario, cell.key.python, cell.key.params]);
    let table = tables.get(id);
    if (table === undefined) {
      table = { scenario: cell.key.scenario, python: cell.key.python, params: cell.key.params, cells: [] };
      tables.set(id, table);
    }
    table.cells.push(cell);
  }
  return [...tables.values()];
}
