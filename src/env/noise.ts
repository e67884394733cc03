import type { EnvironmentWarningCode } from '../core/warning-codes.js';
import type { CLEARED_PYTHON_VARIABLES } from '../python/python-env.js';
import type { MachineInfo } from './machine.js';

export type EnvWarningCode = EnvironmentWarningCode;

/** Something that makes results noisier or different; a value, not a log line. */
export interface EnvWarning {
  code: EnvWarningCode;
  /** `info` explains the numbers (a CPU limit); `warning` means they are less trustworthy. */
  severity: 'warning' | 'info';
  message: string;
}

/**
 * Variables that change what Python measures (debug checks, allocator hooks, tracing, the GIL).
 * The warning promises pyconc clears them, so each must be in the executor's cleared list; the
 * `satisfies` turns a broken promise into a compile error. Interactive-only ones (PYTHONSTARTUP)
 * are cleared too but not worth a warning.
 */
export const WARNED_PYTHON_VARIABLES = [
  'PYTHONASYNCIODEBUG',
  'PYTHONDEVMODE',
  'PYTHONMALLOC',
  'PYTHONMALLOCSTATS',
  'PYTHONTRACEMALLOC',
  'PYTHONPROFILEIMPORTTIME',
  'PYTHON_GIL',
] as const satisfies readonly (typeof CLEARED_PYTHON_VARIABLES)[number][];

/** Fraction of the usable CPUs that other work may occupy before results count as noisy. */
export const LOAD_THRESHOLD = 0.5;

/**
 * Fraction of the usable CPUs that other work may take *during* the run before it counts as busy:
 * lower than the load-average threshold because it counts only others' CPU time (pyconc's own is
 * taken out), and a quarter of the CPUs gone is a worker's share lost by the parallel modes.
 */
export const BUSY_THRESHOLD = 0.25;

export type CheckedMachine = Pick<
  MachineInfo,
  'loadAvg' | 'usableCpus' | 'logicalCpus' | 'affinityCpus' | 'cgroupQuotaCpus' | 'cpuFreq'
> & Partial<Pick<MachineInfo, 'loadDuringRun'>>;

/**
 * How busy other work kept the machine while the run went on, in words (`other work took 1.2 of 2
 * usable CPUs on average during the run`), or null when it stayed under BUSY_THRESHOLD or was not measured.
 */
export function busyDuringRun(machine: Pick<MachineInfo, 'usableCpus'> & Partial<Pick<MachineInfo, 'loadDuringRun'>>, during = 'during the run'): string | null {
  const others = machine.loadDuringRun?.otherCpus;
  if (others === null || others === undefined || others < BUSY_THRESHOLD * machine.usableCpus) return null;
  return `other work took ${formatNumber(others)} of ${cpus(machine.usableCpus, 'usable')} on average ${during}`;
}

/**
 * The load warning: measured during the run, the load is what the samples met; the load average
 * before it is only a hint, of the last minute, or of the last 5 and 15 where that minute was quiet.
 */
function loadWarning(machine: CheckedMachine): string | null {
  const usable = machine.usableCpus;
  const busy = busyDuringRun(machine);
  if (busy !== null) return `machine was busy: ${busy}; results are noisy and parallel speedups understated`;
  const during = machine.loadDuringRun?.otherCpus;
  if ((during !== null && during !== undefined) || machine.loadAvg == null) return null;
  const [now, five, fifteen] = machine.loadAvg;
  if (now >= LOAD_THRESHOLD * usable) return `machine is loaded: load ${formatNumber(now)} on ${cpus(usable, 'usable')}; results will be noisy`;
  // A quiet minute on a machine busy for the last 5 or 15 is a shared machine whose load comes and
  // goes (doctor saw 0.86 2.03 2.00 on 2 CPUs and said nothing): the next minute may not be quiet.
  if (Math.max(five, fifteen) >= LOAD_THRESHOLD * usable) {
    return `machine has been loaded: load ${formatNumber(now)} now but ${formatNumber(five)} over 5 minutes and ${formatNumber(fifteen)} over 15 ` +
      `on ${cpus(usable, 'usable')}; other work comes and goes, so results may be noisy`;
  }
  return null;
}

/** Checks the machine and environment for what makes benchmark results noisy or limited. */
export function checkEnvironment(
  machine: CheckedMachine,
  env: NodeJS.ProcessEnv = process.env,
): EnvWarning[] {
  const warnings: EnvWarning[] = [];
  const warn = (code: EnvWarningCode, message: string): void => {
    warnings.push({ code, severity: 'warning', message });
  };
  const usable = machine.usableCpus;

  const load = loadWarning(machine);
  if (load !== null) warn('machine-loaded', load);

  const governor = machine.cpuFreq?.governor;
  if (governor != null && governor !== 'performance') {
    warn(
      'cpu-governor',
      `CPU frequency governor is "${governor}", not "performance": clock speed varies with load, ` +
        'so samples vary too',
    );
  }

  if (machine.cpuFreq?.boost === true) {
    warn(
      'cpu-boost',
      'CPU turbo/boost is enabled: one busy core clocks higher than many, which understates ' +
        'parallel speedups and adds thermal noise',
    );
  }

  // Python ignores these variables when they are empty, so only non-empty ones count.
  const debugVars = WARNED_PYTHON_VARIABLES.filter((name) => (env[name] ?? '') !== '');
  if (debugVars.length > 0) {
    const list = debugVars.map((name) => `${name}=${env[name] ?? ''}`).join(', ');
    const them = debugVars.length === 1 ? 'it' : 'them';
    warn(
      'python-debug-env',
      `${list} set in this environment; pyconc clears ${them} for the benchmark processes, ` +
        `but Python started any other way still sees ${them}`,
    );
  }

  if (usable < machine.logicalCpus) {
    const limits: string[] = [];
    if (machine.affinityCpus !== null && machine.affinityCpus < machine.logicalCpus) {
      limits.push(`affinity mask allows ${machine.affinityCpus}`);
    }
    if (machine.cgroupQuotaCpus !== null && machine.cgroupQuotaCpus < machine.logicalCpus) {
      limits.push(`cgroup quota ${formatNumber(machine.cgroupQuotaCpus)} CPUs`);
    }
    const why = limits.length > 0 ? ` (${limits.join(', ')})` : '';
    warnings.push({
      code: 'cpus-limited',
      severity: 'info',
      message: `${cpus(usable, 'usable')} of ${machine.logicalCpus} logical${why}`,
    });
  }

  if (usable < 2) {
    warn(
      'single-cpu',
      `only ${cpus(usable, 'usable')}: parallel modes (processes, free-threaded threads) ` +
        'cannot show a speedup',
    );
  }

  return warnings;
}

function cpus(count: number, adjective: string): string {
  return `${count} ${adjective} ${count === 1 ? 'CPU' : 'CPUs'}`;
}

/** At most two decimals, no trailing zeros: 1.8, 0.25, 2. */
function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}
