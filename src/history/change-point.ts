/**
 * Change-point detection over one cell's series of run medians: a penalised least-squares step
 * fit (the Potts model asv fits, here solved exactly by optimal partitioning: Jackson et al., "An
 * algorithm for optimal partitioning of data on an interval", IEEE Signal Processing Letters 12,
 * 2005), on the log of each run's median so that a step is a ratio.
 *
 * Noise: each run's log median is weighted by the inverse square of its standard error,
 * 1.2533 · s / √n for a median (s the MAD-scaled spread of the run's own log samples), floored at
 * the cell's typical error. Runs scatter more than their samples say (the machine drifts between
 * runs), so the fit is repeated with every variance scaled by the dispersion left within the
 * levels (χ² per degree of freedom, at least 1), as in a quasi-likelihood fit. The cost is then a
 * χ² in units of the noise, and the penalty needs no scale of its own.
 *
 * Every level holds at least MIN_LEVEL_RUNS runs. Penalty: PENALTY_PER_LOG_RUN · ln(n) per step: the Schwarz criterion's ln n, made stricter so a
 * flat series shows a false step rarely (bench/RESULTS.md, "Change-point detection", measures both rates). A
 * step's size is the ratio of the weighted mean levels on either side, with a 95% interval from
 * their standard errors.
 */
import type { Interval } from '../core/interval.js';
import { MAD_NORMAL_SCALE, median } from '../stats/descriptive.js';

/** One run's observation of a cell: its samples' wall times (ns). */
export interface SeriesRun {
  readonly samples: readonly number[];
}

/** Stricter than the Schwarz criterion (2 ln n for a mean shift of known variance): see the module comment. */
export const PENALTY_PER_LOG_RUN = 4;

/** Runs a level holds at least: one odd run is an outlier, not a step, so a step shows from its second run on. */
export const MIN_LEVEL_RUNS = 2;

/** Fewer runs than this are not searched for steps: a step needs a few runs on either side to be told from noise. */
export const MIN_RUNS_FOR_STEPS = 4;

/** The asymptotic efficiency of the median against the mean for normal data: SE(median) ≈ 1.2533 σ / √n. */
const MEDIAN_SE_FACTOR = Math.sqrt(Math.PI / 2);

const Z95 = 1.959963984540054;

/** A level of the fit: runs [from, to) at one (geometric mean) wall time. */
export interface Level {
  readonly from: number;
  readonly to: number;
  /** Wall time in ns (the exponential of the weighted mean log median). */
  readonly value: number;
}

/** A step between two levels: where the new level began and its size as a ratio with a 95% CI. */
export interface Step {
  /** Index of the first run at the new level. */
  readonly at: number;
  /** New level / old level, with its 95% interval. */
  readonly ratio: Interval;
}

/** The fit of a series: its levels, the steps between them and the noise it was measured against. */
export interface StepFit {
  readonly levels: readonly Level[];
  readonly steps: readonly Step[];
  /** The typical run's error after the dispersion (relative: ≈ the coefficient of variation of a run's median). */
  readonly noise: number;
}

function madScaled(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const centre = median(xs);
  return MAD_NORMAL_SCALE * median(xs.map((x) => Math.abs(x - centre)));
}

/** Each run's log median and the standard error its own samples give it (the pooled typical one as a floor). */
export function observations(runs: readonly SeriesRun[]): { y: number[]; variance: number[] } {
  const y = runs.map((run) => Math.log(median(run.samples)));
  const own = runs.map((run) => {
    const logs = run.samples.map((sample) => Math.log(sample));
    return logs.length < 2 ? 0 : (MEDIAN_SE_FACTOR * madScaled(logs)) / Math.sqrt(logs.length);
  });
  // A run cannot claim to be much steadier than the typical run of its cell (three samples can agree by chance);
  // 0.1% is below any timer's noise and keeps identical medians from dividing by zero.
  const floor = Math.max(own.length === 0 ? 0 : median(own), 1e-3);
  return { y, variance: own.map((sigma) => Math.max(sigma, floor) ** 2) };
}

/** Prefix sums of w, w·y and w·y² for O(1) segment costs. */
function prefixSums(y: readonly number[], variance: readonly number[]): { w: Float64Array; wy: Float64Array; wyy: Float64Array } {
  const n = y.length;
  const w = new Float64Array(n + 1);
  const wy = new Float64Array(n + 1);
  const wyy = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const weight = 1 / (variance[i] as number);
    const value = y[i] as number;
    w[i + 1] = (w[i] as number) + weight;
    wy[i + 1] = (wy[i] as number) + weight * value;
    wyy[i + 1] = (wyy[i] as number) + weight * value * value;
  }
  return { w, wy, wyy };
}

/** Optimal partitioning: the segment starts (and n) that minimise the weighted squared error plus `penalty` per step. */
function partition(
  y: readonly number[],
  variance: readonly number[],
  penalty: number,
): { bounds: number[]; cost: (from: number, to: number) => number; sums: ReturnType<typeof prefixSums> } {
  const n = y.length;
  const sums = prefixSums(y, variance);
  const { w, wy, wyy } = sums;
  const sum = (a: Float64Array, from: number, to: number): number => (a[to] as number) - (a[from] as number);
  // Weighted squared error of runs [from, to) around their weighted mean.
  const cost = (from: number, to: number): number => {
    const weighted = sum(wy, from, to);
    return Math.max(0, sum(wyy, from, to) - (weighted * weighted) / sum(w, from, to));
  };
  // best[t]: the least cost of runs [0, t); last[t]: where its last level begins.
  const best = new Float64Array(n + 1);
  const last = new Int32Array(n + 1);
  best[0] = -penalty;
  for (let t = 1; t <= n; t++) {
    let bestCost = Number.POSITIVE_INFINITY;
    for (let s = 0; s < t; s++) {
      if (s > 0 && (s < MIN_LEVEL_RUNS || t - s < MIN_LEVEL_RUNS)) continue;
      const candidate = (best[s] as number) + penalty + cost(s, t);
      if (candidate < bestCost) {
        bestCost = candidate;
        last[t] = s;
      }
    }
    best[t] = bestCost;
  }
  const bounds: number[] = [];
  for (let t = n; t > 0; t = last[t] as number) bounds.unshift(last[t] as number);
  bounds.push(n);
  return { bounds, cost, sums };
}

/** Refits with the dispersion at most this often; the segmentation settles in two or three. */
const MAX_REFITS = 5;

/**
 * Fits levels and steps to a series of runs (oldest first). The runs' own errors rarely explain
 * all the scatter between runs (the machine drifts), so the fit is repeated with every variance
 * scaled by the dispersion left within its levels (χ² per degree of freedom, at least 1), as a
 * quasi-likelihood fit does, until the levels stay put.
 */
export function fitSteps(runs: readonly SeriesRun[], penaltyPerLogRun = PENALTY_PER_LOG_RUN): StepFit {
  const n = runs.length;
  if (n === 0) return { levels: [], steps: [], noise: 0 };
  const { y, variance: own } = observations(runs);
  const penalty = n < MIN_RUNS_FOR_STEPS ? Number.POSITIVE_INFINITY : penaltyPerLogRun * Math.log(n);
  let dispersion = 1;
  let fit = partition(y, own, penalty);
  for (let refit = 0; refit < MAX_REFITS; refit++) {
    const segments = fit.bounds.length - 1;
    const chiSquare = fit.bounds.slice(0, -1).reduce((total, from, index) => total + fit.cost(from, fit.bounds[index + 1] as number), 0) * dispersion;
    const next = n > segments ? Math.max(1, chiSquare / (n - segments)) : 1;
    if (Math.abs(next - dispersion) < 1e-9 * next) break;
    dispersion = next;
    const previous = fit.bounds.join(',');
    fit = partition(y, own.map((value) => value * dispersion), penalty);
    if (fit.bounds.join(',') === previous) break;
  }
  const { bounds, sums } = fit;
  const sum = (a: Float64Array, from: number, to: number): number => (a[to] as number) - (a[from] as number);
  const segments = bounds.slice(0, -1).map((from, index) => {
    const to = bounds[index + 1] as number;
    const weight = sum(sums.w, from, to);
    return { from, to, mean: sum(sums.wy, from, to) / weight, se: Math.sqrt(1 / weight) };
  });
  const levels = segments.map((segment) => ({ from: segment.from, to: segment.to, value: Math.exp(segment.mean) }));
  const steps = segments.slice(1).map((segment, index) => {
    const before = segments[index] as (typeof segments)[number];
    const delta = segment.mean - before.mean;
    const se = Math.hypot(segment.se, before.se);
    return { at: segment.from, ratio: { value: Math.exp(delta), ciLow: Math.exp(delta - Z95 * se), ciHigh: Math.exp(delta + Z95 * se) } };
  });
  const typical = own.length === 0 ? 0 : Math.sqrt(median(own) * dispersion);
  return { levels, steps, noise: typical };
}
