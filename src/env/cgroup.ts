import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readTextOrNull, underRoot } from './read-text.js';

/** One line of `/proc/self/cgroup`: `hierarchy-id:controller,list:/path`. */
export interface CgroupEntry {
  hierarchy: number;
  controllers: string[];
  path: string;
}

export interface CgroupProbeOptions {
  /** Filesystem root that `/proc` and `/sys` are read under (default `/`). */
  root?: string;
}

// Where the hierarchies are conventionally mounted. Reading /proc/self/mountinfo would find exotic
// mounts too, but every distribution and container runtime we know of uses these.
const CGROUP_MOUNT = '/sys/fs/cgroup';
const V2_MOUNTS = [CGROUP_MOUNT, `${CGROUP_MOUNT}/unified`];

/** Parses `/proc/self/cgroup`; lines that do not match the format are skipped. */
export function parseProcCgroup(text: string): CgroupEntry[] {
  const entries: CgroupEntry[] = [];
  for (const line of text.split('\n')) {
    // The path is the rest of the line: it may itself contain colons.
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, hierarchy = '', controllers = '', cgroupPath = ''] = match;
    entries.push({
      hierarchy: Number(hierarchy),
      controllers: controllers === '' ? [] : controllers.split(','),
      path: cgroupPath,
    });
  }
  return entries;
}

/** CPUs allowed by a cgroup v2 `cpu.max` (`200000 100000` → 2); null for `max` or junk. */
export function parseCpuMax(text: string): number | null {
  const [quota, period = '100000'] = text.trim().split(/\s+/);
  if (quota === undefined || quota === 'max') return null;
  return cpusFromQuota(quota, period);
}

/** CPUs allowed by cgroup v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`; null when unlimited (-1). */
export function parseCfsQuota(quotaText: string, periodText: string): number | null {
  return cpusFromQuota(quotaText.trim(), periodText.trim());
}

function cpusFromQuota(quota: string, period: string): number | null {
  if (!/^\d+$/.test(quota) || !/^\d+$/.test(period)) return null; // -1 means "no limit" in v1
  const q = Number(quota);
  const p = Number(period);
  return q > 0 && p > 0 ? q / p : null;
}

/**
 * The cgroup CPU quota of this process in CPUs (1.5 = one and a half CPUs), or null when there is
 * none or it cannot be read. Both cgroup v2 (`cpu.max`) and v1 (`cpu.cfs_quota_us`) are read,
 * at the process's own cgroup and every ancestor: each level caps its children, so the tightest
 * one wins.
 */
export async function readCgroupCpuQuota(opts: CgroupProbeOptions = {}): Promise<number | null> {
  const root = opts.root ?? '/';
  const text = await readTextOrNull(underRoot(root, '/proc/self/cgroup'));
  if (text === null) return null;
  const quotas: number[] = [];
  for (const entry of parseProcCgroup(text)) {
    if (entry.hierarchy === 0 && entry.controllers.length === 0) {
      for (const mount of V2_MOUNTS) {
        quotas.push(...(await quotasUpTheTree(underRoot(root, mount), entry.path, readCpuMax)));
      }
    } else if (entry.controllers.includes('cpu')) {
      const mount = await findV1CpuMount(root, entry.controllers);
      if (mount !== null) quotas.push(...(await quotasUpTheTree(mount, entry.path, readCfsQuota)));
    }
  }
  return quotas.length === 0 ? null : Math.min(...quotas);
}

async function readCpuMax(dir: string): Promise<number | null> {
  const text = await readTextOrNull(path.join(dir, 'cpu.max'));
  return text === null ? null : parseCpuMax(text);
}

async function readCfsQuota(dir: string): Promise<number | null> {
  const quota = await readTextOrNull(path.join(dir, 'cpu.cfs_quota_us'));
  const period = await readTextOrNull(path.join(dir, 'cpu.cfs_period_us'));
  return quota === null || period === null ? null : parseCfsQuota(quota, period);
}

/**
 * Reads the quota at the cgroup's directory and each ancestor up to the mount point. Levels that
 * do not exist are skipped rather than ending the walk: without a cgroup namespace a container
 * sees the host's path (`/docker/<id>`) while its own cgroup is mounted at the root.
 */
async function quotasUpTheTree(
  mount: string,
  cgroupPath: string,
  read: (dir: string) => Promise<number | null>,
): Promise<number[]> {
  const found: number[] = [];
  // Joining onto '/' normalises away `..` segments (seen for processes outside the namespace).
  let rel = path.posix.join('/', cgroupPath);
  for (;;) {
    const quota = await read(path.join(mount, rel));
    if (quota !== null) found.push(quota);
    if (rel === '/') return found;
    rel = path.posix.dirname(rel);
  }
}

async function findV1CpuMount(root: string, controllers: string[]): Promise<string | null> {
  const names = [controllers.join(','), 'cpu', 'cpu,cpuacct', 'cpuacct,cpu'];
  for (const name of names) {
    const dir = underRoot(root, `${CGROUP_MOUNT}/${name}`);
    try {
      if ((await stat(dir)).isDirectory()) return dir;
    } catch {
      // not mounted under this name; try the next
    }
  }
  return null;
}
