/**
 * Descriptive statistics of one sample. Every function takes a plain array, leaves it
 * untouched and throws a RangeError when the sample is empty.
 */
import { medianOfSorted, percentileOfSorted, requireNonEmpty, sortedCopy } from './order-statistics.js';

/** 1 / Φ⁻¹(3/4): makes the MAD a consistent estimator of σ for normal data. */
export const MAD_NORMAL_SCALE = 1.482602218505602;

/** Arithmetic mean. */
export function mean(xs: readonly number[]): number {
  requireNonEmpty(xs, 'mean');
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Median: the middle order statistic, or the mean of the two middle ones. */
export function median(xs: readonly number[]): number {
  requireNonEmpty(xs, 'median');
  return medianOfSorted(sortedCopy(xs));
}

/** Sample standard deviation (divisor n − 1); 0 for a single value rather than NaN. */
export function stdev(xs: readonly number[]): number {
  const m = mean(xs);
  const n = xs.length;
  if (n === 1) return 0;
  // Two passes (mean first, then squared deviations) avoid the cancellation of Σx² − n·m².
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (n - 1));
}

/** Median absolute deviation from the median, unscaled (scipy's `scale=1.0`). */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/** MAD × 1.4826…, an estimate of σ that is consistent for normal data (scipy's `scale='normal'`). */
export function madScaled(xs: readonly number[]): number {
  return mad(xs) * MAD_NORMAL_SCALE;
}

/** Smallest value. */
export function min(xs: readonly number[]): number {
  requireNonEmpty(xs, 'min');
  // A loop, not Math.min(...xs): spreading a large sample overflows the call stack.
  let best = xs[0] as number;
  for (const x of xs) if (x < best) best = x;
  return best;
}

/** Largest value. */
export function max(xs: readonly number[]): number {
  requireNonEmpty(xs, 'max');
  let best = xs[0] as number;
  for (const x of xs) if (x > best) best = x;
  return best;
}

/**
 * The p-th percentile, p in [0, 100], by linear interpolation between order statistics
 * (Hyndman & Fan type 7; numpy's default `np.percentile(xs, p)`).
 */
export function percentile(xs: readonly number[], p: number): number {
  requireNonEmpty(xs, 'percentile');
  if (!(p >= 0 && p <= 100)) {
    throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  }
  return percentileOfSorted(sortedCopy(xs), p);
}

/**
 * Coefficient of variation, sample stdev / mean. Meaningful for positive data such as
 * timings; it is ±Infinity (or NaN) when the mean is 0 and negative when the mean is.
 */
export function coefficientOfVariation(xs: readonly number[]): number {
  return stdev(xs) / mean(xs);
}
