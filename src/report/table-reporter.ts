import Table from 'cli-table3';
import type { Cell, InterpreterComparison } from '../results/results-schema.js';
import { cellNote, groupRows, warmView } from './cell-columns.js';
import { paint } from '../core/colors.js';
import { speedupChart } from './speedup-chart.js';
import { findingsAndWarnings } from './findings-text.js';
import { formatParams } from '../core/cell-key.js';
import { groupCells } from './group-cells.js';
import { groupColumns, reportSettings, rowContexts, type TableColumn } from './group-columns.js';
import { interpreterComparisons, interpreterViewCells } from './interpreter-view.js';
import { recommendationFor } from './recommendation-lines.js';
import { runHeader } from './run-header.js';
import type { Reporter } from './reporter.js';
import { tracebackLines } from './traceback-text.js';

/** Tables are read in terminals and CI logs; past this width, metric titles take two lines. */
export const MAX_TABLE_WIDTH = 100;

/** A title over two lines, after its last space or else its last slash: `I/O p99` over `ms`, `ns/` over `incr`. */
export function breakTitle(title: string): string {
  const space = title.lastIndexOf(' ');
  if (space > 0) return `${title.slice(0, space)}\n${title.slice(space + 1)}`;
  const slash = title.lastIndexOf('/');
  return slash > 0 && slash < title.length - 1 ? `${title.slice(0, slash + 1)}\n${title.slice(slash + 1)}` : title;
}

function widthOf(text: string): number {
  // eslint-disable-next-line no-control-regex
  return Math.max(...text.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((line) => line.length));
}

function renderTable(columns: readonly TableColumn[], body: readonly string[][], color: boolean, breakMetricTitles: boolean): string {
  const table = new Table({
    head: columns.map((column) => (breakMetricTitles && column.id.startsWith('metric:') ? breakTitle(column.title) : column.title)),
    colAligns: columns.map((column) => column.align),
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
  });
  table.push(...body);
  return table.toString();
}

function paintStatus(cell: Cell, text: string, c: ReturnType<typeof paint>): string {
  if (cell.status === 'ok' && cell.summary?.suspect !== true) return c.green(text);
  return cell.status === 'unsupported' || cell.status === 'skipped' ? c.dim(text) : c.red(text);
}

/** The interpreter view of a scenario: one small table per params × variant, the interpreters side by side. */
function interpreterViewText(views: readonly InterpreterComparison[], color: boolean): string[] {
  const c = paint(color);
  const out: string[] = [];
  for (const view of views) {
    const [head = [], ...body] = interpreterViewCells(view);
    const variant = view.variant === undefined ? '' : ` · ${view.variant}`;
    out.push(`${c.bold(view.scenario)} by interpreter  ${c.dim(`${formatParams(view.params)}${variant}`)}`);
    const table = new Table({ head, colAligns: ['left', 'left', 'right', 'right'], style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true } });
    table.push(...body);
    out.push(table.toString(), c.dim(`  vs ${view.first}: median(${view.first}) / median(interpreter), 95% bootstrap CI; above 1× is faster`), '');
  }
  return out;
}

/** One boxed table per scenario × interpreter × params, footnotes below, then findings and warnings. */
export const tableReporter: Reporter = (document, { color, charts, show = 'auto', tracebacks = 'last' }) => {
  const c = paint(color);
  const titles = new Map((document.scenarios ?? []).map((scenario) => [scenario.name, scenario.title]));
  const reportOf = reportSettings(document);
  const notDeclaredOf = (scenario: string): readonly string[] => document.scenarios?.find((record) => record.name === scenario)?.notDeclared ?? [];
  const groups = groupCells(document);
  // Modes a scenario does not declare are named once, under its last table.
  const lastTableOf = new Map(groups.map((group) => [group.scenario, group]));
  const contextOf = rowContexts(document);
  const views = interpreterComparisons(document);
  const recommendationOf = recommendationFor(document);
  const out: string[] = [c.dim(runHeader(document)), ''];
  for (const group of groups) {
    const title = titles.get(group.scenario);
    const variant = group.variant === undefined ? '' : ` · ${group.variant}`;
    out.push(`${c.bold(group.scenario)}${title === undefined ? '' : ` — ${title}`}  ${c.dim(`${group.python} · ${formatParams(group.params)}${variant}`)}`);
    const { rows, notes, legend, titles: columnTitles } = groupRows(group.cells, contextOf(group.scenario), show);
    const columns = groupColumns(rows, reportOf(group.scenario), columnTitles, warmView(group.cells, show));
    const body = rows.map((row, index) => {
      const cell = group.cells[index];
      return columns.map((column) => (column.id === 'status' && cell !== undefined ? paintStatus(cell, row.status, c) : column.text(row)));
    });
    let table = renderTable(columns, body, color, false);
    if (widthOf(table) > MAX_TABLE_WIDTH) table = renderTable(columns, body, color, true);
    out.push(table);
    // The cells the notes are about, in the notes' order: a failed one's traceback goes under its note.
    const noted = group.cells.filter((cell) => cellNote(cell) !== null);
    notes.forEach((note, index) => {
      out.push(c.dim(`  [${index + 1}] ${note}`));
      for (const line of tracebackLines(noted[index]?.stderrTail, tracebacks === 'all')) out.push(c.dim(`      ${line}`));
    });
    for (const line of legend) out.push(c.dim(`  ${line}`));
    if (charts !== false) out.push(...speedupChart(group.cells, { color }));
    const notDeclared = lastTableOf.get(group.scenario) === group ? notDeclaredOf(group.scenario) : [];
    if (notDeclared.length > 0) out.push(c.dim(`  not declared by this scenario: ${notDeclared.join(', ')}`));
    const recommendation = recommendationOf(group.cells)?.text;
    if (recommendation !== undefined) out.push(recommendation.startsWith('→') ? c.bold(recommendation) : c.yellow(recommendation));
    out.push('');
    if (lastTableOf.get(group.scenario) === group) out.push(...interpreterViewText(views.filter((view) => view.scenario === group.scenario), color));
  }
  out.push(...findingsAndWarnings(document, color));
  if (document.interrupted) out.push(c.yellow('Interrupted: the tables show what finished before the interruption.'));
  return `${out.join('\n').trimEnd()}\n`;
};
