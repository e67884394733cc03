/**
 * The verdict of one tested pair, from its ratio r = median(candidate)/median(baseline)
 * with its 95% bootstrap interval [lo, hi], its corrected p-value p̃ and a threshold t.
 *
 * The threshold is a band symmetric on the log scale, [1/(1 + t), 1 + t] (±10% is
 * 0.909–1.10), so that swapping baseline and candidate swaps regression and improvement
 * exactly. Ratios are first oriented so that above 1 is worse: r itself for times and
 * memory, 1/r for speedup (higher is better, so a regression is a drop).
 *
 * - regression: p̃ < α, and r ≥ 1 + t, and lo > 1. The rank test says the candidate is
 *   worse beyond chance after the correction for every pair compared; the best estimate
 *   of the effect is at least the threshold; and the interval agrees on the direction, so
 *   the table never calls a regression next to an interval that allows no change.
 *   (A significant change whose estimate is below the threshold is not a regression: it
 *   is unchanged if its interval fits the band, inconclusive otherwise.)
 * - improvement: the mirror image, p̃ < α, r ≤ 1/(1 + t) and hi < 1.
 * - unchanged: the whole interval lies in the band, [lo, hi] ⊆ [1/(1 + t), 1 + t]: any
 *   change the data allow is smaller than the threshold. This is an equivalence test in
 *   the manner of two one-sided tests (Schuirmann, 1987), at 2.5% each side. Only the
 *   p-values are corrected for multiplicity, not the intervals: an unchanged verdict is
 *   per cell, while the regressions of a comparison are controlled as a family.
 * - inconclusive: anything else: the interval straddles an edge of the band, or the
 *   effect is large but not significant after the correction. It carries the half-width
 *   of the interval (the smallest change the interval alone could tell from none, per
 *   cell, before the correction) and about how many samples would settle it. Where the
 *   estimate lies beyond the band, settling it means a significant test, and a rank test
 *   of n vs n samples can never give less than 2/C(2n, n): times the m pairs tested (the
 *   correction's factor for the smallest p-value), that must fall below α, so the
 *   estimate is at least the n where it does (5 vs 5 over 11 cells: 2/252 × 11 = 0.087,
 *   no verdict of change possible; 7 a side is the least that can give one at α 0.01).
 */
import type { Correction } from '../stats/multiple-testing.js';
import { CORRECTION_NAMES } from '../stats/multiple-testing.js';
import type { Interval } from '../core/interval.js';
import { samplesForPValue, smallestTwoSidedP } from '../stats/mann-whitney.js';
import { samplesNeeded, smallestDetectableChange, type SamplesNeeded } from '../stats/ratio.js';
import type { Verdict } from './verdict-schema.js';

/** What the rule looks at for one pair. */
export interface VerdictInput {
  ratio: Interval;
  pAdjusted: number;
  threshold: number;
  alpha: number;
  correction: Correction;
  higherIsBetter: boolean;
  sizes: { baseline: number; candidate: number };
  /** How many pairs the correction was over (default 1). */
  tests?: number;
}

/** The rule's answer; `detectable` and `samplesNeeded` only for inconclusive pairs. */
export interface VerdictOutcome {
  verdict: Extract<Verdict, 'regression' | 'improvement' | 'unchanged' | 'inconclusive'>;
  reason?: string;
  detectable?: number;
  samplesNeeded?: SamplesNeeded;
}

/** `+10%`, `−4.2%`: a ratio as a signed change. */
export function formatChange(ratio: number): string {
  const percent = (ratio - 1) * 100;
  const digits = Math.abs(percent) < 10 ? 1 : 0;
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent).toFixed(digits)}%`;
}

/** The verdict of a tested pair by the rule of the module comment. */
export function decideVerdict(input: VerdictInput): VerdictOutcome {
  const { ratio, pAdjusted, threshold, alpha, higherIsBetter } = input;
  if (!(Number.isFinite(ratio.value) && ratio.value > 0 && ratio.ciLow > 0 && Number.isFinite(ratio.ciHigh))) {
    return { verdict: 'inconclusive', reason: 'a median of 0: the ratio is undefined' };
  }
  // Oriented so that above 1 is worse.
  const worse = higherIsBetter
    ? { value: 1 / ratio.value, ciLow: 1 / ratio.ciHigh, ciHigh: 1 / ratio.ciLow }
    : { value: ratio.value, ciLow: ratio.ciLow, ciHigh: ratio.ciHigh };
  const upper = 1 + threshold;
  const lower = 1 / upper;
  const significant = pAdjusted < alpha;
  if (significant && worse.value >= upper && worse.ciLow > 1) return { verdict: 'regression' };
  if (significant && worse.value <= lower && worse.ciHigh < 1) return { verdict: 'improvement' };
  if (ratio.ciLow >= lower && ratio.ciHigh <= upper) return { verdict: 'unchanged' };
  const band = `±${+(threshold * 100).toFixed(1)}%`;
  const reason = significant
    ? `the 95% CI ${formatChange(ratio.ciLow)}…${formatChange(ratio.ciHigh)} crosses ${band}`
    : `not significant after ${CORRECTION_NAMES[input.correction]} (p adj ${pAdjusted.toPrecision(2)} ≥ α ${alpha})${floorText(input)}`;
  const needed = samplesNeeded(ratio, [lower, upper], input.sizes);
  // Beyond the band only a significant test settles it: at least the samples whose best p-value can pass.
  const beyond = worse.value >= upper || worse.value <= lower;
  const floor = samplesForPValue(alpha / (input.tests ?? 1));
  return {
    verdict: 'inconclusive',
    reason,
    detectable: smallestDetectableChange(ratio),
    samplesNeeded: beyond && !needed.capped && floor > needed.perSide ? { perSide: floor, capped: false } : needed,
  };
}

/** `: 5 vs 5 samples can never pass (…)` when no p-value of these sample sizes survives the correction, else ''. */
function floorText({ sizes, alpha, tests = 1 }: VerdictInput): string {
  const best = smallestTwoSidedP(sizes.baseline, sizes.candidate);
  if (best * tests < alpha) return '';
  const times = tests > 1 ? ` × ${tests} cells = ${(best * tests).toPrecision(2)}` : '';
  return `: ${sizes.baseline} vs ${sizes.candidate} samples can never pass (the smallest p-value a ${sizes.baseline}-vs-${sizes.candidate} rank test can give is ${best.toPrecision(2)}${times})`;
}

/** Whether the reason says that no p-value of these sample sizes could pass: then no change was detectable at all. */
export function cannotPass(reason: string | undefined): boolean {
  return reason?.includes(' samples can never pass ') === true;
}
