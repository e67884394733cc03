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
