import { cellLabel, formatParams } from '../core/cell-key.js';
import type { StopReason, StopStatistic } from '../core/settings.js';
import type { PlannedCell } from '../plan/planner.js';
import type { Cell, CellStatus, Sample } from '../results/results-schema.js';

/** A cell while it samples. */
export interface LiveCell {
  readonly planned: PlannedCell;
  readonly samples: Sample[];
  readonly warmups: Sample[];
  checksum: string | null;
  status: CellStatus | null;
  reason: string | null;
  stderrTail?: string;
  /** The chunk size the harness used (null: the mode hands no tasks to a pool), from its first ok sample. */
  chunksize?: number | null;
  /** Real time its samples took so far (interpreter start-up included). */
  elapsedNs: number;
  stop: StopReason | null;
  /** The statistic the stop rule judged (set when the cell finishes sampling). */
  stopStatistic?: StopStatistic;
}

export function newLiveCell(planned: PlannedCell): LiveCell {
  return {
    planned,
    samples: [],
    warmups: [],
    checksum: null,
    status: planned.unsupportedReason === null ? null : 'unsupported',
    reason: planned.unsupportedReason,
    elapsedNs: 0,
    stop: null,
  };
}

/** The cell as the results document stores it, before any summary. */
export function finishedCell(live: LiveCell): Cell {
  const cell: Cell = {
    id: live.planned.id,
    key: live.planned.key,
    status: live.status ?? 'skipped',
    reason: live.reason,
    checksum: live.checksum,
    samples: live.samples,
    warmups: live.warmups,
    summary: null,
    stopReason: live.stop,
  };
  if (live.stderrTail !== undefined) cell.stderrTail = live.stderrTail;
  if (live.stopStatistic !== undefined) cell.stopStatistic = live.stopStatistic;
  if (live.chunksize !== undefined) cell.chunksize = live.chunksize;
  if (typeof live.chunksize === 'number' && live.planned.chunksize !== undefined && live.planned.chunksize !== 'auto') cell.chunksizeSet = true;
  if (live.planned.baselineCopy === true) cell.baselineCopy = true;
  return cell;
}

/** How progress lines name a cell: `threading w=4 tasks=8 [candidate]`. */
export function describeCell(cell: PlannedCell, withPython = false): string {
  const params = formatParams(cell.key.params);
  const python = withPython ? ` @${cell.key.python}` : '';
  return `${cellLabel(cell.key)}${params === '' ? '' : ` ${params}`}${python}${cell.key.variant === undefined ? '' : ` [${cell.key.variant}]`}`;
}
