/**
 * A change between two samples as a ratio of medians, candidate / baseline, with the
 * percentile bootstrap interval of {@link speedup} (the same statistic with its
 * arguments swapped), and two figures that say what an inconclusive comparison would
 * need, both read off that interval on the log scale, where it is close to symmetric:
 *
 * - the smallest detectable change: with h the half-width of the log-ratio interval,
 *   h = (ln ciHigh − ln ciLow)/2, an interval of that width excludes "no change" only
 *   when the true ratio is beyond e^±h, so e^h − 1 is the smallest change these samples
 *   could have told from noise (at the interval's level);
 * - samples needed: the half-width shrinks about as 1/√n (n per side; for unequal sides
 *   the harmonic mean n = 2/(1/n₁ + 1/n₂), since the variance of a log-ratio of medians
 *   goes as 1/n₁ + 1/n₂), so settling which side of an edge e the estimate r lies on
 *   needs h·√(n/n′) < |ln r − ln e|, that is n′ ≈ n·(h/d)² with d the log distance to the
 *   nearer edge. A rough planning figure, not a power calculation; capped.
 */
import type { Interval } from '../core/interval.js';
import { speedup, type SpeedupOptions } from './speedup.js';

/** median(candidate) / median(baseline), with a seeded bootstrap interval (default 95%, 2000 resamples, seed 1). */
export function ratioOfMedians(baseline: readonly number[], candidate: readonly number[], options: SpeedupOptions = {}): Interval {
  return speedup(candidate, baseline, options);
}

/** Half-width of the interval on the log scale; NaN unless both bounds are positive and finite. */
export function logHalfWidth(ratio: Interval): number {
  if (!(ratio.ciLow > 0 && Number.isFinite(ratio.ciHigh))) return Number.NaN;
  return (Math.log(ratio.ciHigh) - Math.log(ratio.ciLow)) / 2;
}

/** The smallest change, as a fraction (0.12 = 12%), that samples giving this interval could have detected. */
export function smallestDetectableChange(ratio: Interval): number {
  return Math.expm1(logHalfWidth(ratio));
}

/** Samples per side that would settle a verdict, or the cap with `capped: true` ("more than N"). */
export interface SamplesNeeded {
  perSide: number;
  capped: boolean;
}

/** Default cap of {@link samplesNeeded}: beyond it the advice is "more than this". */
export const SAMPLES_NEEDED_CAP = 1000;

/** Harmonic mean of the two sample sizes: the equal size per side with the same 1/n₁ + 1/n₂. */
export function effectiveSize(n1: number, n2: number): number {
  return 2 / (1 / n1 + 1 / n2);
}

/**
 * About how many samples per side would settle on which side of the nearer of `edges`
 * the estimate lies (see the module comment), at least one more than now, at most `cap`.
 */
export function samplesNeeded(
  ratio: Interval,
  edges: readonly number[],
  sizes: { baseline: number; candidate: number },
  cap = SAMPLES_NEEDED_CAP,
): SamplesNeeded {
  const n = effectiveSize(sizes.baseline, sizes.candidate);
  const h = logHalfWidth(ratio);
  const distance = Math.min(...edges.map((edge) => Math.abs(Math.log(ratio.value) - Math.log(edge))));
  const needed = Math.ceil(n * (h / distance) ** 2);
  if (!Number.isFinite(needed) || needed > cap) return { perSide: cap, capped: true };
  return { perSide: Math.max(needed, Math.floor(n) + 1), capped: false };
}
