/**
 * The interval [x₍ₖ₎, x₍ₙ₋ₖ₊₁₎] uses the largest k with P(B ≤ k − 1) ≤ α/2,
 * B ~ Binomial(n, ½).
 * Reference ranks and coverages from tests/stats/reference-values.py (scipy 1.10.1 on
 * Debian's /usr/bin/python3):
 *
 *   ks = [k for k in range(1, (n + 1) // 2 + 1) if binom.cdf(k - 1, n, 0.5) <= alpha / 2]
 *   k = max(ks); coverage = 1 - 2 * binom.cdf(k - 1, n, 0.5)
 *
 * cross-checked against binom.ppf(alpha / 2, n, 0.5), which agreed for every row.
 */
import { describe, expect, it } from 'vitest';
import { MEDIAN_CI_METHOD, medianCiRanks, medianConfidenceInterval, minExactSampleSize, rangeCoverage } from '../../src/stats/median-ci.js';

// [level, n, k, upper rank n − k + 1, coverage]
const REFERENCE: [number, number, number, number, number][] = [
  [0.95, 6, 1, 6, 0.96875],
  [0.95, 7, 1, 7, 0.984375],
  [0.95, 8, 1, 8, 0.9921875],
  [0.95, 10, 2, 9, 0.978515625],
  [0.95, 20, 6, 15, 0.9586105346679688],
  [0.95, 30, 10, 21, 0.9572260547429323],
  [0.95, 50, 18, 33, 0.9671608624357315],
  [0.95, 100, 40, 61, 0.9647997997822951],
  [0.95, 1000, 469, 532, 0.9537088026395019],
  [0.99, 8, 1, 8, 0.9921875],
  [0.99, 10, 1, 10, 0.998046875],
  [0.99, 20, 4, 17, 0.9974231719970703],
  [0.99, 30, 8, 23, 0.9947771206498146],
  [0.99, 50, 16, 35, 0.9933995520331891],
  [0.99, 100, 37, 64, 0.9933628794840739],
  [0.99, 1000, 459, 542, 0.9913600509977395],
  [0.9, 5, 1, 5, 0.9375],
  [0.9, 8, 2, 7, 0.9296875],
  [0.9, 10, 2, 9, 0.978515625],
  [0.9, 30, 11, 20, 0.901262853294611],
  [0.9, 100, 42, 59, 0.9113739198859323],
  [0.9, 1000, 474, 527, 0.9063127085245035],
];

// The level cannot be reached: max coverage 1 − 2·0.5ⁿ is below it (same script, "unreachable").
const UNREACHABLE: [number, number][] = [
  [0.95, 1],
  [0.95, 2],
  [0.95, 5], // max coverage 0.9375
  [0.99, 7], // max coverage 0.984375
  [0.9, 2], // max coverage 0.5
];

describe('medianCiRanks', () => {
  for (const [level, n, k, upper, coverage] of REFERENCE) {
    it(`n=${n} at ${level}: x(${k})..x(${upper}), coverage ${coverage}`, () => {
      const ranks = medianCiRanks(n, level);
      expect(ranks).toBeDefined();
      expect(ranks?.lower).toBe(k);
      expect(ranks?.upper).toBe(upper);
      expect(ranks?.coverage).toBeCloseTo(coverage, 12);
      expect(ranks?.coverage).toBeGreaterThanOrEqual(level);
    });
  }

  for (const [level, n] of UNREACHABLE) {
    it(`n=${n} at ${level} cannot reach the level`, () => {
      expect(medianCiRanks(n, level)).toBeUndefined();
    });
  }

  it('keeps a k that sits exactly on the level (0.9375 = 1 − 2/32 at n = 5)', () => {
    expect(medianCiRanks(5, 0.9375)).toEqual({ lower: 1, upper: 5, coverage: 0.9375 });
  });

  it('rejects bad levels and sizes', () => {
    expect(() => medianCiRanks(10, 0)).toThrow(RangeError);
    expect(() => medianCiRanks(10, 1)).toThrow(RangeError);
    expect(() => medianCiRanks(0, 0.95)).toThrow(RangeError);
    expect(() => medianCiRanks(2.5, 0.95)).toThrow(RangeError);
  });
});

describe('medianConfidenceInterval', () => {
  const A = [2.5, 3.1, 4.7, 1.2, 9.8, 3.3, 5.0, 2.2, 7.6, 4.1];
  const T30 = [
    101.2, 99.8, 100.5, 102.3, 98.9, 100.1, 101.7, 99.5, 100.9, 103.4, 100.0, 99.2, 101.1, 100.6, 98.4, 102.8,
    100.3, 99.9, 101.5, 100.7, 99.6, 100.2, 104.9, 100.4, 99.1, 101.9, 100.8, 99.7, 100.05, 112.0,
  ];

  it('picks x(2), x(9) of n = 10 at 95%', () => {
    // np.sort(A) = [1.2, 2.2, 2.5, 3.1, 3.3, 4.1, 4.7, 5.0, 7.6, 9.8]
    expect(medianConfidenceInterval(A)).toEqual({
      value: expect.closeTo(3.7, 12), ciLow: 2.2, ciHigh: 7.6, method: MEDIAN_CI_METHOD, exact: true, coverage: 0.978515625,
    });
  });

  it('picks x(10), x(21) of n = 30 at 95% and x(8), x(23) at 99%', () => {
    // np.sort(T30)[[9, 20]] == [100.0, 101.1]; np.sort(T30)[[7, 22]] == [99.8, 101.5]
    expect(medianConfidenceInterval(T30)).toMatchObject({ ciLow: 100.0, ciHigh: 101.1, exact: true });
    expect(medianConfidenceInterval(T30, 0.99)).toMatchObject({ ciLow: 99.8, ciHigh: 101.5, exact: true });
  });

  it('falls back to [min, max] with exact: false when n is too small', () => {
    expect(medianConfidenceInterval([3, 1, 2, 5, 4])).toEqual({
      value: 3,
      ciLow: 1,
      ciHigh: 5,
      method: MEDIAN_CI_METHOD,
      exact: false,
      coverage: 0.9375,
    });
    expect(medianConfidenceInterval([42])).toMatchObject({ value: 42, ciLow: 42, ciHigh: 42, exact: false });
    expect(medianConfidenceInterval([3, 1])).toMatchObject({ value: 2, ciLow: 1, ciHigh: 3, exact: false });
  });

  it('handles ties and negative values', () => {
    expect(medianConfidenceInterval([5, 5, 5, 5, 5, 5, 5, 5, 5, 5])).toMatchObject({ ciLow: 5, ciHigh: 5, exact: true });
    // n = 6 at 95% uses x(1), x(6)
    expect(medianConfidenceInterval([-3, -1, -2, -6, -4, -5])).toMatchObject({ value: -3.5, ciLow: -6, ciHigh: -1, exact: true });
  });

  it('throws a RangeError on an empty sample', () => {
    expect(() => medianConfidenceInterval([])).toThrow(RangeError);
  });
});

describe('rangeCoverage and minExactSampleSize', () => {
  it('gives [min, max] its true coverage 1 − 2^(1−n): the default 5 samples cover ~94%, 3 cover 75%', () => {
    // 1 - 2 * 0.5**n, the 'unreachable' rows of reference-values.py
    expect([1, 2, 3, 5, 6].map(rangeCoverage)).toEqual([0, 0.5, 0.75, 0.9375, 0.96875]);
  });

  it('needs 6 samples for an exact 95% interval, 8 for 99%, 5 for 90%', () => {
    expect([0.95, 0.99, 0.9].map((level) => minExactSampleSize(level))).toEqual([6, 8, 5]);
  });
});
