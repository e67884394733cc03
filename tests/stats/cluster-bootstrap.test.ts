/**
 * The two-stage cluster bootstrap against its exact distribution, enumerated for a small case by
 * tests/stats/cluster-reference-values.py (stdlib Python): 3 processes × 3 values, 27 draws of
 * processes × 27³ draws of values, every outcome equally likely.
 */
import { describe, expect, it } from 'vitest';
import { clusterBootstrapMedian, clusterBootstrapRatio, relativeClusterHalfWidth } from '../../src/stats/cluster-bootstrap.js';
import { mulberry32 } from '../../src/stats/random.js';
import { speedup } from '../../src/stats/speedup.js';

const CLUSTERS = [[10, 12, 11], [20, 21, 23], [15, 18, 14]];

/** n processes, each with K values around its own level: `between` spreads the levels, `within` the values. */
function processes(n: number, k: number, between: number, within: number, seed = 3): number[][] {
  const random = mulberry32(seed);
  const noise = (scale: number): number => (random() - 0.5) * 2 * scale;
  return Array.from({ length: n }, () => {
    const level = 100 * (1 + noise(between));
    return Array.from({ length: k }, () => level * (1 + noise(within)));
  });
}

describe('clusterBootstrapMedian', () => {
  it('is the median of all values', () => {
    expect(clusterBootstrapMedian(CLUSTERS).value).toBe(15); // statistics.median of the 9 values
    expect(clusterBootstrapMedian([[1, 2], [3, 4]]).value).toBe(2.5);
  });

  it('matches the exact two-stage bootstrap quantiles', () => {
    // cluster-reference-values.py: 2.5% quantile 11.0 (P(< 11) = 0.0093, P(≤ 11) = 0.1097), 97.5% 21.0 (P(< 21) = 0.8903, P(≤ 21) = 0.9907)
    for (const seed of [1, 2, 3]) {
      const ci = clusterBootstrapMedian(CLUSTERS, { seed, resamples: 20_000 });
      expect([ci.ciLow, ci.ciHigh]).toEqual([11, 21]);
    }
  });

  it('gives the interval of one value per process when every value of a process is equal', () => {
    const levels = [101, 97, 110, 99, 104, 93, 100, 108];
    const single = clusterBootstrapMedian(levels.map((level) => [level]));
    for (const k of [2, 3, 5]) {
      const repeated = clusterBootstrapMedian(levels.map((level) => Array.from({ length: k }, () => level)));
      expect(repeated).toEqual(single);
    }
  });

  it('is wider than the naive per-value interval when processes differ more than their values', () => {
    const clusters = processes(10, 5, 0.2, 0.01);
    const naive = clusterBootstrapMedian(clusters.flat().map((value) => [value]));
    const cluster = clusterBootstrapMedian(clusters);
    expect(cluster.value).toBe(naive.value);
    expect(cluster.ciHigh - cluster.ciLow).toBeGreaterThan(2 * (naive.ciHigh - naive.ciLow));
  });

  it('is about as wide as the naive interval when processes do not differ', () => {
    const clusters = processes(10, 5, 0, 0.1);
    const naive = clusterBootstrapMedian(clusters.flat().map((value) => [value]));
    const cluster = clusterBootstrapMedian(clusters);
    const ratio = (cluster.ciHigh - cluster.ciLow) / (naive.ciHigh - naive.ciLow);
    // Resampling both stages counts the within spread twice: somewhat wider, never narrower by much.
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(2);
  });

  it('narrows with more values per process when the values, not the processes, vary', () => {
    const few = clusterBootstrapMedian(processes(8, 2, 0.01, 0.2));
    const many = clusterBootstrapMedian(processes(8, 10, 0.01, 0.2));
    expect(many.ciHigh - many.ciLow).toBeLessThan(few.ciHigh - few.ciLow);
  });

  it('is deterministic for a seed, brackets its value and refuses empty input', () => {
    const clusters = processes(20, 3, 0.1, 0.05);
    expect(clusterBootstrapMedian(clusters, { seed: 4 })).toEqual(clusterBootstrapMedian(clusters, { seed: 4 }));
    // The bounds are order statistics of the data, so two seeds may agree; five do not.
    expect(new Set([4, 5, 6, 7, 8].map((seed) => JSON.stringify(clusterBootstrapMedian(clusters, { seed })))).size).toBeGreaterThan(1);
    const ci = clusterBootstrapMedian(clusters);
    expect(ci.ciLow).toBeLessThanOrEqual(ci.value);
    expect(ci.ciHigh).toBeGreaterThanOrEqual(ci.value);
    expect(() => clusterBootstrapMedian([])).toThrow(RangeError);
    expect(() => clusterBootstrapMedian([[1], []])).toThrow(/at least one value/);
    expect(() => clusterBootstrapMedian([[1]], { level: 1 })).toThrow(RangeError);
  });

  it('takes processes with different numbers of values', () => {
    const ci = clusterBootstrapMedian([[10], [20, 21], [15, 18, 14, 16]]);
    expect(ci.value).toBe(16);
    expect(ci.ciLow).toBeGreaterThanOrEqual(10);
    expect(ci.ciHigh).toBeLessThanOrEqual(21);
  });
});

describe('clusterBootstrapRatio', () => {
  it('is the ratio of the pooled medians', () => {
    expect(clusterBootstrapRatio([[20, 20], [22, 18]], [[10, 10], [11, 9]]).value).toBe(2);
  });

  it('is the unpaired bootstrap speedup when every process holds one value', () => {
    // One value per process: the first stage is an ordinary resample, drawn from the same generator as `speedup`.
    const base = [200, 210, 190, 205, 198, 202];
    const cells = [100, 104, 97, 101, 99, 103, 98];
    const ratio = clusterBootstrapRatio(base.map((v) => [v]), cells.map((v) => [v]), { resamples: 20_000 });
    const plain = speedup(base, cells, { resamples: 20_000 });
    expect(ratio.value).toBe(plain.value);
    expect(Math.abs(ratio.ciLow - plain.ciLow)).toBeLessThan(0.02);
    expect(Math.abs(ratio.ciHigh - plain.ciHigh)).toBeLessThan(0.02);
  });

  it('excludes 1 for clearly different sides and widens with the spread between processes', () => {
    const base = processes(8, 3, 0.02, 0.01, 5).map((cluster) => cluster.map((v) => v * 2));
    const tight = clusterBootstrapRatio(base, processes(8, 3, 0.02, 0.01, 6));
    const loose = clusterBootstrapRatio(base, processes(8, 3, 0.3, 0.01, 6));
    expect(tight.ciLow).toBeGreaterThan(1);
    expect(loose.ciHigh - loose.ciLow).toBeGreaterThan(tight.ciHigh - tight.ciLow);
  });
});

describe('relativeClusterHalfWidth', () => {
  it('is infinite below the minimum number of processes and the larger half-width otherwise', () => {
    const clusters = processes(6, 3, 0.05, 0.01);
    expect(relativeClusterHalfWidth(clusters.slice(0, 5), 6)).toBe(Number.POSITIVE_INFINITY);
    const ci = clusterBootstrapMedian(clusters);
    expect(relativeClusterHalfWidth(clusters, 6)).toBeCloseTo(Math.max(ci.value - ci.ciLow, ci.ciHigh - ci.value) / ci.value, 12);
    expect(relativeClusterHalfWidth([[0], [0]], 1)).toBe(Number.POSITIVE_INFINITY);
  });
});
