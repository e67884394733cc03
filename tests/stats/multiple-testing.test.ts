/**
 * Holm and Benjamini-Hochberg adjusted p-values, computed from their definitions in
 * tests/stats/compare-reference-values.py (numpy 2.4.6; statsmodels is not installed);
 * BH cross-checked there with scipy 1.17.1's st.false_discovery_control(p, method='bh').
 */
import { describe, expect, it } from 'vitest';
import { adjustPValues, benjaminiHochberg, holm } from '../../src/stats/multiple-testing.js';

const P1 = [0.01, 0.04, 0.03, 0.005, 0.5, 0.02];
const P2 = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216];
const P3 = [0.2, 0.2, 0.01];

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index] as number, 14));
}

describe('holm', () => {
  it('matches the step-down definition', () => {
    expectClose(holm(P1), [0.05, 0.09, 0.09, 0.03, 0.5, 0.08]);
    expectClose(holm(P2), [0.01, 0.07200000000000001, 0.312, 0.312, 0.312, 0.312, 0.312, 0.615, 0.615, 0.615]);
    expectClose(holm(P3), [0.4, 0.4, 0.03]);
  });
});

describe('benjaminiHochberg', () => {
  it('matches scipy.stats.false_discovery_control', () => {
    expectClose(benjaminiHochberg(P1), [0.03, 0.048, 0.045, 0.03, 0.5, 0.04]);
    expectClose(benjaminiHochberg(P2), [0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.1057142857142857, 0.216, 0.216, 0.216]);
    expectClose(benjaminiHochberg(P3), [0.2, 0.2, 0.03]);
  });
});

describe('adjustPValues', () => {
  it('dispatches by name, leaves a single test alone and an empty family empty', () => {
    expect(adjustPValues(P1, 'holm')).toEqual(holm(P1));
    expect(adjustPValues(P1, 'bh')).toEqual(benjaminiHochberg(P1));
    expect(holm([0.03])).toEqual([0.03]);
    expect(benjaminiHochberg([])).toEqual([]);
  });

  it('never lowers a p-value and Holm is at least as strict as BH', () => {
    const h = holm(P2);
    const b = benjaminiHochberg(P2);
    P2.forEach((p, i) => {
      expect(b[i]).toBeGreaterThanOrEqual(p);
      expect(h[i]).toBeGreaterThanOrEqual(b[i] as number);
    });
  });

  it('refuses values outside [0, 1]', () => {
    expect(() => holm([0.5, 1.2])).toThrow(RangeError);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(RangeError);
  });
});
