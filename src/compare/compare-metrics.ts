/**
 * What `compare` can measure a change in: the metric registry's rows that have a `compare` name
 * (core/metrics.ts), read by the pairing, the verdict rule (which way is worse) and the reporters
 * (how to print a median).
 */
import { COMPARE_METRICS, metricRow, type CompareMetric, type MetricRow } from '../core/metrics.js';
import { metricSampleValues } from '../analysis/metric-values.js';
import type { Cell } from '../results/results-schema.js';
import { formatInUnit } from '../report/format-units.js';

export { COMPARE_METRICS, type CompareMetric };

/** How one metric is read from a cell's raw samples and shown. */
export interface MetricSpec {
  /** What the metric is, for help texts and reports. */
  readonly description: string;
  /** False for times and memory (a rise is a regression); true for speedup (a drop is). */
  readonly higherIsBetter: boolean;
  /** A median of the metric's sample values as a short figure. */
  readonly format: (value: number) => string;
  /** The registry row. */
  readonly row: MetricRow;
}

function spec(name: CompareMetric): MetricSpec {
  const row = metricRow(name);
  // Per-sample values are in the sample's unit (ns for times); ratios to sequential are ratios.
  const unit = row.vsSequential === undefined ? row.sample?.unit ?? row.unit : 'ratio';
  return { description: row.description, higherIsBetter: row.better === 'higher', format: (value) => formatInUnit(unit, value), row };
}

export const METRICS = Object.fromEntries(COMPARE_METRICS.map((name) => [name, spec(name)])) as Readonly<Record<CompareMetric, MetricSpec>>;

/**
 * The metric's values, one per sample of `cell` (analysis/metric-values.ts, `metricSampleValues`):
 * for speedup median(sequential wall) / each sample's wall. A reason instead when there is none.
 */
export function metricValues(metric: CompareMetric, cell: Cell, sequential: Cell | undefined): number[] | { reason: string } {
  return metricSampleValues(METRICS[metric].row, cell, sequential);
}
