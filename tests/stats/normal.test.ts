/**
 * The standard normal upper tail against scipy 1.17.1 (tests/stats/compare-reference-values.py):
 * st.norm.sf(z).
 */
import { describe, expect, it } from 'vitest';
import { normalSf } from '../../src/stats/normal.js';

const SCIPY: readonly [number, number][] = [
  [0, 0.5],
  [0.5, 0.3085375387259869],
  [1, 0.15865525393145707],
  [2, 0.022750131948179195],
  [2.5, 0.006209665325776132],
  [2.9999, 0.001350341282954925],
  [3, 0.0013498980316300933],
  [4, 3.167124183311986e-5],
  [6, 9.865876450376946e-10],
  [10, 7.61985302416047e-24],
  [20, 2.7536241186061556e-89],
  [-1, 0.8413447460685429],
  [-4, 0.9999683287581669],
];

describe('normalSf', () => {
  it('matches scipy.stats.norm.sf to a relative 1e-13, far into the tail', () => {
    for (const [z, p] of SCIPY) expect(Math.abs(normalSf(z) - p) / p).toBeLessThan(1e-13);
  });

  it('is 0 and 1 at the infinities and NaN for NaN', () => {
    expect(normalSf(Infinity)).toBe(0);
    expect(normalSf(-Infinity)).toBe(1);
    expect(normalSf(Number.NaN)).toBeNaN();
  });
});
