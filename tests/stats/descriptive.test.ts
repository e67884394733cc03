/**
 * Reference values from tests/stats/reference-values.py, run with Debian's
 * /usr/bin/python3 (3.11), numpy 1.24.2, scipy 1.10.1. The expression that produced
 * each value is written beside it.
 */
import { describe, expect, it } from 'vitest';
import {
  MAD_NORMAL_SCALE,
  coefficientOfVariation,
  mad,
  madScaled,
  max,
  mean,
  median,
  min,
  percentile,
  stdev,
} from '../../src/stats/descriptive.js';

const A = [2.5, 3.1, 4.7, 1.2, 9.8, 3.3, 5.0, 2.2, 7.6, 4.1];
const NEG = [-3.5, -1.0, 0.0, 2.25, -7.75, 4.5, -0.5];
const T30 = [
  101.2, 99.8, 100.5, 102.3, 98.9, 100.1, 101.7, 99.5, 100.9, 103.4, 100.0, 99.2, 101.1, 100.6, 98.4, 102.8,
  100.3, 99.9, 101.5, 100.7, 99.6, 100.2, 104.9, 100.4, 99.1, 101.9, 100.8, 99.7, 100.05, 112.0,
];

describe('mean', () => {
  it('matches numpy', () => {
    expect(mean(A)).toBeCloseTo(4.35, 12); // np.mean(A)
    expect(mean(NEG)).toBeCloseTo(-0.8571428571428571, 12); // np.mean(NEG)
    expect(mean(T30)).toBeCloseTo(101.04833333333335, 11); // np.mean(T30)
    expect(mean([42])).toBe(42); // np.mean([42.0])
    expect(mean([1, 3])).toBe(2); // np.mean([1.0, 3.0])
    expect(mean([5, 5, 5, 5])).toBe(5); // np.mean([5.0]*4)
  });
});

describe('median', () => {
  it('matches numpy for odd and even n', () => {
    expect(median(A)).toBe(3.6999999999999997); // np.median(A)
    expect(median(NEG)).toBe(-0.5); // np.median(NEG)
    expect(median(T30)).toBe(100.45); // np.median(T30)
    expect(median([42])).toBe(42); // np.median([42.0])
    expect(median([1, 3])).toBe(2); // np.median([1.0, 3.0])
    expect(median([5, 5, 5, 5])).toBe(5); // np.median([5.0]*4)
  });

  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('stdev', () => {
  it('is the n − 1 sample standard deviation, as numpy with ddof=1', () => {
    expect(stdev(A)).toBeCloseTo(2.6141707841854727, 12); // np.std(A, ddof=1)
    expect(stdev(NEG)).toBeCloseTo(3.952470595655812, 12); // np.std(NEG, ddof=1)
    expect(stdev(T30)).toBeCloseTo(2.4896504163039235, 11); // np.std(T30, ddof=1)
    expect(stdev([1, 3])).toBeCloseTo(1.4142135623730951, 14); // np.std([1.0, 3.0], ddof=1)
    expect(stdev([5, 5, 5, 5])).toBe(0); // np.std([5.0]*4, ddof=1)
  });

  it('is 0 for a single value (numpy gives nan with ddof=1; pyconc defines it as 0)', () => {
    expect(stdev([42])).toBe(0);
  });
});

describe('mad and madScaled', () => {
  it('match scipy.stats.median_abs_deviation', () => {
    expect(mad(A)).toBeCloseTo(1.25, 14); // st.median_abs_deviation(A)
    expect(mad(NEG)).toBe(2.75); // st.median_abs_deviation(NEG)
    expect(mad(T30)).toBeCloseTo(0.75, 12); // st.median_abs_deviation(T30)
    expect(mad([42])).toBe(0); // st.median_abs_deviation([42.0])
    expect(mad([1, 3])).toBe(1); // st.median_abs_deviation([1.0, 3.0])
    expect(mad([5, 5, 5, 5])).toBe(0); // st.median_abs_deviation([5.0]*4)

    expect(madScaled(A)).toBeCloseTo(1.8532527731320025, 12); // st.median_abs_deviation(A, scale='normal')
    expect(madScaled(NEG)).toBeCloseTo(4.077156100890405, 12); // st.median_abs_deviation(NEG, scale='normal')
    expect(madScaled(T30)).toBeCloseTo(1.1119516638792015, 11); // st.median_abs_deviation(T30, scale='normal')
    expect(madScaled([1, 3])).toBeCloseTo(1.482602218505602, 14); // st.median_abs_deviation([1.0, 3.0], scale='normal')
    expect(madScaled([42])).toBe(0);
  });

  it('uses the normal-consistency constant 1/Φ⁻¹(0.75)', () => {
    expect(MAD_NORMAL_SCALE).toBe(1.482602218505602); // 1 / st.norm.ppf(0.75)
  });
});

describe('min and max', () => {
  it('match numpy', () => {
    expect(min(A)).toBe(1.2); // np.min(A)
    expect(max(A)).toBe(9.8); // np.max(A)
    expect(min(NEG)).toBe(-7.75); // np.min(NEG)
    expect(max(NEG)).toBe(4.5); // np.max(NEG)
    expect(min([42])).toBe(42);
    expect(max([42])).toBe(42);
    expect(min([5, 5, 5, 5])).toBe(5);
  });

  it('handle samples too large to spread into Math.min', () => {
    const big = Array.from({ length: 300_000 }, (_, i) => i - 1000);
    expect(min(big)).toBe(-1000);
    expect(max(big)).toBe(298_999);
  });
});

describe('percentile', () => {
  // np.percentile(x, p) with numpy's default method='linear' (Hyndman & Fan type 7).
  const cases: [string, number[], [number, number][]][] = [
    ['A', A, [[0, 1.2], [10, 2.1], [25, 2.65], [50, 3.6999999999999997], [90, 7.819999999999999], [99.5, 9.701],
      [100, 9.8]]],
    ['NEG', NEG, [[0, -7.75], [10, -5.199999999999999], [25, -2.25], [50, -0.5], [90, 3.150000000000001],
      [99.5, 4.432499999999999], [100, 4.5]]],
    ['T30', T30, [[0, 98.4], [10, 99.19], [25, 99.825], [50, 100.45], [90, 102.86], [99.5, 110.9705], [100, 112.0]]],
    ['[1, 3]', [1, 3], [[0, 1], [10, 1.2], [25, 1.5], [50, 2], [90, 2.8], [99.5, 2.99], [100, 3]]],
    ['[42]', [42], [[0, 42], [10, 42], [50, 42], [99.5, 42], [100, 42]]],
    ['[5, 5, 5, 5]', [5, 5, 5, 5], [[0, 5], [25, 5], [90, 5], [100, 5]]],
  ];
  for (const [name, xs, points] of cases) {
    it(`matches np.percentile on ${name}`, () => {
      for (const [p, expected] of points) {
        expect(percentile(xs, p)).toBeCloseTo(expected, 12);
      }
    });
  }

  it('rejects p outside [0, 100]', () => {
    expect(() => percentile(A, -1)).toThrow(RangeError);
    expect(() => percentile(A, 100.5)).toThrow(RangeError);
    expect(() => percentile(A, Number.NaN)).toThrow(RangeError);
  });
});

describe('coefficientOfVariation', () => {
  it('matches scipy.stats.variation with ddof=1', () => {
    expect(coefficientOfVariation(A)).toBeCloseTo(0.6009588009621777, 12); // st.variation(A, ddof=1)
    expect(coefficientOfVariation(NEG)).toBeCloseTo(-4.611215694931781, 12); // st.variation(NEG, ddof=1)
    expect(coefficientOfVariation(T30)).toBeCloseTo(0.024638213557577296, 12); // st.variation(T30, ddof=1)
    expect(coefficientOfVariation([1, 3])).toBeCloseTo(0.7071067811865476, 14); // st.variation([1.0, 3.0], ddof=1)
    expect(coefficientOfVariation([5, 5, 5, 5])).toBe(0); // st.variation([5.0]*4, ddof=1)
    expect(coefficientOfVariation([42])).toBe(0); // stdev is 0 for n = 1
  });
});

describe('empty samples', () => {
  it('throw a RangeError wherever the value is undefined', () => {
    for (const f of [mean, median, stdev, mad, madScaled, min, max, coefficientOfVariation]) {
      expect(() => f([])).toThrow(RangeError);
    }
    expect(() => percentile([], 50)).toThrow(RangeError);
  });
});
