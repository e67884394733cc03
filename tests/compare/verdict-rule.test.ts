import { describe, expect, it } from 'vitest';
import { decideVerdict, formatChange, type VerdictInput } from '../../src/compare/verdict-rule.js';

const base: Omit<VerdictInput, 'ratio' | 'pAdjusted'> = {
  threshold: 0.1,
  alpha: 0.01,
  correction: 'holm',
  higherIsBetter: false,
  sizes: { baseline: 12, candidate: 12 },
};
const judge = (value: number, ciLow: number, ciHigh: number, pAdjusted: number, extra: Partial<VerdictInput> = {}) =>
  decideVerdict({ ...base, ratio: { value, ciLow, ciHigh }, pAdjusted, ...extra });

describe('decideVerdict', () => {
  it('calls a regression only when significant, at least the threshold and the interval above 1', () => {
    expect(judge(1.3, 1.2, 1.4, 0.001).verdict).toBe('regression');
    expect(judge(1.1, 1.02, 1.2, 0.001).verdict).toBe('regression'); // estimate exactly at +10%
    expect(judge(1.3, 1.2, 1.4, 0.02).verdict).toBe('inconclusive'); // not significant after correction
    expect(judge(1.3, 0.98, 1.6, 0.001).verdict).toBe('inconclusive'); // interval allows no change
    expect(judge(1.05, 1.02, 1.12, 0.001).verdict).toBe('inconclusive'); // significant but below the threshold, CI crosses it
  });

  it('mirrors improvement, on a band symmetric on the log scale', () => {
    expect(judge(1 / 1.3, 1 / 1.4, 1 / 1.2, 0.001).verdict).toBe('improvement');
    expect(judge(1 / 1.1, 0.85, 0.97, 0.001).verdict).toBe('improvement'); // exactly −1/1.1: the mirror of +10%
    expect(judge(0.92, 0.85, 0.97, 0.001).verdict).toBe('inconclusive'); // −8% is within 1/1.1 = −9.1%
  });

  it('calls unchanged when the whole interval fits the band, significant or not', () => {
    expect(judge(1.02, 0.95, 1.08, 0.5).verdict).toBe('unchanged');
    expect(judge(1.03, 1.01, 1.05, 1e-6).verdict).toBe('unchanged');
    expect(judge(1.02, 0.95, 1.12, 0.5).verdict).toBe('inconclusive');
  });

  it('turns the ratio round for a metric where higher is better', () => {
    const drop = { higherIsBetter: true };
    expect(judge(1 / 1.3, 1 / 1.4, 1 / 1.2, 0.001, drop).verdict).toBe('regression');
    expect(judge(1.3, 1.2, 1.4, 0.001, drop).verdict).toBe('improvement');
  });

  it('says why an inconclusive pair is so, what it could detect and what would settle it', () => {
    const outcome = judge(1.05, 0.9, 1.25, 0.3);
    expect(outcome.reason).toBe('not significant after Holm (p adj 0.30 ≥ α 0.01)');
    expect(outcome.detectable).toBeCloseTo(Math.sqrt(1.25 / 0.9) - 1, 12);
    expect(outcome.samplesNeeded).toEqual({ perSide: Math.ceil(12 * (Math.log(1.25 / 0.9) / 2 / Math.log(1.1 / 1.05)) ** 2), capped: false });
    expect(judge(1.05, 1.01, 1.12, 0.001).reason).toBe('the 95% CI +1.0%…+12% crosses ±10%');
  });

  // Issue 21, item 3: with 11 cells and 5 vs 5 samples it said 6 would settle it; 6 a side said 7, yet
  // the lowest p-value a 6-vs-6 rank test can reach, 2/924 × 11 = 0.024, can never clear α 0.01.
  it('counts the correction over the cells compared in the samples that would settle it, and says when none can pass', () => {
    const five = judge(1.47, 1.29, 1.86, (2 / 252) * 11, { sizes: { baseline: 5, candidate: 5 }, tests: 11 });
    expect(five.verdict).toBe('inconclusive');
    expect(five.reason).toBe(
      'not significant after Holm (p adj 0.087 ≥ α 0.01): 5 vs 5 samples can never pass (the smallest p-value a 5-vs-5 rank test can give is 0.0079 × 11 cells = 0.087)',
    );
    expect(five.samplesNeeded).toEqual({ perSide: 7, capped: false });
    const six = judge(1.47, 1.29, 1.86, (2 / 924) * 11, { sizes: { baseline: 6, candidate: 6 }, tests: 11 });
    expect(six.reason).toMatch(/6 vs 6 samples can never pass \(the smallest p-value a 6-vs-6 rank test can give is 0\.0022 × 11 cells = 0\.024\)$/);
    expect(six.samplesNeeded).toEqual({ perSide: 7, capped: false });
    // One cell compared: 5 vs 5 can pass (2/252 < 0.01), and the interval alone decides the estimate.
    const alone = judge(1.47, 1.29, 1.86, 0.02, { sizes: { baseline: 5, candidate: 5 } });
    expect(alone.reason).toBe('not significant after Holm (p adj 0.020 ≥ α 0.01)');
    expect(alone.samplesNeeded?.perSide).toBe(6);
    // Inside the band the pair settles as unchanged, which needs no significant test: no floor.
    expect(judge(1.02, 0.95, 1.12, 0.5, { sizes: { baseline: 5, candidate: 5 }, tests: 11 }).samplesNeeded?.perSide).toBeLessThan(7);
  });

  it('leaves a ratio with a zero median inconclusive', () => {
    expect(judge(Infinity, 2, Infinity, 0.001)).toEqual({ verdict: 'inconclusive', reason: 'a median of 0: the ratio is undefined' });
  });
});

describe('formatChange', () => {
  it('signs the change and keeps one decimal below 10%', () => {
    expect(formatChange(1.3)).toBe('+30%');
    expect(formatChange(0.958)).toBe('−4.2%');
    expect(formatChange(1)).toBe('+0.0%');
  });
});
