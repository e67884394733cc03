/**
 * Modified z-scores (Iglewicz & Hoaglin 1993), reference values from
 * tests/stats/reference-values.py (numpy 1.24.2, scipy 1.10.1 on Debian's /usr/bin/python3):
 *
 *   z = 0.6745 * (x - np.median(x)) / st.median_abs_deviation(x)
 *   np.nonzero(np.abs(z) > threshold)[0]
 */
import { describe, expect, it } from 'vitest';
import { modifiedZScores, outlierIndices } from '../../src/stats/outliers.js';

const O = [10.1, 10.3, 9.9, 10.0, 10.2, 10.1, 30.0, 10.05, 9.95, 2.0];
const A = [2.5, 3.1, 4.7, 1.2, 9.8, 3.3, 5.0, 2.2, 7.6, 4.1];
const T30 = [
  101.2, 99.8, 100.5, 102.3, 98.9, 100.1, 101.7, 99.5, 100.9, 103.4, 100.0, 99.2, 101.1, 100.6, 98.4, 102.8,
  100.3, 99.9, 101.5, 100.7, 99.6, 100.2, 104.9, 100.4, 99.1, 101.9, 100.8, 99.7, 100.05, 112.0,
];

describe('modifiedZScores', () => {
  it('matches numpy/scipy on a sample with two gross outliers', () => {
    // median 10.075, MAD 0.125
    const expected = [
      0.1349000000000019, 1.2141000000000077, -0.9442999999999943, -0.4046999999999962, 0.6745,
      0.1349000000000019, 107.5153, -0.13489999999999233, -0.6745, -43.5727,
    ];
    modifiedZScores(O).forEach((z, i) => expect(z).toBeCloseTo(expected[i] as number, 10));
  });

  it('matches numpy/scipy on A', () => {
    // median 3.6999999999999997, MAD 1.25
    const expected = [
      -0.6475199999999999, -0.32375999999999977, 0.5396000000000003, -1.349, 3.2915600000000005,
      -0.21583999999999995, 0.7014800000000001, -0.8093999999999998, 2.10444, 0.21583999999999995,
    ];
    modifiedZScores(A).forEach((z, i) => expect(z).toBeCloseTo(expected[i] as number, 10));
  });

  it('is all zeros when MAD = 0 (no scale to measure against)', () => {
    expect(modifiedZScores([5, 5, 5, 9])).toEqual([0, 0, 0, 0]);
    expect(modifiedZScores([42])).toEqual([0]);
  });

  it('handles negative values', () => {
    // x = [-3.5, -1.0, 0.0, 2.25, -7.75, 4.5, -0.5]: median -0.5, MAD 2.75 (np.median, st.median_abs_deviation)
    const z = modifiedZScores([-3.5, -1.0, 0.0, 2.25, -7.75, 4.5, -0.5]);
    expect(z[4]).toBeCloseTo((0.6745 * (-7.75 + 0.5)) / 2.75, 14);
    expect(z[6]).toBe(0);
  });
});

describe('outlierIndices', () => {
  it('flags |z| > 3.5 by default', () => {
    expect(outlierIndices(O)).toEqual([6, 9]); // np.nonzero(np.abs(z) > 3.5)[0]
    expect(outlierIndices(A)).toEqual([]);
    expect(outlierIndices(T30)).toEqual([22, 29]);
  });

  it('takes a threshold', () => {
    expect(outlierIndices(A, 2)).toEqual([4, 8]); // np.nonzero(np.abs(z) > 2.0)[0]
    expect(outlierIndices(T30, 2)).toEqual([9, 15, 22, 29]);
  });

  it('finds none when MAD = 0, however far a value lies', () => {
    expect(outlierIndices([1, 1, 1, 1, 1, 1000])).toEqual([]);
    expect(outlierIndices([42])).toEqual([]);
  });

  it('finds none in n = 2', () => {
    expect(outlierIndices([1, 3])).toEqual([]); // z = ±0.6745
  });

  it('throws a RangeError on an empty sample', () => {
    expect(() => outlierIndices([])).toThrow(RangeError);
    expect(() => modifiedZScores([])).toThrow(RangeError);
  });
});
