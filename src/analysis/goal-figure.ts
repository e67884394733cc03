/**
 * The one place the recommendation looks up the figure a scenario's goal names: its per-sample
 * values, median and 95% interval, and which way is better. A metric registry that knows every
 * figure by name replaces this file with one edit (`goalFigure` and `goalLabel`).
 */
import type { Goal } from '../catalogue/scenario-schema.js';
import type { Cell, Interval, Sample } from '../results/results-schema.js';
import { median } from '../stats/descriptive.js';
import { medianConfidenceInterval } from '../stats/median-ci.js';

/** A cell's figure by a goal: the median with its 95% interval, and the per-sample values behind them. */
export interface FigureValue extends Interval {
  /** One value per sample (cold: each sample process's first run), all finite and positive. */
  readonly samples: readonly number[];
}

/** The goal's value in one sample (ms for times, the workload's own unit for its metrics), or undefined. */
function sampleValue(sample: Sample, metric: Goal['metric']): number | null | undefined {
  if (metric === 'wallMs') return sample.wallNs / 1e6;
  if (metric === 'latencyP99Ms') return typeof sample.latencyP99Ns === 'number' ? sample.latencyP99Ns / 1e6 : undefined;
  return sample.metrics?.[metric.slice('metric:'.length)];
}

/**
 * The figure of an ok cell by `goal`, or null when the cell did not finish or has no sample with
 * it. Ratios of two cells' figures are what the recommendation compares, so only positive finite
 * values count (a time, a latency, a rate): a sample without the figure, or with 0, is left out.
 * The interval is the binomial order-statistic interval of the median (stats/median-ci.ts), as
 * the tables print for wall time.
 */
export function goalFigure(cell: Cell, goal: Goal): FigureValue | null {
  if (cell.status !== 'ok') return null;
  const samples = cell.samples
    .map((sample) => sampleValue(sample, goal.metric))
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0);
  if (samples.length === 0) return null;
  const ci = medianConfidenceInterval(samples);
  return { value: median(samples), ciLow: ci.low, ciHigh: ci.high, samples };
}

/** How a goal's figure is named in the recommendation's words: `wall time`, `task p99`, `items_per_s`. */
export function goalLabel(goal: Goal): string {
  if (goal.metric === 'wallMs') return 'wall time';
  if (goal.metric === 'latencyP99Ms') return 'task p99';
  return goal.metric.slice('metric:'.length);
}

/** The unit of a goal's figure as goalFigure gives it: `ms` for times, '' for a workload metric (its name says it). */
export function goalUnit(goal: Goal): string {
  return goal.metric === 'wallMs' || goal.metric === 'latencyP99Ms' ? 'ms' : '';
}
