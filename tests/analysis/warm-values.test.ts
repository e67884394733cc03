import { describe, expect, it } from 'vitest';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import { summariseWarm, warmClusters } from '../../src/analysis/warm-values.js';
import { CLUSTER_BOOTSTRAP_METHOD, clusterBootstrapMedian } from '../../src/stats/cluster-bootstrap.js';
import { okCell } from '../helpers/document.js';
import { warmCell } from '../helpers/warm.js';

describe('warmClusters', () => {
  it('groups the warm values by process, or gives none unless every process has some', () => {
    expect(warmClusters([{ warmWorkNs: [1, 2] }, { warmWorkNs: [3] }])).toEqual([[1, 2], [3]]);
    expect(warmClusters([{ warmWorkNs: [1, 2] }, {}])).toBeNull();
    expect(warmClusters([{ warmWorkNs: [] }])).toBeNull();
    expect(warmClusters([])).toBeNull();
  });
});

describe('summariseWarm', () => {
  it('describes every value, with the cluster bootstrap interval over processes', () => {
    const clusters = [[10, 12, 11], [20, 21, 23], [15, 18, 14]];
    const warm = summariseWarm(clusters);
    const ci = clusterBootstrapMedian(clusters);
    expect(warm).toMatchObject({ n: 9, processes: 3, median: 15, min: 10, max: 23, ciLow: ci.ciLow, ciHigh: ci.ciHigh, ciMethod: CLUSTER_BOOTSTRAP_METHOD });
    expect(warm.icc).toBeCloseTo(0.9102730819245773, 12); // tests/stats/cluster-reference-values.py, icc1(CLUSTERS)
  });
});

describe('summariseGroup with warm values', () => {
  it('keeps the cold summaries as they were and adds the warm work time and the steady-state speedup', () => {
    // A pool that starts slowly: cold wall 300 ms against sequential's 200 ms, warm work 50 ms against 200 ms.
    const cells = summariseGroup([warmCell('sequential', 1, 200e6, 200e6, 3, 8, 0), warmCell('multiprocessing', 2, 300e6, 50e6)], null, 2);
    const [sequential, pool] = cells;
    expect(pool?.summary?.speedup?.value).toBeCloseTo(2 / 3, 2);
    expect(pool?.summary?.warmSpeedup?.value).toBeCloseTo(4, 2);
    expect(pool?.summary?.warmWorkNs).toMatchObject({ n: 16, processes: 8 });
    expect(pool?.summary?.wallNs.n).toBe(8);
    expect(sequential?.summary?.warmSpeedup?.value).toBe(1);
  });

  it('has no warm figures where the cells have one value per process', () => {
    const [, threads] = summariseGroup([okCell('sequential', 1, 1e8), okCell('threading', 2, 1e8)], null, 2);
    expect(threads?.summary?.warmWorkNs).toBeUndefined();
    expect(threads?.summary?.warmSpeedup).toBeUndefined();
  });
});
