/**
 * Reference values from tests/stats/reference-values.py (numpy 1.24.2, scipy 1.10.1 on
 * Debian's /usr/bin/python3); see the other tests for the expression behind each field.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/stats/summary.js';

const T30 = [
  101.2, 99.8, 100.5, 102.3, 98.9, 100.1, 101.7, 99.5, 100.9, 103.4, 100.0, 99.2, 101.1, 100.6, 98.4, 102.8,
  100.3, 99.9, 101.5, 100.7, 99.6, 100.2, 104.9, 100.4, 99.1, 101.9, 100.8, 99.7, 100.05, 112.0,
];

describe('summarize', () => {
  it('has exactly the documented fields', () => {
    expect(Object.keys(summarize(T30)).sort()).toEqual(
      ['n', 'mean', 'median', 'stdev', 'mad', 'min', 'max', 'cv', 'ciLow', 'ciHigh', 'outliers'].sort(),
    );
  });

  it('matches numpy/scipy on 30 timings', () => {
    const s = summarize(T30);
    expect(s.n).toBe(30);
    expect(s.mean).toBeCloseTo(101.04833333333335, 11); // np.mean
    expect(s.median).toBe(100.45); // np.median
    expect(s.stdev).toBeCloseTo(2.4896504163039235, 11); // np.std(ddof=1)
    expect(s.mad).toBeCloseTo(0.75, 12); // st.median_abs_deviation
    expect(s.min).toBe(98.4); // np.min
    expect(s.max).toBe(112.0); // np.max
    expect(s.cv).toBeCloseTo(0.024638213557577296, 12); // st.variation(ddof=1)
    expect(s.ciLow).toBe(100.0); // np.sort(T30)[10 - 1], k = 10 from binom.cdf
    expect(s.ciHigh).toBe(101.1); // np.sort(T30)[21 - 1]
    expect(s.outliers).toBe(2); // |0.6745 (x − median) / MAD| > 3.5 at indices 22, 29
  });

  it('handles n = 1, n = 2 and all-equal samples', () => {
    expect(summarize([42])).toEqual({
      n: 1, mean: 42, median: 42, stdev: 0, mad: 0, min: 42, max: 42, cv: 0, ciLow: 42, ciHigh: 42, outliers: 0,
    });
    const two = summarize([1, 3]);
    expect(two).toMatchObject({ n: 2, mean: 2, median: 2, mad: 1, min: 1, max: 3, ciLow: 1, ciHigh: 3, outliers: 0 });
    expect(two.stdev).toBeCloseTo(1.4142135623730951, 14); // np.std([1.0, 3.0], ddof=1)
    expect(two.cv).toBeCloseTo(0.7071067811865476, 14); // st.variation([1.0, 3.0], ddof=1)
    expect(summarize([5, 5, 5, 5])).toEqual({
      n: 4, mean: 5, median: 5, stdev: 0, mad: 0, min: 5, max: 5, cv: 0, ciLow: 5, ciHigh: 5, outliers: 0,
    });
  });

  it('gives no coefficient of variation for a mean of 0 (JSON has no NaN)', () => {
    expect(summarize([0, 0, 0]).cv).toBeNull();
  });

  it('handles negative values', () => {
    const s = summarize([-3.5, -1.0, 0.0, 2.25, -7.75, 4.5, -0.5]);
    expect(s.mean).toBeCloseTo(-0.8571428571428571, 12); // np.mean
    expect(s.median).toBe(-0.5); // np.median
    expect(s.stdev).toBeCloseTo(3.952470595655812, 12); // np.std(ddof=1)
    expect(s.mad).toBe(2.75); // st.median_abs_deviation
    expect(s.cv).toBeCloseTo(-4.611215694931781, 12); // st.variation(ddof=1)
    expect([s.ciLow, s.ciHigh]).toEqual([-7.75, 4.5]); // n = 7 at 95%: x(1), x(7)
    expect(s.outliers).toBe(0);
  });

  it('throws a RangeError on an empty sample', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });
});
