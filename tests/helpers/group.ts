import type { CellKey } from '../../src/core/cell-key.js';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import type { Cell, Sample } from '../../src/results/results-schema.js';
import { mulberry32 } from '../../src/stats/random.js';
import { okCell } from './document.js';

/** Options of {@link groupCell}. */
export interface GroupCellOptions {
  /** Median wall time, ms. */
  wallMs: number;
  /** CPU time over wall time (1: CPU-bound, 0.01: waiting). Default 1. */
  cpuShare?: number;
  /** The pool's start-up inside the wall time, ms. Default 0. */
  setupMs?: number;
  /** Peak RSS, KiB. Default 10 MB. */
  rssKb?: number;
  /** Samples. Default 12. */
  n?: number;
  /** Spread of the seeded log-normal noise (about the CV). Default 0.03. */
  cv?: number;
  seed?: number;
  /** Workload metrics of each sample (its wall time in ms given). */
  metrics?: (wallMs: number) => Record<string, number>;
  /** p99 task latency of each sample, ms (its wall time in ms given). */
  p99Ms?: (wallMs: number) => number;
  key?: Partial<CellKey>;
}

/** An ok cell of the group `demo` with seeded noisy samples: wall, setup inside it, CPU time, RSS, metrics. */
export function groupCell(mode: CellKey['mode'], workers: number, options: GroupCellOptions): Cell {
  const { wallMs, cpuShare = 1, setupMs = 0, rssKb = 10_240, n = 12, cv = 0.03, seed = workers * 31 + mode.length, key = {} } = options;
  const random = mulberry32(seed);
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const samples: Sample[] = Array.from({ length: n }, () => {
    const wallNs = Math.round(wallMs * 1e6 * Math.exp(sigma * normal()));
    const setupNs = Math.min(Math.round(setupMs * 1e6), wallNs - 1);
    return {
      wallNs,
      setupNs,
      workNs: wallNs - setupNs,
      cpuUserNs: Math.round(wallNs * cpuShare),
      cpuSysNs: 0,
      maxRssKb: rssKb,
      ...(options.p99Ms === undefined ? {} : { latencyP99Ns: Math.round(options.p99Ms(wallNs / 1e6) * 1e6) }),
      ...(options.metrics === undefined ? {} : { metrics: options.metrics(wallNs / 1e6) }),
    };
  });
  const base = okCell(mode, workers, wallMs * 1e6, { key: { scenario: 'demo', mode, workers, params: { tasks: 8 }, python: 'cpython-3.11.7', ...key } });
  return { ...base, samples };
}

/** The cells summarised as a run summarises a group (speedups, work speedups, CPU share), on 2 usable CPUs. */
export function summarised(cells: readonly Cell[], usableCpus = 2): Cell[] {
  return summariseGroup(cells, null, usableCpus);
}
