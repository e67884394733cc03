import { cellConcurrency } from '../analysis/concurrency.js';
import { wallPrecision } from '../analysis/precision.js';
import { METRIC_ROWS, workloadMetric, type CsvColumn, type MetricRow } from '../core/metrics.js';
import type { Cell, ResultsDocument } from '../results/results-schema.js';
import { rowContexts } from './group-columns.js';
import { cellVerdict, recommendationFor } from './recommendation-lines.js';
import type { Reporter } from './reporter.js';

/** A column of the CSV: its header and its value in a cell's row. */
interface Column {
  readonly title: string;
  readonly value: (cell: Cell) => unknown;
}

/**
 * The columns that describe a cell rather than measure it, by title; `tasksParam` names the scenario's task parameter,
 * `verdict` what the recommendation of its table says of the cell (`pick`, `tied`, `the-gil`, … or empty).
 */
function describingColumns(tasksParamOf: (scenario: string) => string | undefined, verdict: (cell: Cell) => string): Column[] {
  const concurrency = (cell: Cell): ReturnType<typeof cellConcurrency> => cellConcurrency(cell.key, tasksParamOf(cell.key.scenario));
  return [
    { title: 'scenario', value: (cell) => cell.key.scenario },
    { title: 'python', value: (cell) => cell.key.python },
    { title: 'params', value: (cell) => Object.entries(cell.key.params).map(([k, v]) => `${k}=${v}`).join(' ') },
    { title: 'mode', value: (cell) => cell.key.mode },
    { title: 'workers', value: (cell) => cell.key.workers },
    { title: 'status', value: (cell) => cell.status },
    { title: 'runs', value: (cell) => cell.samples.length },
    { title: 'suspect', value: (cell) => cell.summary?.suspect },
    { title: 'wall_ci_exact', value: (cell) => wallPrecision(cell)?.exact },
    { title: 'stop_reason', value: (cell) => cell.stopReason },
    { title: 'in_flight', value: (cell) => concurrency(cell).inFlight },
    { title: 'cpus', value: (cell) => concurrency(cell).cpus },
    { title: 'stop_statistic', value: (cell) => cell.stopStatistic },
    { title: 'recommendation', value: verdict },
    { title: 'checksum', value: (cell) => cell.checksum },
    { title: 'reason', value: (cell) => cell.reason },
  ];
}

/**
 * The order of the columns the CSV has always had (readers may rely on it); columns of metric
 * registry rows not named here follow them, in registry order, before `checksum` and `reason`;
 * the workload metrics come last.
 */
const LAYOUT = [
  'scenario', 'python', 'params', 'mode', 'workers', 'status', 'runs',
  'wall_median_ns', 'wall_ci_low_ns', 'wall_ci_high_ns', 'speedup', 'speedup_ci_low', 'speedup_ci_high',
  'efficiency', 'efficiency_ci_low', 'efficiency_ci_high', 'suspect', 'wall_ci_exact', 'stop_reason', 'in_flight', 'cpus',
  'cpu_utilisation', 'max_rss_kb', 'setup_median_ns', 'work_median_ns', 'work_speedup', 'work_speedup_ci_low', 'work_speedup_ci_high',
  'stop_statistic', 'warm_values', 'warm_processes', 'warm_work_median_ns', 'warm_work_ci_low_ns', 'warm_work_ci_high_ns', 'warm_icc',
  'warm_speedup', 'warm_speedup_ci_low', 'warm_speedup_ci_high', 'recommendation',
];
const LAST = ['checksum', 'reason'];

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every workload metric in the document's summaries, in order of first appearance: one column each. */
function metricNames(document: ResultsDocument): string[] {
  return [...new Set(document.cells.flatMap((cell) => Object.keys(cell.summary?.metrics ?? {})))];
}

/** The CSV's columns for a document: the layout above, the registry's other columns, checksum and reason, then `metric_<name>` per workload metric. */
export function csvColumns(document: ResultsDocument): Column[] {
  const contexts = rowContexts(document);
  const registry: CsvColumn[] = (METRIC_ROWS as readonly MetricRow[]).flatMap((row) => row.csv);
  const recommendationOf = recommendationFor(document);
  const describing = describingColumns((scenario) => contexts(scenario).tasksParam, (cell) => cellVerdict(recommendationOf([cell]), cell));
  const byTitle = new Map<string, Column>([...registry, ...describing].map((column) => [column.title, column]));
  const placed = new Set([...LAYOUT, ...LAST]);
  const column = (title: string): Column => {
    const found = byTitle.get(title);
    if (found === undefined) throw new Error(`csv: no column ${title}`);
    return found;
  };
  return [
    ...LAYOUT.map(column),
    ...registry.filter((one) => !placed.has(one.title)),
    ...LAST.map(column),
    ...metricNames(document).flatMap((name) => workloadMetric(name).csv),
  ];
}

/**
 * One row per cell, machine-friendly, cold and warm figures both (warm ones empty with one value per process);
 * workload metrics (medians) last, as `metric_<name>`, empty where a cell has none.
 */
export const csvReporter: Reporter = (document) => {
  const columns = csvColumns(document);
  const rows = [columns.map((one) => csvField(one.title)).join(',')];
  for (const cell of document.cells) rows.push(columns.map((one) => csvField(one.value(cell))).join(','));
  return `${rows.join('\n')}\n`;
};
