/**
 * Distribution-free confidence interval for the median from order statistics: the
 * classic binomial ("sign test") interval, e.g. Conover, *Practical Nonparametric
 * Statistics*, 3rd ed., ch. 3 (the quantile test and its confidence interval).
 *
 * Each observation falls below the true median with probability 1/2, so the number
 * B of observations below it is Binomial(n, 1/2). With x₍₁₎ ≤ … ≤ x₍ₙ₎ the sorted
 * sample and 1-based ranks, the interval [x₍ₖ₎, x₍ₙ₋ₖ₊₁₎] misses the median only if
 * B ≤ k − 1 or B ≥ n − k + 1, so its coverage is 1 − 2·P(B ≤ k − 1) whatever the
 * distribution of the data (exact for continuous data, conservative with ties).
 * We take the largest k with P(B ≤ k − 1) ≤ α/2: the narrowest symmetric pair of
 * order statistics whose coverage is at least the level.
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import type { Interval } from '../core/interval.js';
import { medianOfSorted, requireNonEmpty, sortedCopy } from './order-statistics.js';

/** Name of the method, carried into results so a reader knows what the interval is. */
export const MEDIAN_CI_METHOD = 'binomial order-statistic interval (Conover)';

/** The median (`value`) with its confidence interval (`ciLow`–`ciHigh`), and how the interval was made. */
export interface MedianConfidenceInterval extends Interval {
  method: string;
  /** False when n is too small to reach the level and [min, max] is returned instead. */
  exact: boolean;
  /** The interval's true coverage: at least the level when exact, else that of [min, max], 1 − 2¹⁻ⁿ. */
  coverage: number;
}

/** 1-based ranks of the order statistics that bound the interval, and its true coverage. */
export interface MedianCiRanks {
  lower: number;
  upper: number;
  coverage: number;
}

// Binomial tails for p = 1/2 are dyadic rationals, and a level such as 0.9375 can sit
// exactly on one; the tolerance keeps float noise in the CDF from dropping such a k.
const TAIL_TOLERANCE = 1e-12;

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  }
}

/**
 * Ranks [k, n − k + 1] of the order statistics that form the median interval at `level`
 * for a sample of size n, or undefined when even [x₍₁₎, x₍ₙ₎] (coverage 1 − 2⁻⁽ⁿ⁻¹⁾)
 * falls short of it.
 */
export function medianCiRanks(n: number, level = 0.95): MedianCiRanks | undefined {
  checkLevel(level);
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`sample size must be a positive integer, got ${n}`);
  }
  const halfAlpha = (1 - level) / 2;
  const tail = (k: number): number => binomialCdf(k - 1, n, 0.5);
  const fits = (k: number): boolean => tail(k) <= halfAlpha * (1 + TAIL_TOLERANCE);
  if (!fits(1)) return undefined;
  // P(B ≤ k − 1) grows with k, so binary-search the largest k that fits; k stays at most
  // ⌈n/2⌉ so that the lower rank never passes the upper one.
  let lo = 1;
  let hi = Math.floor((n + 1) / 2);
  while (lo < hi) {
    const midK = Math.ceil((lo + hi) / 2);
    if (fits(midK)) lo = midK;
    else hi = midK - 1;
  }
  return { lower: lo, upper: n - lo + 1, coverage: 1 - 2 * tail(lo) };
}

/**
 * Coverage of the sample range [x₍₁₎, x₍ₙ₎] as an interval for the median: it misses only when
 * all n observations fall on one side, so 1 − 2·2⁻ⁿ = 1 − 2¹⁻ⁿ (n = 5: 93.75%, n = 3: 75%).
 */
export function rangeCoverage(n: number): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`sample size must be a positive integer, got ${n}`);
  }
  return 1 - 2 ** (1 - n);
}

/** The smallest sample whose median interval reaches `level` (6 at 95%): below it [min, max] is all there is. */
export function minExactSampleSize(level = 0.95): number {
  checkLevel(level);
  let n = 1;
  while (rangeCoverage(n) < level * (1 - TAIL_TOLERANCE)) n++;
  return n;
}

/**
 * The median and its confidence interval at `level` (default 95%) by the binomial
 * order-statistic method above. When n is too small for the level (n ≤ 5 at 95%)
 * it returns the sample range [min, max] with `exact: false`.
 */
export function medianConfidenceInterval(xs: readonly number[], level = 0.95): MedianConfidenceInterval {
  requireNonEmpty(xs, 'median confidence interval');
  const sorted = sortedCopy(xs);
  const ranks = medianCiRanks(sorted.length, level);
  const value = medianOfSorted(sorted);
  if (ranks === undefined) {
    return {
      value,
      ciLow: sorted[0] as number,
      ciHigh: sorted[sorted.length - 1] as number,
      method: MEDIAN_CI_METHOD,
      exact: false,
      coverage: rangeCoverage(sorted.length),
    };
  }
  return {
    value,
    ciLow: sorted[ranks.lower - 1] as number,
    ciHigh: sorted[ranks.upper - 1] as number,
    method: MEDIAN_CI_METHOD,
    exact: true,
    coverage: ranks.coverage,
  };
}

