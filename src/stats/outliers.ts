/**
 * Outlier detection by the modified z-score of Iglewicz & Hoaglin (1993), *How to Detect
 * and Handle Outliers*: Mᵢ = 0.6745·(xᵢ − median) / MAD, flagged when |Mᵢ| > 3.5.
 * Median and MAD rather than mean and stdev, because a single slow sample (a GC pause,
 * a context switch) inflates the stdev enough to hide itself.
 */
import { mad, median } from './descriptive.js';

/** Φ⁻¹(3/4) to four places, as Iglewicz & Hoaglin give it: E[MAD] = 0.6745σ for normal data. */
export const MODIFIED_Z_FACTOR = 0.6745;

/** Iglewicz & Hoaglin's recommended cut-off for |Mᵢ|. */
export const DEFAULT_OUTLIER_THRESHOLD = 3.5;

/**
 * Modified z-score of each value, in input order. When the MAD is 0 (more than half
 * the values are identical, typically timer quantisation) the score has no scale and
 * every entry is reported as 0: calling each other value "infinitely far" would flag
 * up to half the sample on the strength of rounding alone.
 */
export function modifiedZScores(xs: readonly number[]): number[] {
  const m = median(xs);
  const scale = mad(xs);
  if (scale === 0) return xs.map(() => 0);
  return xs.map((x) => (MODIFIED_Z_FACTOR * (x - m)) / scale);
}

/** Indices (ascending) of the values whose |modified z-score| exceeds `threshold`; none when MAD = 0. */
export function outlierIndices(xs: readonly number[], threshold = DEFAULT_OUTLIER_THRESHOLD): number[] {
  const indices: number[] = [];
  modifiedZScores(xs).forEach((z, i) => {
    if (Math.abs(z) > threshold) indices.push(i);
  });
  return indices;
}
