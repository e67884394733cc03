import { relativeCiHalfWidth } from '../stats/relative-precision.js';

/** How many samples a cell takes (DESIGN.md, "Measurement"; issue: adaptive stopping). */
export interface SamplingSettings {
  readonly minRuns: number;
  readonly maxRuns: number;
  readonly warmup: number;
  /** Target relative half-width of the median's 95% CI (0.03 = ±3%). */
  readonly precision: number;
  readonly maxTimeS: number;
  readonly timeoutS: number;
}

export type StopReason = 'max-runs' | 'precision' | 'max-time';

/**
 * Whether a cell has enough samples: never before minRuns, always at maxRuns, and in between once
 * the median is known to the target precision or the cell's time budget is spent.
 */
export function stopReason(wallNs: readonly number[], elapsedNs: number, settings: SamplingSettings): StopReason | null {
  const n = wallNs.length;
  if (n >= settings.maxRuns) return 'max-runs';
  if (n < settings.minRuns) return null;
  if (relativeCiHalfWidth(wallNs) <= settings.precision) return 'precision';
  if (elapsedNs >= settings.maxTimeS * 1e9) return 'max-time';
  return null;
}
