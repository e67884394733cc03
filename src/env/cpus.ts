import * as os from 'node:os';
import { readCgroupCpuQuota } from './cgroup.js';
import { readTextOrNull, underRoot } from './read-text.js';

/** How many CPUs this process can use, and what limits it. */
export interface UsableCpus {
  /** Logical CPUs the OS reports (`os.cpus().length`). */
  logical: number;
  /**
   * `os.availableParallelism()`. Kept apart from `logical` because libuv already applies the
   * affinity mask to it, which would hide exactly the limit we want to report.
   */
  availableParallelism: number;
  /** CPUs in this process's affinity mask (`Cpus_allowed_list`); null where not exposed. */
  affinity: number | null;
  /** cgroup CPU quota in CPUs, possibly fractional (1.5); null when there is none. */
  cgroupQuota: number | null;
  /** The unrounded minimum of all the above: the ideal-speedup ceiling for CPU-bound work. */
  capacity: number;
  /** Whole CPUs a CPU-bound pool can keep busy: max(1, floor(capacity)). */
  usable: number;
}

export interface CpuProbeOptions {
  /** Filesystem root that `/proc` and `/sys` are read under (default `/`). */
  root?: string;
  /** Overrides `os.cpus().length` (tests). */
  logicalCpus?: number;
  /** Overrides `os.availableParallelism()` (tests). */
  availableParallelism?: number;
}

// A malformed or hostile list must not make us allocate millions of entries.
const MAX_CPU_ID = 1 << 16;

/** Parses a kernel CPU list (`0-3,8,10-11`) into sorted, distinct CPU ids; null when malformed. */
export function parseCpuList(list: string): number[] | null {
  const text = list.trim();
  if (text === '') return null;
  const ids = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) return null;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first || last > MAX_CPU_ID) return null;
    for (let id = first; id <= last; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** The CPUs in `Cpus_allowed_list` of a `/proc/<pid>/status` text; null if absent or bad. */
export function parseCpusAllowedList(statusText: string): number[] | null {
  const match = /^Cpus_allowed_list:\s*(.*)$/m.exec(statusText);
  return match?.[1] === undefined ? null : parseCpuList(match[1]);
}

/** Number of CPUs in this process's affinity mask, or null where `/proc` does not tell. */
export async function readAffinityCpus(opts: { root?: string } = {}): Promise<number | null> {
  const status = await readTextOrNull(underRoot(opts.root ?? '/', '/proc/self/status'));
  if (status === null) return null;
  return parseCpusAllowedList(status)?.length ?? null;
}

/**
 * Reads how many CPUs this process may use: logical CPUs, affinity mask and cgroup quota.
 * Never throws; limits that cannot be read are null and do not constrain `usable`.
 */
export async function readUsableCpus(opts: CpuProbeOptions = {}): Promise<UsableCpus> {
  const fromOs = opts.availableParallelism ?? os.availableParallelism?.() ?? os.cpus().length;
  // os.cpus() is empty on some platforms and sandboxes; fall back rather than report 0.
  const logical = opts.logicalCpus ?? (os.cpus().length || fromOs);
  const availableParallelism = Math.max(1, fromOs);
  const [affinity, cgroupQuota] = await Promise.all([
    readAffinityCpus({ root: opts.root }),
    readCgroupCpuQuota({ root: opts.root }),
  ]);
  const capacity = Math.min(
    logical,
    availableParallelism,
    affinity ?? Number.POSITIVE_INFINITY,
    cgroupQuota ?? Number.POSITIVE_INFINITY,
  );
  // Round down: `usable` sizes CPU-bound pools and answers "how many workers can run flat out at
  // once". Under a 1.5-CPU quota a second busy worker is throttled for part of every period
  // (stalls of tens of milliseconds), which adds noise rather than a clean extra CPU; floor keeps
  // `usable` a guarantee. The fractional quota stays in `capacity` for the ideal-speedup bound,
  // so a real 1.4x speedup on 1.5 CPUs is not flagged as impossible.
  const usable = Math.max(1, Math.floor(capacity));
  return { logical, availableParallelism, affinity, cgroupQuota, capacity, usable };
}
