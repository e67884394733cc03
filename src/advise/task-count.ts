import type { ProbeMeasures } from './probe-schema.js';

/** Without --tasks or --inputs: about this much of one loop's calls (ns). */
export const DEFAULT_SEQUENTIAL_NS = 1e9;
/** At least this many tasks, so that a pool has several per worker. */
export const MIN_DEFAULT_TASKS = 16;
/** At most this many: tiny calls would otherwise make millions. */
export const MAX_DEFAULT_TASKS = 20_000;
/** At most this many bytes of results a sample (pickled size): each is kept and folded into the checksum. */
export const MAX_DEFAULT_RESULT_BYTES = 64 * 1024 * 1024;

/**
 * The task count when the user gives none: about DEFAULT_SEQUENTIAL_NS of calls in one loop (a
 * batch worth a pool's start-up, short enough to sample several times within the budget), within
 * MIN_DEFAULT_TASKS..MAX_DEFAULT_TASKS, and at most MAX_DEFAULT_RESULT_BYTES of results. The advice
 * says it chose, since the answer depends on it.
 */
export function defaultTaskCount(probe: Pick<ProbeMeasures, 'meanCallWallNs' | 'callWallNs' | 'resultPickleBytes'>): number {
  const call = Math.max(1, probe.meanCallWallNs, probe.callWallNs);
  const byVolume = MAX_DEFAULT_RESULT_BYTES / Math.max(1, probe.resultPickleBytes ?? 0);
  return Math.round(Math.min(MAX_DEFAULT_TASKS, byVolume, Math.max(MIN_DEFAULT_TASKS, DEFAULT_SEQUENTIAL_NS / call)));
}

/** Why the default count is what it is, in words, for the advice's note. */
export function defaultTaskReason(tasks: number, probe: Pick<ProbeMeasures, 'meanCallWallNs' | 'callWallNs'>): string {
  const seconds = (tasks * Math.max(1, probe.meanCallWallNs, probe.callWallNs)) / 1e9;
  const loop = seconds >= 0.1 ? `about ${seconds.toPrecision(2)} s of them in one loop` : `${(seconds * 1e3).toPrecision(2)} ms of them in one loop (at most ${MAX_DEFAULT_TASKS} calls, or ${MAX_DEFAULT_RESULT_BYTES / 1024 / 1024} MiB of results, are chosen)`;
  return `--tasks not given: ${tasks} calls, ${loop}; the answer depends on the count, so give your own`;
}
