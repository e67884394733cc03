/** How precisely a sample pins down its median, for adaptive stopping. */
import { medianConfidenceInterval } from './median-ci.js';

/**
 * The larger half-width of the median's confidence interval relative to the median,
 * max(median − low, high − median) / |median|: 0.02 means "known to within ±2%".
 * The larger side, because order-statistic intervals are asymmetric and stopping must
 * not trust the tighter one. Infinity when n is too small for an exact interval, or
 * when the median is 0 and a relative width is meaningless, so that a caller comparing
 * it with a target keeps sampling.
 */
export function relativeCiHalfWidth(xs: readonly number[], level = 0.95): number {
  const ci = medianConfidenceInterval(xs, level);
  if (!ci.exact) return Number.POSITIVE_INFINITY;
  const m = ci.value;
  if (m === 0) return Number.POSITIVE_INFINITY;
  return Math.max(m - ci.ciLow, ci.ciHigh - m) / Math.abs(m);
}
