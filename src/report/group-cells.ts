import { groupId, type Variant } from '../core/cell-key.js';
import type { Cell, ResultsDocument } from '../results/results-schema.js';

/** Cells that share scenario, interpreter, params and variant: one table each. */
export interface CellTable {
  readonly scenario: string;
  readonly python: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly variant?: Variant;
  readonly cells: readonly Cell[];
}

/** Groups a document's cells into tables, keeping document order. */
export function groupCells(document: Pick<ResultsDocument, 'cells'>): CellTable[] {
  const tables = new Map<string, { scenario: string; python: string; params: Record<string, string | number>; variant?: Variant; cells: Cell[] }>();
  for (const cell of document.cells) {
    const id = groupId(cell.key);
    let table = tables.get(id);
    if (table === undefined) {
      table = { scenario: cell.key.scenario, python: cell.key.python, params: cell.key.params, cells: [] };
      if (cell.key.variant !== undefined) table.variant = cell.key.variant;
      tables.set(id, table);
    }
    table.cells.push(cell);
  }
  return [...tables.values()];
}
