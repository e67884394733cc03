/**
 * What `compare` can measure a change in: one row per metric, read by the pairing, the
 * verdict rule (which way is worse) and the reporters (how to print a median).
 */
import type { Cell, Sample } from '../results/results-schema.js';
import { median } from '../stats/descriptive.js';
import { formatDuration, formatKb, formatRatio } from '../report/format-units.js';

export const COMPARE_METRICS = ['wall', 'work', 'cpu', 'rss', 'speedup'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];

/** How one metric is read from a cell's raw samples and shown. */
export interface MetricSpec {
  /** What the metric is, for help texts and reports. */
  readonly description: string;
  /** False for times and memory (a rise is a regression); true for speedup (a drop is). */
  readonly higherIsBetter: boolean;
  /** A median of the metric as a short figure. */
  readonly format: (value: number) => string;
  /** The value of one sample; absent for speedup, which needs the group's sequential cell. */
  readonly ofSample?: (sample: Sample) => number;
}

export const METRICS: Readonly<Record<CompareMetric, MetricSpec>> = {
  wall: { description: 'wall time of a sample', higherIsBetter: false, format: formatDuration, ofSample: (s) => s.wallNs },
  work: { description: 'wall time of the measured work, without setup', higherIsBetter: false, format: formatDuration, ofSample: (s) => s.workNs },
  cpu: { description: 'user + system CPU time', higherIsBetter: false, format: formatDuration, ofSample: (s) => s.cpuUserNs + s.cpuSysNs },
  rss: { description: 'peak resident memory', higherIsBetter: false, format: formatKb, ofSample: (s) => s.maxRssKb },
  speedup: {
    description: "speedup over the group's own sequential cell, per document (cancels drift between runs)",
    higherIsBetter: true,
    format: formatRatio,
  },
};

/**
 * The metric's values, one per sample of `cell`. For speedup each sample's value is
 * median(sequential wall) / this sample's wall, so the values' median is the cell's
 * speedup (exactly for an odd count) and the rank test sees the cell's own noise; the
 * sequential median is taken as known. Returns a reason instead when there is no value.
 */
export function metricValues(metric: CompareMetric, cell: Cell, sequential: Cell | undefined): number[] | { reason: string } {
  if (cell.samples.length === 0) return { reason: 'no samples' };
  const ofSample = METRICS[metric].ofSample;
  if (ofSample !== undefined) return cell.samples.map(ofSample);
  if (sequential === undefined || sequential.status !== 'ok' || sequential.samples.length === 0) {
    return { reason: 'no ok sequential cell in its group to compute the speedup from' };
  }
  const sequentialWall = median(sequential.samples.map((sample) => sample.wallNs));
  return cell.samples.map((sample) => sequentialWall / sample.wallNs);
}
