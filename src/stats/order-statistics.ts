/**
 * Helpers on sorted samples, shared by the descriptive statistics, the median
 * interval and the bootstrap (which re-sorts thousands of resamples and must not
 * pay for copies it does not need).
 */

/** Returns an ascending sorted copy; the caller's array is never reordered. */
export function sortedCopy(xs: ArrayLike<number>): Float64Array {
  // A typed array sorts numerically without a comparator and much faster than Array#sort.
  return Float64Array.from(xs).sort();
}

/** Throws a RangeError when `xs` is empty, naming the statistic that is undefined. */
export function requireNonEmpty(xs: ArrayLike<number>, what: string): void {
  if (xs.length === 0) {
    throw new RangeError(`${what} of an empty sample is undefined`);
  }
}

/**
 * Percentile of an ascending sorted sample by linear interpolation between order
 * statistics (Hyndman & Fan type 7, numpy's default `method="linear"`).
 * `p` is in [0, 100]; the sample must be non-empty.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  const t = h - lo;
  // Same lerp as numpy: interpolate from the nearer end, so the result is exact at
  // both ends, never leaves [a, b] and matches numpy to the last bit in practice.
  return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
}

/** Median of an ascending sorted, non-empty sample. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const mid = n >> 1;
  const upper = sorted[mid] as number;
  if (n % 2 === 1) return upper;
  const lower = sorted[mid - 1] as number;
  // (a + b) / 2 as numpy does; timings are nowhere near overflow.
  return (lower + upper) / 2;
}
