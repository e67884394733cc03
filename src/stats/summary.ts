/** The per-cell summary that results documents and tables carry. */
import { coefficientOfVariation, mad, max, mean, median, min, stdev } from './descriptive.js';
import { medianConfidenceInterval } from './median-ci.js';
import { outlierIndices } from './outliers.js';

/**
 * Summary statistics of one sample of timings. A type alias rather than an interface so
 * that it stays assignable to index-signature types such as zod's loose object outputs.
 */
export type Summary = {
  n: number;
  mean: number;
  median: number;
  /** Sample standard deviation (n − 1); 0 when n = 1. */
  stdev: number;
  /** Median absolute deviation, unscaled. */
  mad: number;
  min: number;
  max: number;
  /** Coefficient of variation, stdev / mean; null when the mean is 0 (a stage that took no time). */
  cv: number | null;
  /** Bounds of the 95% binomial order-statistic interval for the median; [min, max] when n ≤ 5. */
  ciLow: number;
  ciHigh: number;
  /** How many values have |modified z-score| > 3.5 (Iglewicz & Hoaglin). */
  outliers: number;
};

/** Summarises a non-empty sample; throws a RangeError on an empty one. */
export function summarize(xs: readonly number[]): Summary {
  const ci = medianConfidenceInterval(xs);
  const cv = coefficientOfVariation(xs);
  return {
    n: xs.length,
    mean: mean(xs),
    median: median(xs),
    stdev: stdev(xs),
    mad: mad(xs),
    min: min(xs),
    max: max(xs),
    cv: Number.isFinite(cv) ? cv : null,
    ciLow: ci.ciLow,
    ciHigh: ci.ciHigh,
    outliers: outlierIndices(xs).length,
  };
}
