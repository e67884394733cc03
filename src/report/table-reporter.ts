import Table from 'cli-table3';
import type { ResultsDocument } from '../results/results-schema.js';
import { cellColumns, cellNote, COLUMN_TITLES, type CellColumns } from './cell-columns.js';
import { paint } from './colors.js';
import { findingsAndWarnings } from './findings-text.js';
import { formatParams } from './format-units.js';
import { groupCells } from './group-cells.js';
import type { Reporter } from './reporter.js';

const ORDER: (keyof CellColumns)[] = ['mode', 'workers', 'wall', 'speedup', 'efficiency', 'cpu', 'rss', 'status'];
const RIGHT: (keyof CellColumns)[] = ['workers', 'wall', 'speedup', 'efficiency', 'cpu', 'rss'];

/** One boxed table per scenario × interpreter × params, footnotes below, then findings and warnings. */
export const tableReporter: Reporter = (document, { color }) => {
  const c = paint(color);
  const titles = new Map((document['scenarios'] as { name: string; title: string }[] | undefined)?.map((s) => [s.name, s.title]) ?? []);
  const out: string[] = [];
  for (const group of groupCells(document)) {
    const title = titles.get(group.scenario);
    out.push(`${c.bold(group.scenario)}${title === undefined ? '' : ` — ${title}`}  ${c.dim(`${group.python} · ${formatParams(group.params)}`)}`);
    const table = new Table({
      head: ORDER.map((column) => COLUMN_TITLES[column]),
      colAligns: ORDER.map((column) => (RIGHT.includes(column) ? 'right' : 'left')),
      style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
    });
    const notes: string[] = [];
    for (const cell of group.cells) {
      const note = cellNote(cell);
      if (note !== null) notes.push(note);
      const columns = cellColumns(cell, note === null ? '' : ` [${notes.length}]`);
      const status = cell.status === 'ok' && cell.summary?.suspect !== true ? c.green(columns.status) : cell.status === 'unsupported' || cell.status === 'skipped' ? c.dim(columns.status) : c.red(columns.status);
      table.push(ORDER.map((column) => (column === 'status' ? status : columns[column])));
    }
    out.push(table.toString());
    notes.forEach((note, index) => out.push(c.dim(`  [${index + 1}] ${note}`)));
    out.push('');
  }
  out.push(...findingsAndWarnings(document, color));
  if (document.interrupted) out.push(c.yellow('Interrupted: the tables show what finished before the interruption.'));
  return `${out.join('\n').trimEnd()}\n`;
};
