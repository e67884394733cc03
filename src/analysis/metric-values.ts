/**
 * The metric registry's rows evaluated on cells (`core/metrics.ts` holds the rows; what needs
 * statistics is here): a cell's figure with its 95% interval, by any name of the quantity, and the
 * per-sample values `compare` tests.
 */
import { scaleInterval, type Interval } from '../core/interval.js';
import type { Sample } from '../core/measurements.js';
import { findMetric, type MeasuredCell, type MetricRow } from '../core/metrics.js';
import { median } from '../stats/descriptive.js';
import { medianConfidenceInterval } from '../stats/median-ci.js';

/** The finite values of a sample quantity, one per sample that has one. */
function finiteValues(samples: readonly Sample[], of: (sample: Sample) => number | null | undefined): number[] {
  return samples.map(of).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
}

/** The median of the values and its order-statistic interval (min–max below 6 values), scaled; null without values. */
function samplesInterval(values: readonly number[], scale: number): Interval | null {
  if (values.length === 0) return null;
  const ci = medianConfidenceInterval(values);
  return scaleInterval({ value: ci.value, ciLow: ci.ciLow, ciHigh: ci.ciHigh }, scale);
}

/** A row's figure for one cell, in the row's unit (see {@link metricInterval}). */
export function rowInterval(cell: MeasuredCell, row: MetricRow): Interval | null {
  const summary = cell.summary;
  if (summary === null) return null;
  const kind = row.summary;
  switch (kind.as) {
    case 'stats':
    case 'warm-stats': {
      const stats = summary[kind.field];
      return stats === undefined ? null : scaleInterval({ value: stats.median, ciLow: stats.ciLow, ciHigh: stats.ciHigh }, row.scale);
    }
    case 'interval':
      return summary[kind.field] ?? null;
    case 'median':
    case 'workload':
      return row.sample === undefined ? null : samplesInterval(finiteValues(cell.samples, row.sample.of), row.scale);
  }
}

/**
 * A cell's figure of a metric with its 95% interval, in the row's unit (`findMetric(name).unit`:
 * ms for times, a ratio for speedups, the workload's own unit for `metric:<name>`); null when the
 * name is unknown or the cell has no such figure (no summary, no sequential cell to a speedup, no
 * warm values, a metric its workload does not report). `name` is any name of the quantity: a claim's
 * (`wallMs`, `latencyP99Ms`, `metric:items_per_s`), `compare`'s (`wall`) or the registry's
 * (`latencyP99`). Whether higher or lower is better is `findMetric(name).better`.
 *
 * Intervals: the median's binomial order-statistic interval for sample quantities, the bootstrap
 * intervals the summaries hold for speedups and the ideal, the cluster bootstrap for warm work.
 */
export function metricInterval(cell: MeasuredCell, name: string): Interval | null {
  const row = findMetric(name);
  return row === undefined ? null : rowInterval(cell, row);
}

/**
 * The per-sample values of a sample quantity in the row's unit (ms for times, the workload's own
 * for `metric:<name>`), one per sample that has a finite one; null for an unknown name or a figure
 * of a whole cell (a speedup, the ideal, warm work). What a ranking by ratios of medians resamples.
 */
export function metricSamples(cell: MeasuredCell, name: string): number[] | null {
  const row = findMetric(name);
  if (row?.sample === undefined) return null;
  return finiteValues(cell.samples, row.sample.of).map((value) => value * row.scale);
}

/**
 * The values `compare` tests for a row, one per sample of `cell`, in the row's sample unit (ns for
 * times). For a ratio to sequential (speedup) each sample's value is median(sequential's) / its
 * own, so the values' median is the cell's figure (exactly for an odd count) and the rank test sees
 * the cell's own noise; the sequential median is taken as known. A reason instead when there is none.
 */
export function metricSampleValues(
  row: MetricRow,
  cell: MeasuredCell,
  sequential: (MeasuredCell & { readonly status: string }) | undefined,
): number[] | { reason: string } {
  if (cell.samples.length === 0) return { reason: 'no samples' };
  if (row.vsSequential !== undefined) {
    const of = row.vsSequential;
    if (sequential === undefined || sequential.status !== 'ok' || sequential.samples.length === 0) {
      return { reason: `no ok sequential cell in its group to compute the ${row.name} from` };
    }
    const base = median(sequential.samples.map(of));
    return cell.samples.map((sample) => base / of(sample));
  }
  const of = row.sample?.of;
  if (of === undefined) return { reason: `${row.name} has no value per sample` };
  const values = cell.samples.map(of);
  return values.every((value): value is number => typeof value === 'number' && Number.isFinite(value))
    ? values
    : { reason: `not every sample has a ${row.title}` };
}

/** The samples' median of a row's sample quantity, for the summaries; null when no sample has one. */
export function sampleMedian(samples: readonly Sample[], of: (sample: Sample) => number | null | undefined): number | null {
  const values = finiteValues(samples, of);
  return values.length === 0 ? null : median(values);
}
