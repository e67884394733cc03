import type { Interval } from '../core/interval.js';
import { median } from '../stats/descriptive.js';
import { speedup } from '../stats/speedup.js';

/**
 * How far above the ideal an efficiency interval's low end may sit before the cell is suspect.
 * The bootstrap already carries both samples' noise; what it cannot see is the timer's grain and
 * a baseline that ran at a slightly different clock than its interleaved rounds (boost, thermal),
 * a percent or two on a quiet machine. Two percent keeps those from being called impossible.
 */
export const SUSPECT_MARGIN = 0.02;

/**
 * The efficiency ideal / work of a cell as one interval: a percentile bootstrap of the ratio of
 * medians (stats/speedup.ts) with the cell's work samples resampled and, for an ideal derived
 * from sequential's work (a CPU ideal), sequential's work samples resampled too; a fixed ideal
 * (I/O: ceil(tasks / in flight) × latency) is a one-value sample. `idealNs` is the ideal at
 * sequential's median, so the estimate is exactly ideal / median(work).
 */
export function efficiencyInterval(idealNs: number, workNs: readonly number[], baselineWorkNs: readonly number[] | null): Interval | null {
  if (workNs.length === 0 || !(idealNs > 0)) return null;
  const numerator = baselineWorkNs === null || baselineWorkNs.length === 0 ? [idealNs] : baselineWorkNs;
  const scale = idealNs / median(numerator);
  if (!Number.isFinite(scale)) return null;
  const ratio = speedup(numerator, workNs);
  return { value: ratio.value * scale, ciLow: ratio.ciLow * scale, ciHigh: ratio.ciHigh * scale };
}

/** Suspect exactly when the whole efficiency interval lies above the ideal (by more than the margin): faster than physics allows. */
export function isSuspect(efficiency: Interval): boolean {
  return efficiency.ciLow > 1 + SUSPECT_MARGIN;
}
