import type { Cell } from '../results/results-schema.js';
import { formatDuration, formatKb, formatPercent, formatRatio, formatSignificant } from './format-units.js';

/** The text of each column of a cell's row, shared by the table and markdown reporters. */
export interface CellColumns {
  readonly mode: string;
  readonly workers: string;
  readonly wall: string;
  readonly speedup: string;
  readonly efficiency: string;
  readonly cpu: string;
  readonly rss: string;
  /** Every workload metric of the cell, by name; the scenario's `report.metrics` pick the columns. */
  readonly metrics: Readonly<Record<string, string>>;
  readonly status: string;
}

/** The columns every scenario's table may have (metric columns depend on the scenario). */
export type FixedColumn = Exclude<keyof CellColumns, 'metrics'>;

export const COLUMN_TITLES: Readonly<Record<FixedColumn, string>> = {
  mode: 'mode',
  workers: 'w',
  wall: 'wall ±CI',
  speedup: 'speedup, 95% CI',
  efficiency: 'ideal',
  cpu: 'CPU',
  rss: 'RSS',
  status: 'status',
};

/** A confidence bound with two significant figures: the interval's width needs no more. */
function formatBound(value: number): string {
  return Number.isFinite(value) ? (value >= 100 ? value.toFixed(0) : value.toPrecision(2)) : '–';
}

/**
 * Below this median wall time the CPU share is not shown: the CPU time read around so short a
 * stretch is mostly the cost of reading it (spawn-overhead's sequential cell: 20 µs at "200%").
 */
const MIN_WALL_NS_FOR_CPU = 1e6;

/** Relative half-width of the median's CI, as ±x%. */
function spread(cell: Cell): string {
  const wall = cell.summary?.wallNs;
  if (wall === undefined || wall.median <= 0) return '';
  const half = Math.max(wall.median - wall.ciLow, wall.ciHigh - wall.median) / wall.median;
  return ` ±${(half * 100).toFixed(half < 0.1 ? 1 : 0)}%`;
}

function formatMetrics(metrics: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(metrics).map(([name, value]) => [name, formatSignificant(value)]));
}

/** Formats one cell; `note` is the footnote marker for its status, if any. */
export function cellColumns(cell: Cell, note = ''): CellColumns {
  const summary = cell.summary;
  const ok = cell.status === 'ok' && summary !== null;
  const speedup = ok ? summary.speedup : null;
  const efficiency = ok ? summary.efficiency : null;
  let status: string = cell.status;
  if (ok && summary.suspect === true) status = 'SUSPECT';
  else if (cell.status === 'failed' || cell.status === 'timeout') status = cell.status.toUpperCase();
  return {
    mode: cell.key.mode,
    workers: cell.key.mode === 'sequential' || cell.status === 'unsupported' ? '–' : String(cell.key.workers),
    wall: ok ? `${formatDuration(summary.wallNs.median)}${spread(cell)}` : '–',
    speedup:
      speedup === null || speedup === undefined
        ? '–'
        : cell.key.mode === 'sequential'
          ? '1 (baseline)'
          : `${formatRatio(speedup.value)} (${formatBound(speedup.ciLow)}–${formatBound(speedup.ciHigh)})`,
    // Above 100% without being suspect means "at the ideal within noise": never show it as a win.
    efficiency: efficiency === null || efficiency === undefined ? '–' : efficiency.value > 1 && summary?.suspect !== true ? '≈100%' : formatPercent(efficiency.value),
    cpu:
      ok && summary.cpuUtilisation !== null && summary.cpuUtilisation !== undefined && summary.wallNs.median >= MIN_WALL_NS_FOR_CPU
        ? formatPercent(summary.cpuUtilisation)
        : '–',
    rss: ok && summary.maxRssKb !== null && summary.maxRssKb !== undefined ? formatKb(summary.maxRssKb) : '–',
    metrics: ok ? formatMetrics(summary.metrics ?? {}) : {},
    status: `${status}${note}`,
  };
}

/** The footnote for a cell that is not a plain ok, or null. */
export function cellNote(cell: Cell): string | null {
  if (cell.status === 'ok' && cell.summary?.suspect === true) {
    return `${cell.key.mode} w=${cell.key.workers}: faster than the ideal allows; check the scenario's model or the measurement`;
  }
  if (cell.status === 'ok' || cell.reason === null) return null;
  const who = cell.key.mode === 'sequential' || cell.status === 'unsupported' ? cell.key.mode : `${cell.key.mode} w=${cell.key.workers}`;
  return `${who}: ${cell.reason}`;
}

/** A group's rows, in cell order, with footnote markers numbered as the footnotes below the table. */
export function groupRows(cells: readonly Cell[]): { rows: CellColumns[]; notes: string[] } {
  const notes: string[] = [];
  const rows = cells.map((cell) => {
    const note = cellNote(cell);
    if (note !== null) notes.push(note);
    return cellColumns(cell, note === null ? '' : ` [${notes.length}]`);
  });
  return { rows, notes };
}
