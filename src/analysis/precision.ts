import type { Cell } from '../results/results-schema.js';
import { medianCiRanks, minExactSampleSize, rangeCoverage } from '../stats/median-ci.js';

/** How well a cell's median wall time is known, as the tables print it. */
export interface WallPrecision {
  /** The larger side of the printed interval over the median: 0.02 is ±2%. */
  readonly halfWidth: number;
  /** False when the samples are too few for a 95% interval and the printed one is min–max. */
  readonly exact: boolean;
  /** What the printed interval really covers: ≥ 95% when exact, 1 − 2¹⁻ⁿ for min–max. */
  readonly coverage: number;
  readonly n: number;
}

/** Samples an exact 95% median interval needs (6): below it the tables mark the interval. */
export const EXACT_SAMPLES = minExactSampleSize(0.95);

/** The precision of a summarised cell's wall time, or null without a summary. */
export function wallPrecision(cell: Pick<Cell, 'summary'>): WallPrecision | null {
  const wall = cell.summary?.wallNs;
  if (wall === undefined || wall.n < 1) return null;
  const halfWidth = wall.median > 0 ? Math.max(wall.median - wall.ciLow, wall.ciHigh - wall.median) / wall.median : Number.POSITIVE_INFINITY;
  const ranks = medianCiRanks(wall.n);
  return { halfWidth, exact: ranks !== undefined, coverage: ranks?.coverage ?? rangeCoverage(wall.n), n: wall.n };
}
