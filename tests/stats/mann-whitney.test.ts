/**
 * Mann-Whitney U against scipy 1.17.1 (tests/stats/compare-reference-values.py):
 * st.mannwhitneyu(x, y, alternative=..., method=..., use_continuity=...), whose
 * `statistic` is U1 (the statistic of x).
 */
import { describe, expect, it } from 'vitest';
import { averageRanks, mannWhitneyU, samplesForPValue, smallestTwoSidedP, type Alternative } from '../../src/stats/mann-whitney.js';

const X1 = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const Y1 = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
const X2 = [19, 22, 16, 29, 24];
const Y2 = [20, 11, 17, 12];
const TIES_X = [3, 3, 4, 5, 5, 5, 7];
const TIES_Y = [1, 2, 3, 3, 4, 4, 6, 8];
const SEP_X = Array.from({ length: 12 }, (_, i) => 13 + i);
const SEP_Y = Array.from({ length: 12 }, (_, i) => 1 + i);
// np.round(np.random.default_rng(7).lognormal(...), 6), drawn in this order.
const A20 = [
  1.000246, 1.06157, 0.946648, 0.836843, 0.913078, 0.8201, 1.012101, 1.307403, 0.906249, 0.883296, 1.102928, 1.073986,
  1.021307, 0.830196, 0.994167, 1.149194, 0.764263, 0.91254, 0.683694, 0.772667,
];
const B20 = [
  0.888388, 1.22505, 0.996517, 1.355612, 1.324918, 1.236907, 0.776195, 1.152878, 1.27163, 1.313456, 0.945513, 1.167015,
  1.055797, 1.092242, 1.587531, 1.092527, 1.275701, 1.532466, 1.14257, 1.255658,
];
const A40 = [
  1.022339, 1.012838, 0.782696, 1.015345, 1.312278, 0.733866, 1.187531, 1.024158, 0.879595, 1.491949, 1.164686, 0.78674,
  1.015015, 1.122253, 0.962947, 1.146349, 0.986785, 1.142764, 1.333363, 0.8736, 1.041464, 0.911502, 1.02578, 0.788645,
  0.8906, 0.961521, 1.196921, 1.257398, 0.767432, 0.853057, 1.138123, 0.671337, 0.911527, 0.980731, 1.285828, 1.147839,
  0.936653, 0.928936, 0.951192, 1.356226,
];
const B35 = [
  1.014499, 1.040045, 1.185919, 1.078796, 1.062413, 0.884429, 1.102627, 1.011348, 1.395462, 1.259378, 1.099847, 1.263235,
  1.032544, 1.364005, 1.103978, 1.241942, 0.853697, 1.184518, 0.788486, 0.735602, 1.039879, 0.92313, 1.142034, 1.731436,
  0.935808, 0.975516, 1.151518, 1.219697, 1.066859, 1.060578, 1.271876, 1.226276, 0.898764, 1.087807, 1.112998,
];

type Case = [x: number[], y: number[], method: 'exact' | 'asymptotic', alternative: Alternative, u1: number, p: number];

// scipy: st.mannwhitneyu(x, y, method=method, alternative=alternative) → (U1, p)
const SCIPY: Case[] = [
  [X2, Y2, 'exact', 'two-sided', 17, 0.1111111111111111],
  [X2, Y2, 'exact', 'less', 17, 0.9682539682539683],
  [X2, Y2, 'exact', 'greater', 17, 0.05555555555555555],
  [X2, Y2, 'asymptotic', 'two-sided', 17, 0.11134688653314041],
  [X2, Y2, 'asymptotic', 'less', 17, 0.9669037101389033],
  [X2, Y2, 'asymptotic', 'greater', 17, 0.055673443266570206],
  [SEP_X, SEP_Y, 'exact', 'two-sided', 144, 7.39602301050679e-7],
  [SEP_X, SEP_Y, 'exact', 'less', 144, 1.0],
  [SEP_X, SEP_Y, 'exact', 'greater', 144, 3.698011505253395e-7],
  [SEP_X, SEP_Y, 'asymptotic', 'two-sided', 144, 3.6584553538971e-5],
  [SEP_X, SEP_Y, 'asymptotic', 'less', 144, 0.9999857911661648],
  [SEP_X, SEP_Y, 'asymptotic', 'greater', 144, 1.82922767694855e-5],
  [A20, B20, 'exact', 'two-sided', 68, 0.00020062344867684132],
  [A20, B20, 'exact', 'less', 68, 0.00010031172433842066],
  [A20, B20, 'exact', 'greater', 68, 0.99991173101634],
  [A20, B20, 'asymptotic', 'two-sided', 68, 0.000374990409081374],
  [A20, B20, 'asymptotic', 'less', 68, 0.000187495204540687],
  [A20, B20, 'asymptotic', 'greater', 68, 0.9998309025949853],
  [B20, A20, 'exact', 'two-sided', 332, 0.00020062344867684132],
  [B20, A20, 'exact', 'greater', 332, 0.00010031172433842066],
  [B20, A20, 'asymptotic', 'less', 332, 0.9998309025949853],
  [A40, B35, 'exact', 'two-sided', 529, 0.07002699535698308],
  [A40, B35, 'exact', 'less', 529, 0.03501349767849154],
  [A40, B35, 'exact', 'greater', 529, 0.9658110484695485],
  [A40, B35, 'asymptotic', 'two-sided', 529, 0.07018879402473076],
  [A40, B35, 'asymptotic', 'less', 529, 0.03509439701236538],
  [A40, B35, 'asymptotic', 'greater', 529, 0.9657201459294847],
  // Tied data: scipy's asymptotic method with its tie correction.
  [X1, Y1, 'asymptotic', 'two-sided', 58, 0.13291945818531892],
  [X1, Y1, 'asymptotic', 'less', 58, 0.9442044002897128],
  [X1, Y1, 'asymptotic', 'greater', 58, 0.06645972909265946],
  [TIES_X, TIES_Y, 'asymptotic', 'two-sided', 36, 0.3776409863294925],
  [TIES_X, TIES_Y, 'asymptotic', 'less', 36, 0.841316840322433],
  [TIES_X, TIES_Y, 'asymptotic', 'greater', 36, 0.18882049316474625],
];

describe('mannWhitneyU', () => {
  it.each(SCIPY)('matches scipy (%#)', (x, y, method, alternative, u1, p) => {
    const result = mannWhitneyU(x, y, { method, alternative });
    expect(result.u).toBe(u1);
    expect(result.method).toBe(method);
    expect(Math.abs(result.pValue - p) / p).toBeLessThan(1e-9);
  });

  it('matches scipy without the continuity correction', () => {
    // st.mannwhitneyu(x, y, method='asymptotic', use_continuity=False).pvalue
    expect(mannWhitneyU(X1, Y1, { method: 'asymptotic', continuity: false }).pValue).toBeCloseTo(0.12189099149676101, 12);
    expect(mannWhitneyU(TIES_X, TIES_Y, { method: 'asymptotic', continuity: false }).pValue).toBeCloseTo(0.3466700468953371, 12);
  });

  it('auto: exact without ties up to 30 values a side, asymptotic with ties or beyond', () => {
    expect(mannWhitneyU(SEP_X, SEP_Y).method).toBe('exact');
    expect(mannWhitneyU(SEP_X, SEP_Y).pValue).toBeCloseTo(7.39602301050679e-7, 18);
    expect(mannWhitneyU(A20, B20).method).toBe('exact');
    expect(mannWhitneyU(X1, Y1).method).toBe('asymptotic');
    expect(mannWhitneyU(A40, B35).method).toBe('asymptotic');
  });

  it('gives p = 1 when every value is tied (scipy: U1 = 3, p = 1)', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5])).toEqual({ u: 3, pValue: 1, method: 'asymptotic' });
  });

  it('refuses empty samples, NaN, and exact p-values for tied data', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
    expect(() => mannWhitneyU([1, Number.NaN], [1])).toThrow(/NaN/);
    expect(() => mannWhitneyU(X1, Y1, { method: 'exact' })).toThrow(/ties/);
  });
});

describe('averageRanks', () => {
  it('gives tied values their average rank and reports the tie groups', () => {
    const { ranks, ties } = averageRanks([3, 1, 3, 2, 3]);
    expect([...ranks]).toEqual([4, 1, 4, 2, 4]);
    expect(ties).toEqual([3]);
  });
});

describe('smallestTwoSidedP and samplesForPValue', () => {
  it('is the exact p-value of fully separated samples: 2/C(n1 + n2, n1)', () => {
    expect(smallestTwoSidedP(5, 5)).toBeCloseTo(2 / 252, 15);
    expect(smallestTwoSidedP(6, 6)).toBeCloseTo(2 / 924, 15);
    expect(smallestTwoSidedP(3, 7)).toBeCloseTo(2 / 120, 15);
    expect(smallestTwoSidedP(1, 1)).toBe(1);
    const low = [1, 2, 3, 4, 5, 6];
    const high = [11, 12, 13, 14, 15, 16, 17];
    expect(mannWhitneyU(high, low).pValue).toBeCloseTo(smallestTwoSidedP(7, 6), 15);
  });

  it('finds the fewest samples a side whose best p-value passes a corrected level', () => {
    expect(samplesForPValue(0.01 / 11)).toBe(7); // 6 vs 6: 2/924 = 0.0022 ≥ 0.00091; 7 vs 7: 2/3432 = 0.00058
    expect(samplesForPValue(0.01)).toBe(5); // 2/252 = 0.0079
    expect(samplesForPValue(0.05)).toBe(4); // 2/70 = 0.029
  });
});
