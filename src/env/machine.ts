import * as os from 'node:os';
import { z } from 'zod';
import { readCpuFreq } from './cpu-freq.js';
import { loadDuringRunSchema } from './load-monitor.js';
import { readUsableCpus } from './cpus.js';
import { readTextOrNull, underRoot } from './read-text.js';

/** CPU frequency scaling state in the results document. */
export const cpuFreqSchema = z.object({
  governor: z.string().nullable(),
  boost: z.boolean().nullable(),
  scalingDriver: z.string().nullable(),
});

/** The `machine` object of the results document. */
export const machineInfoSchema = z.object({
  cpuModel: z.string().nullable(),
  /** Logical CPUs the OS reports. */
  logicalCpus: z.number().int().positive(),
  /** `os.availableParallelism()`: libuv's view, already narrowed by the affinity mask. */
  availableParallelism: z.number().int().positive(),
  /** Whole CPUs a CPU-bound pool can keep busy (see `readUsableCpus`). */
  usableCpus: z.number().int().positive(),
  affinityCpus: z.number().int().positive().nullable(),
  /** cgroup quota in CPUs, possibly fractional. */
  cgroupQuotaCpus: z.number().positive().nullable(),
  /** Unrounded min(logical, affinity, quota): the ceiling for an ideal CPU-bound speedup. */
  cpuCapacity: z.number().positive(),
  /** 1, 5 and 15-minute load averages when sampled; null on Windows, which has none. */
  loadAvg: z.tuple([z.number(), z.number(), z.number()]).nullable(),
  os: z.string(),
  /** `os.release()`, e.g. the Linux kernel release. */
  osRelease: z.string(),
  /** `PRETTY_NAME` from os-release, e.g. `Debian GNU/Linux 12 (bookworm)`. */
  distro: z.string().nullable(),
  /** `os.version()`, the kernel build string. */
  kernel: z.string(),
  arch: z.string(),
  /** Present only when asked for: results files get shared, host names are often internal. */
  hostname: z.string().optional(),
  totalMemBytes: z.number().int().nonnegative(),
  cpuFreq: cpuFreqSchema.nullable(),
  /** What other work took while the run went on (env/load-monitor.ts); absent before the run ends. */
  loadDuringRun: loadDuringRunSchema.optional(),
});

export type MachineInfo = z.infer<typeof machineInfoSchema>;

export interface MachineProbeOptions {
  /** Filesystem root that `/proc`, `/sys` and `/etc` are read under (default `/`). */
  root?: string;
  /** Record `os.hostname()` (default false). */
  includeHostname?: boolean;
}

/** Describes this machine for the results document; never throws on missing /proc or /sys. */
export async function readMachine(opts: MachineProbeOptions = {}): Promise<MachineInfo> {
  const root = opts.root ?? '/';
  const [cpus, cpuFreq, distro] = await Promise.all([
    readUsableCpus({ root }),
    readCpuFreq({ root }),
    readDistro(root),
  ]);
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  const model = os.cpus()[0]?.model.trim();
  return {
    cpuModel: model ? model : null,
    logicalCpus: cpus.logical,
    availableParallelism: cpus.availableParallelism,
    usableCpus: cpus.usable,
    affinityCpus: cpus.affinity,
    cgroupQuotaCpus: cpus.cgroupQuota,
    cpuCapacity: cpus.capacity,
    // Windows reports [0, 0, 0], which would read as "idle" rather than "unknown".
    loadAvg: process.platform === 'win32' ? null : [one, five, fifteen],
    os: process.platform,
    osRelease: os.release(),
    distro,
    kernel: os.version(),
    arch: process.arch,
    ...(opts.includeHostname ? { hostname: os.hostname() } : {}),
    totalMemBytes: os.totalmem(),
    cpuFreq,
  };
}

/** `PRETTY_NAME` of an os-release file's text, or null. */
export function parseOsReleaseName(text: string): string | null {
  const match = /^PRETTY_NAME=(.*)$/m.exec(text);
  const raw = match?.[1]?.trim();
  if (!raw) return null;
  const unquoted = /^(["'])(.*)\1$/.exec(raw)?.[2] ?? raw;
  return unquoted === '' ? null : unquoted;
}

async function readDistro(root: string): Promise<string | null> {
  // /etc/os-release is the standard location; /usr/lib/os-release the documented fallback.
  for (const file of ['/etc/os-release', '/usr/lib/os-release']) {
    const text = await readTextOrNull(underRoot(root, file));
    if (text !== null) return parseOsReleaseName(text);
  }
  return null;
}
