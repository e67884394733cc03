/**
 * Reference values: numpy 1.24.2 on Debian's /usr/bin/python3 (see reference-values.py).
 */
import { describe, expect, it } from 'vitest';
import { medianOfSorted, percentileOfSorted, requireNonEmpty, sortedCopy } from '../../src/stats/order-statistics.js';

describe('sortedCopy', () => {
  it('sorts numerically, not as strings, and leaves the input alone', () => {
    const xs = [10, 9, -2, 100, 1.5];
    expect(Array.from(sortedCopy(xs))).toEqual([-2, 1.5, 9, 10, 100]);
    expect(xs).toEqual([10, 9, -2, 100, 1.5]);
  });
});

describe('medianOfSorted and percentileOfSorted', () => {
  const sortedA = [1.2, 2.2, 2.5, 3.1, 3.3, 4.1, 4.7, 5.0, 7.6, 9.8]; // np.sort(A)
  it('match numpy on a sorted sample', () => {
    expect(medianOfSorted(sortedA)).toBe(3.6999999999999997); // np.median(A)
    expect(percentileOfSorted(sortedA, 25)).toBeCloseTo(2.65, 14); // np.percentile(A, 25)
    expect(percentileOfSorted(sortedA, 90)).toBeCloseTo(7.819999999999999, 14); // np.percentile(A, 90)
  });

  it('are exact at the ends', () => {
    expect(percentileOfSorted(sortedA, 0)).toBe(1.2);
    expect(percentileOfSorted(sortedA, 100)).toBe(9.8);
    expect(percentileOfSorted([7], 37)).toBe(7);
  });
});

describe('requireNonEmpty', () => {
  it('names the statistic in its RangeError', () => {
    expect(() => requireNonEmpty([], 'median')).toThrow(/median of an empty sample/);
    expect(() => requireNonEmpty([1], 'median')).not.toThrow();
  });
});
