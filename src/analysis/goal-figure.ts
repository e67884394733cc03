/**
 * The one place the recommendation looks up the figure a scenario's goal names: its per-sample
 * values, median and 95% interval, its name in words and its unit, all from the metric registry
 * (core/metrics.ts, analysis/metric-values.ts).
 */
import type { Goal } from '../catalogue/scenario-schema.js';
import { findMetric } from '../core/metrics.js';
import type { Cell, Interval } from '../results/results-schema.js';
import { metricSamples } from './metric-values.js';
import { medianConfidenceInterval } from '../stats/median-ci.js';

/** A cell's figure by a goal: the median with its 95% interval, and the per-sample values behind them. */
export interface FigureValue extends Interval {
  /** One value per sample (cold: each sample process's first run), all finite and positive. */
  readonly samples: readonly number[];
}

/**
 * The figure of an ok cell by `goal`, or null when the cell did not finish or has no sample with
 * it: the registry's per-sample values (core/metrics.ts, metricSamples), positive ones only, with
 * the median's order-statistic interval.
 */
export function goalFigure(cell: Cell, goal: Goal): FigureValue | null {
  if (cell.status !== 'ok') return null;
  const samples = (metricSamples(cell, goal.metric) ?? []).filter((value) => value > 0);
  if (samples.length === 0) return null;
  const ci = medianConfidenceInterval(samples);
  return { value: ci.value, ciLow: ci.ciLow, ciHigh: ci.ciHigh, samples };
}

/** How a goal's figure is named in the recommendation's words: `wall time`, `task p99`, `items_per_s`. */
export function goalLabel(goal: Goal): string {
  return findMetric(goal.metric)?.label ?? goal.metric;
}

/** The unit of a goal's figure as goalFigure gives it: `ms` for times, '' for a workload metric (its name says it). */
export function goalUnit(goal: Goal): string {
  const unit = findMetric(goal.metric)?.unit;
  return unit === undefined || unit === 'named' || unit === 'ratio' || unit === 'fraction' ? '' : unit;
}
