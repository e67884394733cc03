import { describe, expect, it } from 'vitest';
import { intraclassCorrelation } from '../../src/stats/intraclass-correlation.js';

describe('intraclassCorrelation', () => {
  it('agrees with the one-way ANOVA ICC(1) of tests/stats/cluster-reference-values.py', () => {
    expect(intraclassCorrelation([[10, 12, 11], [20, 21, 23], [15, 18, 14]])).toBeCloseTo(0.9102730819245773, 12); // icc1(CLUSTERS)
    expect(intraclassCorrelation([[1, 2], [3, 5, 4], [9, 8, 10, 9.5]])).toBeCloseTo(0.9518874907475944, 12); // icc1(unequal)
  });

  it('is 1 when values are equal within processes and 0 when the processes do not differ', () => {
    expect(intraclassCorrelation([[5, 5], [7, 7], [9, 9]])).toBe(1);
    expect(intraclassCorrelation([[1, 3], [3, 1], [2, 2]])).toBe(0);
  });

  it('is undefined without two processes, a second value or any variance', () => {
    expect(intraclassCorrelation([[1, 2, 3]])).toBeNull();
    expect(intraclassCorrelation([[1], [2], [3]])).toBeNull();
    expect(intraclassCorrelation([[4, 4], [4, 4]])).toBeNull();
  });
});
