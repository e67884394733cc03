import type { ProbeMeasures } from './probe-schema.js';

/** Without --tasks or --inputs: about this much of one loop's calls (ns). */
export const DEFAULT_SEQUENTIAL_NS = 1e9;
/** At least this many tasks, so that a pool has several per worker. */
export const MIN_DEFAULT_TASKS = 16;
/** At most this many: tiny calls would otherwise make millions. */
export const MAX_DEFAULT_TASKS = 100_000;

/**
 * The task count when the user gives none: about DEFAULT_SEQUENTIAL_NS of calls in one loop (a
 * batch worth a pool's start-up, short enough to sample several times within the budget), within
 * MIN_DEFAULT_TASKS..MAX_DEFAULT_TASKS. The advice says it chose, since the answer depends on it.
 */
export function defaultTaskCount(probe: Pick<ProbeMeasures, 'meanCallWallNs' | 'callWallNs'>): number {
  const call = Math.max(1, probe.meanCallWallNs, probe.callWallNs);
  return Math.round(Math.min(MAX_DEFAULT_TASKS, Math.max(MIN_DEFAULT_TASKS, DEFAULT_SEQUENTIAL_NS / call)));
}
