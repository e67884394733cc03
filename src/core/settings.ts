/** The small value types that every layer shares: flags, options, plans and documents all speak them. */

export const OUTPUT_FORMATS = ['table', 'json', 'markdown', 'csv', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const START_METHODS = ['fork', 'spawn', 'forkserver'] as const;
export type StartMethod = (typeof START_METHODS)[number];

/** A scenario parameter's value. */
export type ParamValue = number | string;

/** A worker count as a scenario or a flag gives it: a number, or `auto` (the usable CPUs). */
export type WorkerCount = number | 'auto';

/** How many samples a cell takes (adaptive stopping). */
export interface SamplingSettings {
  readonly minRuns: number;
  readonly maxRuns: number;
  readonly warmup: number;
  /** Target relative half-width of the median's 95% CI (0.03 = ±3%). */
  readonly precision: number;
  readonly maxTimeS: number;
  readonly timeoutS: number;
  /** Values per sample process (`--values-per-process`): the tasks run K times in one process; absent is 1. */
  readonly valuesPerProcess?: number;
}

/** Why a cell stopped sampling; `settled`: in an A/B run, its pair's ratio interval cleared the threshold band one way or the other. */
export const STOP_REASONS = ['max-runs', 'precision', 'max-time', 'settled'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** Which interval the precision target judged: the whole sample's wall time, or the warm work time (K > 1 values per process). */
export const STOP_STATISTICS = ['wall', 'warm-work'] as const;
export type StopStatistic = (typeof STOP_STATISTICS)[number];
