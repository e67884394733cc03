import { concurrencyNote, type ConcurrencyAspects } from '../analysis/concurrency.js';
import { EXACT_SAMPLES, wallPrecision } from '../analysis/precision.js';
import { cellLabel } from '../core/cell-key.js';
import { metricRow, type MetricName } from '../core/metrics.js';
import { BASELINE_MODE } from '../core/modes.js';
import type { StopReason } from '../core/settings.js';
import type { Cell } from '../results/results-schema.js';
import type { ShowValues } from './reporter.js';
import { formatDuration, formatDurationInterval, formatKb, formatPercent, formatPercentInterval, formatRatioInterval, formatSignificant } from './format-units.js';

/** The text of each column of a cell's row, shared by the table and markdown reporters. */
export interface CellColumns {
  readonly mode: string;
  readonly workers: string;
  readonly wall: string;
  /** The median warm work time (runs 2..K of each process) with its cluster-bootstrap interval; '–' without warm values. */
  readonly warm: string;
  readonly speedup: string;
  /** The steady-state speedup: sequential's warm work over this cell's. */
  readonly warmSpeedup: string;
  /** The speedup of the work alone (setup left out). */
  readonly workSpeedup: string;
  /** The median setup (the pool's start-up). */
  readonly setup: string;
  readonly efficiency: string;
  readonly cpu: string;
  readonly rss: string;
  /** Every workload metric of the cell, by name; the scenario's `report.metrics` pick the columns. */
  readonly metrics: Readonly<Record<string, string>>;
  readonly status: string;
  /** Whether this row makes the optional columns worth their width (see MATERIAL_*). */
  readonly material: { readonly workSpeedup: boolean; readonly setup: boolean };
}

/** The columns every scenario's table may have (metric columns depend on the scenario). */
export type FixedColumn = Exclude<keyof CellColumns, 'metrics' | 'material'>;

/** The table's columns of metric registry rows: their titles are the rows'. */
const METRIC_COLUMNS = {
  wall: 'wall',
  warm: 'warmWork',
  speedup: 'speedup',
  warmSpeedup: 'warmSpeedup',
  workSpeedup: 'workSpeedup',
  setup: 'setup',
  efficiency: 'efficiency',
  cpu: 'cpuUtilisation',
  rss: 'rss',
} as const satisfies Partial<Record<FixedColumn, MetricName>>;
type MetricColumn = keyof typeof METRIC_COLUMNS;

export const COLUMN_TITLES: Readonly<Record<FixedColumn, string>> = {
  mode: 'mode',
  workers: 'w',
  ...(Object.fromEntries(Object.entries(METRIC_COLUMNS).map(([column, name]) => [column, metricRow(name).title])) as Record<MetricColumn, string>),
  status: 'status',
};

/** What a group's rows need to know of their scenario: which concurrency matters, its task parameter. */
export interface RowContext {
  readonly aspects?: ConcurrencyAspects;
  readonly tasksParam?: string | undefined;
}

/** Marks a wall interval that is min–max of too few samples, not a 95% interval. */
export const INEXACT_MARK = '*';

/**
 * Below this median wall time the CPU share is not shown: the CPU time read around so short a
 * stretch is mostly the cost of reading it (spawn-overhead's sequential cell: 20 µs at "200%").
 */
const MIN_WALL_NS_FOR_CPU = 1e6;

/** A work speedup this far from the wall speedup (either way) earns its column: start-up is a real share. */
const MATERIAL_SPEEDUP_RATIO = 1.15;
/** A setup of at least this share of the wall (and at least 1 ms) earns the setup column. */
const MATERIAL_SETUP_SHARE = 0.1;

function materialColumns(cell: Cell): CellColumns['material'] {
  const summary = cell.summary;
  if (cell.status !== 'ok' || summary === null || cell.key.mode === BASELINE_MODE) return { workSpeedup: false, setup: false };
  const wall = summary.speedup?.value;
  const work = summary.workSpeedup?.value;
  const apart = wall !== undefined && work !== undefined && wall > 0 && work > 0 && Math.max(work / wall, wall / work) >= MATERIAL_SPEEDUP_RATIO;
  const setup = summary.setupNs?.median ?? 0;
  return { workSpeedup: apart, setup: setup >= 1e6 && setup >= MATERIAL_SETUP_SHARE * summary.wallNs.median };
}

function workSpeedupText(cell: Cell, ok: boolean): string {
  const workSpeedup = ok ? cell.summary?.workSpeedup : null;
  if (workSpeedup === null || workSpeedup === undefined) return '–';
  return cell.key.mode === BASELINE_MODE ? '1' : formatRatioInterval(workSpeedup.value, workSpeedup.ciLow, workSpeedup.ciHigh);
}

function formatMetrics(metrics: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(metrics).map(([name, value]) => [name, formatSignificant(value)]));
}

function wallText(cell: Cell, mark: boolean): string {
  const wall = cell.summary?.wallNs;
  if (wall === undefined) return '–';
  const precision = wallPrecision(cell);
  return `${formatDurationInterval(wall.median, wall.ciLow, wall.ciHigh).text}${mark && precision?.exact === false ? INEXACT_MARK : ''}`;
}

function warmText(cell: Cell): string {
  const warm = cell.summary?.warmWorkNs;
  if (warm === undefined) return '–';
  return `${formatDurationInterval(warm.median, warm.ciLow, warm.ciHigh).text}${warm.processes < EXACT_SAMPLES ? INEXACT_MARK : ''}`;
}

function warmSpeedupText(cell: Cell): string {
  const warm = cell.summary?.warmSpeedup;
  if (warm === null || warm === undefined) return '–';
  return cell.key.mode === BASELINE_MODE ? '1 (baseline)' : formatRatioInterval(warm.value, warm.ciLow, warm.ciHigh);
}

function efficiencyText(cell: Cell): string {
  const efficiency = cell.summary?.efficiency;
  if (efficiency === null || efficiency === undefined) return '–';
  // A suspect cell shows the estimate that made it suspect; above 100% otherwise is "at the ideal within noise", never a win.
  if (cell.summary?.suspect === true) return formatPercent(efficiency.value);
  return efficiency.value > 1 ? '≈100%' : formatPercent(efficiency.value);
}

/**
 * Formats one cell; `note` is the footnote marker for its status, if any. `markInexact` puts the
 * `*` on a min–max wall interval (off when the whole table's title carries it).
 */
export function cellColumns(cell: Cell, note = '', context: RowContext = {}, markInexact = true): CellColumns {
  const summary = cell.summary;
  const ok = cell.status === 'ok' && summary !== null;
  const speedup = ok ? summary.speedup : null;
  let status: string = cell.status;
  if (ok && summary.suspect === true) status = 'SUSPECT';
  else if (cell.status === 'failed' || cell.status === 'timeout') status = cell.status.toUpperCase();
  const concurrency = concurrencyNote(cell.key, context.aspects ?? { io: false, cpu: false }, context.tasksParam);
  return {
    mode: modeText(cell),
    workers: cell.key.mode === BASELINE_MODE || cell.status === 'unsupported' ? '–' : `${cell.key.workers}${concurrency === '' ? '' : ` (${concurrency})`}`,
    wall: ok ? wallText(cell, markInexact) : '–',
    warm: ok ? warmText(cell) : '–',
    warmSpeedup: ok ? warmSpeedupText(cell) : '–',
    speedup:
      speedup === null || speedup === undefined
        ? '–'
        : cell.key.mode === BASELINE_MODE
          ? '1 (baseline)'
          : formatRatioInterval(speedup.value, speedup.ciLow, speedup.ciHigh),
    workSpeedup: workSpeedupText(cell, ok),
    setup: ok && summary.setupNs !== undefined ? formatDuration(summary.setupNs.median) : '–',
    efficiency: ok ? efficiencyText(cell) : '–',
    cpu:
      ok && summary.cpuUtilisation !== null && summary.cpuUtilisation !== undefined && summary.wallNs.median >= MIN_WALL_NS_FOR_CPU
        ? formatPercent(summary.cpuUtilisation)
        : '–',
    rss: ok && summary.maxRssKb !== null && summary.maxRssKb !== undefined ? formatKb(summary.maxRssKb) : '–',
    metrics: ok ? formatMetrics(summary.metrics ?? {}) : {},
    status: `${status}${note}`,
    material: materialColumns(cell),
  };
}

/** The mode, with `chunks of N` where --chunksize or a parameter set the pool's chunk size (auto says nothing). */
function modeText(cell: Cell): string {
  return cell.chunksizeSet === true && typeof cell.chunksize === 'number' ? `${cell.key.mode} (chunks of ${cell.chunksize})` : cell.key.mode;
}

/** The plain-words reason a suspect cell is not a fast mode. */
function suspectNote(cell: Cell): string {
  const efficiency = cell.summary?.efficiency;
  const interval = efficiency === null || efficiency === undefined ? '' : ` (ideal ${formatPercentInterval(efficiency.value, efficiency.ciLow, efficiency.ciHigh)})`;
  return `${cellLabel(cell.key)}: faster than the ideal allows${interval}, which no mode can be: the baseline or these samples were disturbed (other load, a slow first round), not a fast mode; rerun on a quieter machine`;
}

/** The footnote for a cell that is not a plain ok, or null. */
export function cellNote(cell: Cell): string | null {
  if (cell.status === 'ok' && cell.summary?.suspect === true) return suspectNote(cell);
  if (cell.status === 'ok' || cell.reason === null) return null;
  const who = cell.key.mode === BASELINE_MODE || cell.status === 'unsupported' ? cell.key.mode : cellLabel(cell.key);
  return `${who}: ${cell.reason}`;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** The line under a table that explains the `*` mark, with the real coverage of min–max. */
function inexactLegend(cells: readonly Cell[]): string | null {
  const sizes = [...new Set(cells.flatMap((cell) => {
    const precision = cell.status === 'ok' ? wallPrecision(cell) : null;
    return precision === null || precision.exact ? [] : [precision]
  }).map((precision) => `${percent(precision.coverage)} (${precision.n} sample${precision.n === 1 ? '' : 's'})`))];
  if (sizes.length === 0) return null;
  return `${INEXACT_MARK} fewer than ${EXACT_SAMPLES} samples: the interval is min–max, covering the median ~${sizes.join(', ~')}, not 95%`;
}

/** How the legend says each stop reason: every reason of core/ has its words (a new one is a compile error here until it does). */
const STOP_WORDS: Readonly<Record<StopReason, string>> = {
  precision: 'precision reached',
  'max-time': 'time budget spent',
  'max-runs': 'max runs',
  settled: 'A/B pair settled',
};

/** A cell that stopped on its warm interval says so: its wall interval may be wider than the target. */
const WARM_PRECISION_WORDS = 'warm work precision reached';

/**
 * Why each ok cell stopped sampling, one clause a reason, so every cell's reason can be read off:
 * the commonest reason covers "all N cells" or "the other N", the rarer ones name their cells
 * (`sampling stopped: precision reached (asyncio w=4, 9 runs); time budget spent (the other 10, 5–7 runs)`).
 */
function samplingLegend(cells: readonly Cell[]): string | null {
  const byReason = new Map<string, Cell[]>();
  for (const cell of cells) {
    if (cell.status !== 'ok' || cell.stopReason === null || cell.stopReason === undefined) continue;
    const words = cell.stopReason === 'precision' && cell.stopStatistic === 'warm-work' ? WARM_PRECISION_WORDS : STOP_WORDS[cell.stopReason];
    byReason.set(words, [...(byReason.get(words) ?? []), cell]);
  }
  if (byReason.size === 0) return null;
  const groups = [...byReason.entries()].sort((a, b) => a[1].length - b[1].length);
  const clauses = groups.map(([words, group], index) => {
    const runs = group.map((cell) => cell.samples.length);
    const [low, high] = [Math.min(...runs), Math.max(...runs)];
    const count = low === high ? `${low} run${low === 1 ? '' : 's'}` : `${low}–${high} runs`;
    const commonest = index === groups.length - 1;
    const who = commonest && group.length > 1
      ? (groups.length === 1 ? `all ${group.length} cells` : `the other ${group.length}`)
      : group.map((cell) => cellLabel(cell.key)).join(', ');
    return `${words} (${who}, ${count})`;
  });
  return `sampling stopped: ${clauses.join('; ')}`;
}

/** Values per process of the cells' warm summaries, as the legend names them (`K = 3`, or `K = 2–4`). */
function valuesPerProcess(cells: readonly Cell[]): string {
  const ks = cells.flatMap((cell) => {
    const warm = cell.summary?.warmWorkNs;
    return warm === undefined ? [] : [Math.round(warm.n / warm.processes) + 1];
  });
  const [low, high] = [Math.min(...ks), Math.max(...ks)];
  return low === high ? `K = ${low}` : `K = ${low}–${high}`;
}

/** The line under a table that says what the warm figures are, or null when none is shown. */
function warmLegend(cells: readonly Cell[], show: ShowValues): string | null {
  const warm = cells.filter((cell) => cell.status === 'ok' && cell.summary?.warmWorkNs !== undefined);
  if (warm.length === 0 || show === 'cold') return null;
  const few = warm.some((cell) => (cell.summary?.warmWorkNs?.processes ?? 0) < EXACT_SAMPLES) ? `; ${INEXACT_MARK} fewer than ${EXACT_SAMPLES} processes, too few to trust` : '';
  return `warm: runs 2..K of the tasks in each sample process (${valuesPerProcess(warm)}), after its pool is up; 95% CI by a cluster bootstrap over processes${few}`;
}

/** Whether a group's table shows warm values in place of cold (`warm`), beside them (`auto`), or not at all. */
export function warmView(cells: readonly Cell[], show: ShowValues): 'none' | 'beside' | 'instead' {
  if (show === 'cold' || !cells.some((cell) => cell.status === 'ok' && cell.summary?.warmWorkNs !== undefined)) return 'none';
  return show === 'warm' ? 'instead' : 'beside';
}

/**
 * A group's rows, in cell order, with footnote markers numbered as the footnotes below the table,
 * and the legend lines (the `*` mark, why sampling stopped, what warm means) that explain the table as a whole.
 */
export function groupRows(cells: readonly Cell[], context: RowContext = {}, show: ShowValues = 'auto'): GroupRows {
  const notes: string[] = [];
  // When every interval of the table is min–max (a default run's 5 samples), the title carries the mark once.
  const precisions = cells.filter((cell) => cell.status === 'ok').map((cell) => wallPrecision(cell));
  const allInexact = precisions.length > 0 && precisions.every((precision) => precision !== null && !precision.exact);
  const rows = cells.map((cell) => {
    const note = cellNote(cell);
    if (note !== null) notes.push(note);
    return cellColumns(cell, note === null ? '' : ` [${notes.length}]`, context, !allInexact);
  });
  const legend = [warmView(cells, show) === 'instead' ? null : inexactLegend(cells), warmLegend(cells, show), samplingLegend(cells)].filter((line): line is string => line !== null);
  return { rows, notes, legend, titles: allInexact ? { wall: `${COLUMN_TITLES.wall}${INEXACT_MARK}` } : {} };
}

/** A group's rows and what goes around them. */
export interface GroupRows {
  readonly rows: CellColumns[];
  /** Numbered footnotes, as the rows' markers refer to them. */
  readonly notes: string[];
  /** Lines that explain the table as a whole (the `*` mark, why sampling stopped). */
  readonly legend: string[];
  /** Column titles that differ from COLUMN_TITLES for this table. */
  readonly titles: Partial<Record<FixedColumn, string>>;
}
