/**
 * Reference values from tests/stats/reference-values.py (numpy 1.24.2, scipy 1.10.1 on
 * Debian's /usr/bin/python3):
 *
 *   s = np.sort(x); med = np.median(s); lo, hi = s[k - 1], s[n - k]   (k from binom.cdf, see median-ci)
 *   max(med - lo, hi - med) / med
 */
import { describe, expect, it } from 'vitest';
import { relativeCiHalfWidth } from '../../src/stats/relative-precision.js';

const A = [2.5, 3.1, 4.7, 1.2, 9.8, 3.3, 5.0, 2.2, 7.6, 4.1];
const T30 = [
  101.2, 99.8, 100.5, 102.3, 98.9, 100.1, 101.7, 99.5, 100.9, 103.4, 100.0, 99.2, 101.1, 100.6, 98.4, 102.8,
  100.3, 99.9, 101.5, 100.7, 99.6, 100.2, 104.9, 100.4, 99.1, 101.9, 100.8, 99.7, 100.05, 112.0,
];

describe('relativeCiHalfWidth', () => {
  it('uses the wider side of the median interval', () => {
    // median 100.45, CI [100.0, 101.1]
    expect(relativeCiHalfWidth(T30)).toBeCloseTo(0.006470881035340881, 12);
    // median 3.6999999999999997, CI [2.2, 7.6]
    expect(relativeCiHalfWidth(A)).toBeCloseTo(1.0540540540540542, 12);
  });

  it('shrinks as the level drops', () => {
    expect(relativeCiHalfWidth(T30, 0.9)).toBeLessThan(relativeCiHalfWidth(T30, 0.99));
  });

  it('is Infinity when n is too small for an exact interval', () => {
    expect(relativeCiHalfWidth([42])).toBe(Number.POSITIVE_INFINITY);
    expect(relativeCiHalfWidth([1, 3])).toBe(Number.POSITIVE_INFINITY);
    expect(relativeCiHalfWidth([1, 2, 3, 4, 5])).toBe(Number.POSITIVE_INFINITY);
    expect(relativeCiHalfWidth([1, 2, 3, 4, 5, 6])).toBeCloseTo(2.5 / 3.5, 14); // n = 6: x(1), x(6)
  });

  it('is 0 for all-equal samples and Infinity for a zero median', () => {
    expect(relativeCiHalfWidth([5, 5, 5, 5, 5, 5])).toBe(0);
    expect(relativeCiHalfWidth([-2, -1, 0, 0, 0, 1, 2])).toBe(Number.POSITIVE_INFINITY);
  });

  it('measures relative to |median| for negative data', () => {
    // [-3.5, -1.0, 0.0, 2.25, -7.75, 4.5, -0.5]: median -0.5, CI x(1), x(7) = [-7.75, 4.5]
    expect(relativeCiHalfWidth([-3.5, -1.0, 0.0, 2.25, -7.75, 4.5, -0.5])).toBe(14.5);
  });

  it('throws a RangeError on an empty sample', () => {
    expect(() => relativeCiHalfWidth([])).toThrow(RangeError);
  });
});
