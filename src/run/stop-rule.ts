import { DEFAULT_ALPHA } from '../core/gate.js';
import type { SamplingSettings, StopReason } from '../core/settings.js';
import { relativeClusterHalfWidth } from '../stats/cluster-bootstrap.js';
import { mannWhitneyU } from '../stats/mann-whitney.js';
import { minExactSampleSize } from '../stats/median-ci.js';
import { relativeCiHalfWidth } from '../stats/relative-precision.js';
import { speedup } from '../stats/speedup.js';

export type { SamplingSettings, StopReason } from '../core/settings.js';

/** Resamples for the stop rules' bootstrap intervals: enough for a stopping decision, cheap enough to run every round. */
const STOP_RESAMPLES = 1000;

/** Processes the warm interval needs before it may stop a cell: as many as an exact 95% median interval of one value each (6). */
export const MIN_WARM_PROCESSES = minExactSampleSize(0.95);

/**
 * Whether a cell has enough samples: never before minRuns, always at maxRuns, and in between once
 * the median is known to the target precision or the cell's time budget is spent. The precision is
 * the median wall time's (order-statistic interval), or, when `warmWorkNs` holds each process's warm
 * values (K > 1 values per process), the median warm work time's by the two-stage cluster bootstrap,
 * which counts processes, not values, as the independent unit (and trusts no fewer than
 * MIN_WARM_PROCESSES of them).
 */
export function stopReason(
  wallNs: readonly number[],
  elapsedNs: number,
  settings: SamplingSettings,
  warmWorkNs: readonly (readonly number[])[] | null = null,
): StopReason | null {
  const n = wallNs.length;
  if (n >= settings.maxRuns) return 'max-runs';
  if (n < settings.minRuns) return null;
  const halfWidth = warmWorkNs === null
    ? relativeCiHalfWidth(wallNs)
    : relativeClusterHalfWidth(warmWorkNs, MIN_WARM_PROCESSES, { resamples: STOP_RESAMPLES });
  if (halfWidth <= settings.precision) return 'precision';
  if (elapsedNs >= settings.maxTimeS * 1e9) return 'max-time';
  return null;
}

/**
 * The stop rule of an A/B pair (baseline and candidate of one cell), which stops on the comparison,
 * not on each cell's own precision: once both have minRuns samples, the pair is `settled` when the
 * 95% bootstrap interval of median(candidate) / median(baseline) lies wholly inside the band
 * [1/(1 + threshold), 1 + threshold] (no change that large; the band `pyconc compare` judges by), or wholly outside it with a rank test (Mann-Whitney U)
 * significant at `alpha` (the gate's α, DEFAULT_ALPHA, over the pairs of the run, Bonferroni, so that `compare`'s
 * Holm correction will agree: five samples a side cannot reach that, a clear change needs a few
 * more); else it samples on until maxRuns or the pair's budget (both cells' maxTime) is spent.
 */
export function pairStopReason(
  baselineWallNs: readonly number[],
  candidateWallNs: readonly number[],
  elapsedNs: number,
  settings: SamplingSettings,
  threshold: number,
  alpha = DEFAULT_ALPHA,
): StopReason | null {
  const n = Math.min(baselineWallNs.length, candidateWallNs.length);
  if (n >= settings.maxRuns) return 'max-runs';
  if (n < settings.minRuns) return null;
  const ratio = speedup(candidateWallNs, baselineWallNs, { resamples: STOP_RESAMPLES });
  // The band of `pyconc compare`: symmetric on the log scale, [1/(1 + t), 1 + t].
  const upper = 1 + threshold;
  const lower = 1 / upper;
  const inside = ratio.ciLow >= lower && ratio.ciHigh <= upper;
  const outside = (ratio.ciLow > upper || ratio.ciHigh < lower) && mannWhitneyU(baselineWallNs, candidateWallNs).pValue <= alpha;
  if (outside || inside) return 'settled';
  if (elapsedNs >= 2 * settings.maxTimeS * 1e9) return 'max-time';
  return null;
}
