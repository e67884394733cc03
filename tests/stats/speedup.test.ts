/**
 * Speedup = median(baseline) / median(samples) with a percentile bootstrap interval.
 * The draws come from our own seeded generator, so the interval cannot match scipy's
 * bit for bit; it is compared with scipy 1.10.1's unpaired percentile bootstrap of the
 * same statistic (tests/stats/reference-values.py, Debian's /usr/bin/python3):
 *
 *   ratio = lambda a, b, axis=-1: np.median(a, axis=axis) / np.median(b, axis=axis)
 *   st.bootstrap((BASE, T30), ratio, vectorized=True, paired=False, method='percentile',
 *                n_resamples=..., confidence_level=0.95, random_state=np.random.default_rng(seed))
 */
import { describe, expect, it } from 'vitest';
import { speedup } from '../../src/stats/speedup.js';

const T30 = [
  101.2, 99.8, 100.5, 102.3, 98.9, 100.1, 101.7, 99.5, 100.9, 103.4, 100.0, 99.2, 101.1, 100.6, 98.4, 102.8,
  100.3, 99.9, 101.5, 100.7, 99.6, 100.2, 104.9, 100.4, 99.1, 101.9, 100.8, 99.7, 100.05, 112.0,
];
const BASE = [
  200.4, 198.7, 201.9, 199.5, 202.6, 200.0, 197.8, 203.1, 199.9, 200.8, 201.2, 198.1, 204.5, 200.3, 199.2, 201.6,
  198.9, 200.6, 202.0, 199.4, 210.3, 200.1, 199.7, 201.4, 198.4, 200.9, 203.8, 199.0, 200.2, 201.0,
];

describe('speedup', () => {
  it('is the ratio of medians', () => {
    expect(speedup(BASE, T30).value).toBe(1.9945246391239424); // np.median(BASE) / np.median(T30)
    expect(speedup([5], [2]).value).toBe(2.5);
  });

  it('agrees with scipy.stats.bootstrap at 2000 resamples within Monte Carlo error', () => {
    // scipy, n_resamples=2000: seed 1 → [1.9826726230506044, 2.006524676971091],
    // seed 2 → [1.9826464182185026, 2.006979236939879], seed 3 → [1.9821049636726982, 2.0069825436408975]
    // scipy, n_resamples=100000 → [1.9821958456973297, 2.0069895157264104]
    for (const seed of [1, 2, 3]) {
      const { ciLow, ciHigh } = speedup(BASE, T30, { seed });
      expect(Math.abs(ciLow - 1.9821958456973297)).toBeLessThan(1.5e-3);
      expect(Math.abs(ciHigh - 2.0069895157264104)).toBeLessThan(1.5e-3);
    }
  });

  it('converges on scipy.stats.bootstrap with many resamples', () => {
    const { ciLow, ciHigh } = speedup(BASE, T30, { resamples: 100_000 });
    expect(ciLow).toBeCloseTo(1.9821958456973297, 4); // scipy, n_resamples=100000
    expect(ciHigh).toBeCloseTo(2.0069895157264104, 4);
  });

  it('is deterministic for a seed and varies with it', () => {
    expect(speedup(BASE, T30, { seed: 7 })).toEqual(speedup(BASE, T30, { seed: 7 }));
    expect(speedup(BASE, T30)).toEqual(speedup(BASE, T30, { seed: 1 }));
    expect(speedup(BASE, T30, { seed: 7 })).not.toEqual(speedup(BASE, T30, { seed: 8 }));
  });

  it('brackets the point value', () => {
    for (const [base, variant] of [
      [BASE, T30],
      [T30, T30],
      [T30, BASE],
    ] as const) {
      const s = speedup(base, variant);
      expect(s.ciLow).toBeLessThanOrEqual(s.value);
      expect(s.ciHigh).toBeGreaterThanOrEqual(s.value);
    }
  });

  it('excludes 1 for clearly different medians and includes it for the same sample', () => {
    const faster = speedup(BASE, T30);
    expect(faster.ciLow).toBeGreaterThan(1);
    const slower = speedup(T30, BASE);
    expect(slower.ciHigh).toBeLessThan(1);
    const same = speedup(T30, T30);
    expect(same.value).toBe(1);
    expect(same.ciLow).toBeLessThan(1);
    expect(same.ciHigh).toBeGreaterThan(1);
  });

  it('narrows as the level drops', () => {
    const wide = speedup(BASE, T30, { level: 0.99 });
    const narrow = speedup(BASE, T30, { level: 0.8 });
    expect(wide.ciHigh - wide.ciLow).toBeGreaterThan(narrow.ciHigh - narrow.ciLow);
  });

  it('degenerates to the point value for single, constant samples', () => {
    expect(speedup([5], [2])).toEqual({ value: 2.5, ciLow: 2.5, ciHigh: 2.5 });
    expect(speedup([4, 4, 4], [2, 2])).toEqual({ value: 2, ciLow: 2, ciHigh: 2 });
  });

  it('rejects empty samples and bad options', () => {
    expect(() => speedup([], T30)).toThrow(RangeError);
    expect(() => speedup(T30, [])).toThrow(RangeError);
    expect(() => speedup(T30, T30, { level: 1 })).toThrow(RangeError);
    expect(() => speedup(T30, T30, { resamples: 0 })).toThrow(RangeError);
    expect(() => speedup(T30, T30, { resamples: 1.5 })).toThrow(RangeError);
  });

  it('does 2000 resamples of 30 samples well under 20 ms', () => {
    speedup(BASE, T30); // warm the JIT, as a run of many cells would
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      speedup(BASE, T30, { seed: i });
      times.push(performance.now() - start);
    }
    expect(Math.min(...times)).toBeLessThan(20);
  });
});
