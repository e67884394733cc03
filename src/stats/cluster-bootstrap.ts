/**
 * Intervals for values that come in clusters: K values per sample process, the first one cold
 * (it carries interpreter start-up and the pool's setup), the others warm. Values of one process
 * share its luck (the CPU it landed on, its memory layout, the neighbours of that second), so they
 * are not independent: treating nK values as nK independent draws gives an interval that is too
 * narrow whenever processes differ more than values within a process do. The process is the
 * independent unit.
 *
 * The method is the two-stage (hierarchical) cluster bootstrap: each resample draws n processes
 * with replacement from the n measured, then, within each drawn process, as many values as it has,
 * with replacement from its own; the statistic (the median of the pooled values, or a ratio of two
 * such medians) is computed on the pooled resample, and the interval is the percentile interval of
 * its resampled values. Davison & Hinkley, *Bootstrap Methods and their Application* (1997), §3.8
 * "Hierarchical data" (resampling at both stages); Saravanan, Berman & Sober, "Application of the
 * hierarchical bootstrap to multi-level data in neuroscience", NBDT 3 (2020). Resampling both stages
 * counts the within-process spread twice (it is already in the spread between process means), so the
 * interval errs on the wide side, the honest direction for a stop rule and a verdict.
 *
 * Two generators, one for each stage, so that the draws of processes do not depend on how many
 * values each holds: when every value of a process is equal, the interval is exactly the one that
 * one value per process gives (the tests check it).
 */
import type { Interval } from '../core/interval.js';
import { medianOfSorted, percentileOfSorted, requireNonEmpty } from './order-statistics.js';
import { mulberry32, randomIndex, type Random } from './random.js';
import type { SpeedupOptions } from './speedup.js';

/** Name of the method, carried into results so a reader knows what the interval is. */
export const CLUSTER_BOOTSTRAP_METHOD = 'two-stage cluster bootstrap (processes, then values within each), percentile interval';


/** Offset of the second stage's seed from the first's (the golden-ratio constant: unrelated streams). */
const VALUE_STREAM_OFFSET = 0x9e3779b9;

/** Clusters checked and copied into one flat buffer with their offsets. */
interface Clusters {
  readonly values: Float64Array;
  readonly starts: Uint32Array;
  readonly sizes: Uint32Array;
  readonly total: number;
}

function prepare(clusters: readonly (readonly number[])[], what: string): Clusters {
  requireNonEmpty(clusters as unknown as ArrayLike<number>, what);
  const sizes = Uint32Array.from(clusters.map((cluster) => cluster.length));
  if (sizes.some((size) => size === 0)) throw new RangeError(`${what}: every process needs at least one value`);
  const starts = new Uint32Array(clusters.length);
  let total = 0;
  clusters.forEach((cluster, index) => {
    starts[index] = total;
    total += cluster.length;
  });
  return { values: Float64Array.from(clusters.flat()), starts, sizes, total };
}

/** The two generators of one resampling scheme. */
interface Streams {
  readonly processes: Random;
  readonly values: Random;
}

function streams(seed: number): Streams {
  return { processes: mulberry32(seed), values: mulberry32(seed + VALUE_STREAM_OFFSET) };
}

/**
 * The median of one two-stage resample. The pooled resample has as many values as the processes
 * drawn hold, which differs from the original total when processes hold different numbers of values.
 */
function resampledMedian(clusters: Clusters, buffer: Float64Array, random: Streams): number {
  const n = clusters.sizes.length;
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const picked = randomIndex(random.processes, n);
    const size = clusters.sizes[picked] as number;
    const start = clusters.starts[picked] as number;
    for (let j = 0; j < size; j++) buffer[filled++] = clusters.values[start + randomIndex(random.values, size)] as number;
  }
  return medianOfSorted(buffer.subarray(0, filled).sort());
}

function checkOptions(level: number, resamples: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
}

function interval(value: number, draws: Float64Array, level: number): Interval {
  draws.sort();
  const tail = ((1 - level) / 2) * 100;
  return { value, ciLow: percentileOfSorted(draws, tail), ciHigh: percentileOfSorted(draws, 100 - tail) };
}

/** The largest pooled resample `clusters` can give: n times its largest process. */
function bufferFor(clusters: Clusters): Float64Array {
  return new Float64Array(clusters.sizes.length * Math.max(...clusters.sizes));
}

/**
 * Median of all values (each value weighs the same) with the two-stage cluster bootstrap's
 * percentile interval (default 95%, 2000 resamples, seed 1). `clusters[i]` holds the values of
 * process i. Deterministic for a seed.
 */
export function clusterBootstrapMedian(
  clusters: readonly (readonly number[])[],
  { level = 0.95, resamples = 2000, seed = 1 }: SpeedupOptions = {},
): Interval {
  checkOptions(level, resamples);
  const prepared = prepare(clusters, 'cluster bootstrap');
  const value = medianOfSorted(Float64Array.from(prepared.values).sort());
  const random = streams(seed);
  const buffer = bufferFor(prepared);
  const draws = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) draws[r] = resampledMedian(prepared, buffer, random);
  return interval(value, draws, level);
}

/**
 * median(baseline values) / median(values), each side resampled on its own by the two-stage cluster
 * bootstrap (the two come from independent processes): the warm counterpart of `speedup`.
 */
export function clusterBootstrapRatio(
  baselineClusters: readonly (readonly number[])[],
  clusters: readonly (readonly number[])[],
  { level = 0.95, resamples = 2000, seed = 1 }: SpeedupOptions = {},
): Interval {
  checkOptions(level, resamples);
  const baseline = prepare(baselineClusters, 'cluster bootstrap baseline');
  const variant = prepare(clusters, 'cluster bootstrap');
  const value = medianOfSorted(Float64Array.from(baseline.values).sort()) / medianOfSorted(Float64Array.from(variant.values).sort());
  const random = streams(seed);
  const baselineBuffer = bufferFor(baseline);
  const variantBuffer = bufferFor(variant);
  const draws = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    const b = resampledMedian(baseline, baselineBuffer, random);
    draws[r] = b / resampledMedian(variant, variantBuffer, random);
  }
  return interval(value, draws, level);
}

/**
 * The larger half-width of the cluster interval relative to the median (0.02: ±2%), for the stop
 * rule. Infinity below `minProcesses` processes: a percentile bootstrap of a handful of clusters is
 * too narrow to trust (it cannot see beyond the few processes it has), the same line the
 * order-statistic interval draws at 6 samples.
 */
export function relativeClusterHalfWidth(clusters: readonly (readonly number[])[], minProcesses: number, options: SpeedupOptions = {}): number {
  if (clusters.length < minProcesses) return Number.POSITIVE_INFINITY;
  const ci = clusterBootstrapMedian(clusters, options);
  if (ci.value === 0) return Number.POSITIVE_INFINITY;
  return Math.max(ci.value - ci.ciLow, ci.ciHigh - ci.value) / Math.abs(ci.value);
}
