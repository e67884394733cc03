import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { z } from 'zod';

/** What other work did to the machine while pyconc ran: `machine.loadDuringRun` of the results document. */
export const loadDuringRunSchema = z.object({
  /** CPUs that processes other than pyconc and its children kept busy, on average; null where /proc/stat is missing. */
  otherCpus: z.number().nonnegative().nullable(),
  /** The highest 1-minute load average seen (pyconc's own processes included). */
  loadAvgMax: z.number().nonnegative().nullable(),
  /** Seconds the monitor covered. */
  seconds: z.number().nonnegative(),
});

export type LoadDuringRun = z.infer<typeof loadDuringRunSchema>;

/** CPU time counters at one moment, in clock ticks. */
interface Reading {
  /** Busy ticks of all CPUs (user, nice, system, irq, softirq, steal). */
  readonly busy: number;
  /** All ticks of all CPUs. */
  readonly total: number;
  readonly cpus: number;
  /** This process's and its reaped children's user and system ticks. */
  readonly own: number;
}

/** Reads /proc/stat and /proc/self/stat under `root`; null where they are missing or malformed. */
export function readCpuTicks(root = '/'): Reading | null {
  try {
    const stat = readFileSync(`${root}proc/stat`, 'utf8');
    const lines = stat.split('\n');
    const fields = (lines[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const cpus = lines.filter((line) => /^cpu\d+\s/.test(line)).length;
    // After the command name in parentheses (which may hold spaces): utime, stime, cutime, cstime are fields 14–17.
    const self = readFileSync(`${root}proc/self/stat`, 'utf8');
    const rest = self.slice(self.lastIndexOf(')') + 1).trim().split(/\s+/).map(Number);
    const own = (rest[11] ?? 0) + (rest[12] ?? 0) + (rest[13] ?? 0) + (rest[14] ?? 0);
    const busy = user + nice + system + irq + softirq + steal;
    const total = busy + idle + iowait;
    if (cpus === 0 || !Number.isFinite(busy + total + own)) return null;
    return { busy, total, cpus, own };
  } catch {
    return null;
  }
}

/** Other work's average CPUs between two readings: busy ticks not spent by pyconc, over the elapsed ticks of one CPU. */
export function otherCpusBetween(first: Reading, last: Reading): number | null {
  const elapsed = (last.total - first.total) / last.cpus;
  if (!(elapsed > 0)) return null;
  return Math.max(0, (last.busy - first.busy - (last.own - first.own)) / elapsed);
}

/** A running monitor; `lap` says what it saw since the last lap (or the start), `stop` ends it and says what it saw in all. */
export interface LoadMonitor {
  lap(): LoadDuringRun;
  stop(): LoadDuringRun;
}

export interface LoadMonitorOptions {
  readonly intervalMs?: number;
  readonly read?: () => Reading | null;
  readonly loadAvg?: () => number;
  readonly now?: () => number;
}

/**
 * Samples the machine every second while a run goes on: the CPU time others take (from /proc/stat
 * less pyconc's own and its children's, which the kernel adds up as they are reaped; each sample
 * is one harness process, so by the end of the run all of it is counted) and the load average.
 * The timer is unref'd: it never keeps the process alive.
 */
export function startLoadMonitor(options: LoadMonitorOptions = {}): LoadMonitor {
  const read = options.read ?? (() => readCpuTicks());
  const loadAvg = options.loadAvg ?? (() => (process.platform === 'win32' ? Number.NaN : (os.loadavg()[0] ?? Number.NaN)));
  const now = options.now ?? (() => Date.now());
  const started = now();
  const first = read();
  let last = first;
  let loadAvgMax: number | null = null;
  // The lap in progress: where it began and the highest load average seen in it.
  let lapStarted = started;
  let lapFirst = first;
  let lapLoadAvgMax: number | null = null;
  const sample = (): void => {
    last = read() ?? last;
    const load = loadAvg();
    if (Number.isFinite(load)) {
      loadAvgMax = Math.max(loadAvgMax ?? 0, load);
      lapLoadAvgMax = Math.max(lapLoadAvgMax ?? 0, load);
    }
  };
  const seen = (from: Reading | null, since: number, max: number | null): LoadDuringRun => {
    const otherCpus = from === null || last === null ? null : otherCpusBetween(from, last);
    return { otherCpus: otherCpus === null ? null : Math.round(otherCpus * 100) / 100, loadAvgMax: max, seconds: Math.round((now() - since) / 100) / 10 };
  };
  sample();
  const timer = setInterval(sample, options.intervalMs ?? 1000);
  timer.unref();
  return {
    lap() {
      sample();
      const result = seen(lapFirst, lapStarted, lapLoadAvgMax);
      lapStarted = now();
      lapFirst = last;
      lapLoadAvgMax = null;
      return result;
    },
    stop() {
      clearInterval(timer);
      sample();
      return seen(first, started, loadAvgMax);
    },
  };
}
