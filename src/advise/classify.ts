import type { ProbeMeasures } from './probe-schema.js';

/** What kind of work a call is, from the probe (docs/advise.md, "Classification"). */
export const CLASSIFICATIONS = ['waits', 'holds-gil', 'releases-gil', 'mixed', 'payload-bound', 'fine-grained'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** The nature of a call's time, whatever its size: what the experiment's models follow. */
export type Nature = 'waits' | 'holds-gil' | 'releases-gil' | 'mixed';

/** At least this share of a call waiting (neither on a CPU nor in the run queue): it waits. */
export const WAITS_SHARE = 0.75;
/** Between this share and WAITS_SHARE: it waits part of the time and computes the rest (mixed). */
export const MIXED_SHARE = 0.25;
/** Two threads keeping at least this many CPUs busy (or ready) at once: the call releases the GIL. */
export const RELEASES_GIL_CPUS = 1.5;
/**
 * Nanoseconds a byte costs to cross a pipe on top of pickling it (a copy into the kernel and one out:
 * about 2 GB/s on the machines pyconc was built on), for the transfer estimate.
 */
export const PIPE_NS_PER_BYTE = 0.5;

/** The classification with the figures it rests on. */
export interface ClassifiedProbe {
  readonly classification: Classification;
  readonly nature: Nature;
  /** Share of a call's wall time spent waiting: 1 − (CPU + run-queue time) / wall, within 0..1. */
  readonly waitingShare: number;
  /** Whether two threads use more than one CPU at once; null where it cannot be told (one usable CPU). */
  readonly releasesGil: boolean | null;
  /** What moving one input there and its result back costs a process pool (pickling both ways and the pipe); null when either does not pickle. */
  readonly transferNs: number | null;
  /** What handing one task to the pool this work would use costs (a thread's, or a process's for work that holds the GIL). */
  readonly handoverNs: number | null;
  /** One line: why this class. */
  readonly why: string;
}

function share(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function micro(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toPrecision(3)} ms` : ns >= 1e3 ? `${(ns / 1e3).toPrecision(3)} µs` : `${Math.round(ns)} ns`;
}

/** The share of a call spent waiting: what neither ran on a CPU nor sat in the run queue. */
export function waitingShare(probe: Pick<ProbeMeasures, 'callWallNs' | 'callCpuNs' | 'callQueuedNs'>): number {
  if (probe.callWallNs <= 0) return 0;
  return Math.min(1, Math.max(0, 1 - (probe.callCpuNs + probe.callQueuedNs) / probe.callWallNs));
}

/** The nature of a call: how much of it waits, and whether its computing holds the GIL. */
function natureOf(waiting: number, releasesGil: boolean | null): Nature {
  if (waiting >= WAITS_SHARE) return 'waits';
  if (waiting > MIXED_SHARE) return 'mixed';
  return releasesGil === true ? 'releases-gil' : 'holds-gil';
}

/** What a process pool pays to move one input there and its result back, or null when one of them does not pickle. */
export function transferNs(probe: ProbeMeasures): number | null {
  if (probe.argPickleNs === null || probe.resultPickleNs === null || probe.argPickleBytes === null || probe.resultPickleBytes === null) return null;
  if (probe.argPickleError !== null || probe.resultPickleError !== null) return null;
  return probe.argPickleNs + probe.resultPickleNs + (probe.argPickleBytes + probe.resultPickleBytes) * PIPE_NS_PER_BYTE;
}

/** The hand-over the pool suited to this nature costs: a thread pool's, or a process pool's for work that holds the GIL. */
function handoverFor(nature: Nature, probe: ProbeMeasures): number | null {
  if (nature === 'holds-gil' && probe.processHandoverNs !== null) return probe.processHandoverNs;
  return probe.threadHandoverNs;
}

/**
 * Classifies a probed function (pure). First its nature: `waits` when at least WAITS_SHARE of a call
 * waits, `mixed` above MIXED_SHARE, else `releases-gil` when two threads keep RELEASES_GIL_CPUS busy,
 * else `holds-gil`. Then what dominates beside the work: when moving the data (transferNs) or handing
 * the task over (handoverNs) costs more than the call itself, the larger of the two names the class,
 * `payload-bound` or `fine-grained`: no model can parallelise what costs more to hand out than to do,
 * unless it batches calls (chunks) or leaves the data where it is (threads).
 */
export function classify(probe: ProbeMeasures): ClassifiedProbe {
  const waiting = waitingShare(probe);
  const releasesGil = probe.twoThreadsCpuPerWall === null ? null : probe.twoThreadsCpuPerWall >= RELEASES_GIL_CPUS;
  const nature = natureOf(waiting, releasesGil);
  const transfer = transferNs(probe);
  const handover = handoverFor(nature, probe);
  const call = probe.callWallNs;
  const base = { nature, waitingShare: waiting, releasesGil, transferNs: transfer, handoverNs: handover };
  const overhead = Math.max(transfer ?? 0, handover ?? 0);
  if (overhead > call) {
    if ((transfer ?? 0) >= (handover ?? 0)) {
      return { ...base, classification: 'payload-bound', why: `moving an input and its result between processes costs ${micro(transfer ?? 0)}, more than the call itself (${micro(call)})` };
    }
    return { ...base, classification: 'fine-grained', why: `a call (${micro(call)}) costs less than handing it to a ${nature === 'holds-gil' ? 'process' : 'thread'} (${micro(handover ?? 0)}): only chunks of calls can pay for a pool` };
  }
  const cpus = probe.twoThreadsCpuPerWall === null ? 'one usable CPU: whether it releases the GIL cannot be told' : `two threads keep ${probe.twoThreadsCpuPerWall.toFixed(1)} CPUs busy`;
  const why: Record<Nature, string> = {
    waits: `${share(waiting)} of a call is waiting (${micro(call)} a call, ${micro(probe.callCpuNs)} of it on a CPU)`,
    mixed: `${share(waiting)} of a call is waiting, the rest computing (${micro(call)} a call)`,
    'releases-gil': `${share(1 - waiting)} of a call computes and ${cpus}: it releases the GIL`,
    'holds-gil': `${share(1 - waiting)} of a call computes and ${cpus}${releasesGil === false ? ': it holds the GIL' : ''}`,
  };
  return { ...base, classification: nature, why: why[nature] };
}
