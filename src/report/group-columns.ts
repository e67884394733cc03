import { concurrencyAspects } from '../analysis/concurrency.js';
import { workloadMetric } from '../core/metrics.js';
import type { ReportSettingsRecord, ResultsDocument } from '../results/results-schema.js';
import { COLUMN_TITLES, type CellColumns, type FixedColumn, type RowContext } from './cell-columns.js';

/** One column of a group's table: its title, its alignment and its text in a row. */
export interface TableColumn {
  readonly id: FixedColumn | `metric:${string}`;
  readonly title: string;
  readonly align: 'left' | 'right';
  readonly text: (row: CellColumns) => string;
}

/** Documents written before scenario files had `report:` get the tables they had then. */
const PLAIN_REPORT: ReportSettingsRecord = { metrics: [], speedup: true };

/** Looks up each scenario's `report:` settings in the document (plain tables for scenarios it does not record). */
export function reportSettings(document: Pick<ResultsDocument, 'scenarios'>): (scenario: string) => ReportSettingsRecord {
  const byName = new Map((document.scenarios ?? []).map((record) => [record.name, record.report ?? PLAIN_REPORT]));
  return (scenario) => byName.get(scenario) ?? PLAIN_REPORT;
}

/** Looks up what each scenario's rows need to know (its kind of work, its task parameter) in the document. */
export function rowContexts(document: Pick<ResultsDocument, 'scenarios'>): (scenario: string) => RowContext {
  const byName = new Map((document.scenarios ?? []).map((record) => [record.name, {
    aspects: concurrencyAspects(record),
    tasksParam: record.ideal?.model === 'io' ? record.ideal.tasks : undefined,
  }]));
  return (scenario) => byName.get(scenario) ?? {};
}

function fixed(id: FixedColumn, titles: Partial<Record<FixedColumn, string>>, align: TableColumn['align'] = 'right'): TableColumn {
  return { id, title: titles[id] ?? COLUMN_TITLES[id], align, text: (row) => row[id] };
}

function metricColumn(name: string): TableColumn {
  return { id: `metric:${name}`, title: workloadMetric(name).title, align: 'right', text: (row) => row.metrics[name] ?? '–' };
}

/**
 * The columns of one group's table, shared by the table and markdown reporters: speedup unless
 * the scenario turns it off, then the work speedup and the setup only where some row's start-up is
 * a material share (a slow-starting pool: "starts slowly, runs in parallel" in one table), ideal
 * only where some row has one, the scenario's metrics after RSS. `warm` (warmView) puts the warm
 * work time beside the wall, or the warm work time and warm speedup in place of the cold ones.
 */
export function groupColumns(
  rows: readonly CellColumns[],
  report: ReportSettingsRecord,
  titles: Partial<Record<FixedColumn, string>> = {},
  warm: 'none' | 'beside' | 'instead' = 'none',
): TableColumn[] {
  // Warm instead of cold: the warm work time and the steady-state speedup take the wall's and the speedup's places.
  if (warm === 'instead') {
    const columns = [fixed('mode', titles, 'left'), fixed('workers', titles), fixed('warm', titles)];
    if (report.speedup) columns.push(fixed('warmSpeedup', titles));
    // The ideal and the CPU share are read off the first (cold) run: not shown among warm figures.
    return [...columns, ...tail(rows, report, titles, false)];
  }
  const columns = [fixed('mode', titles, 'left'), fixed('workers', titles), fixed('wall', titles)];
  if (warm === 'beside') columns.push(fixed('warm', titles));
  if (report.speedup) columns.push(fixed('speedup', titles));
  if (report.speedup && rows.some((row) => row.material.workSpeedup)) columns.push(fixed('workSpeedup', titles));
  return [...columns, ...tail(rows, report, titles)];
}

/** The columns after the times and speedups: setup where material, ideal where any row has one, CPU (cold views), RSS, metrics, status. */
function tail(rows: readonly CellColumns[], report: ReportSettingsRecord, titles: Partial<Record<FixedColumn, string>>, cold = true): TableColumn[] {
  const columns: TableColumn[] = [];
  if (rows.some((row) => row.material.setup)) columns.push(fixed('setup', titles));
  // Without an ideal model every row says '–': the column would only take width.
  if (cold && rows.some((row) => row.efficiency !== '–')) columns.push(fixed('efficiency', titles));
  if (cold) columns.push(fixed('cpu', titles));
  columns.push(fixed('rss', titles), ...report.metrics.map(metricColumn), fixed('status', titles, 'left'));
  return columns;
}
