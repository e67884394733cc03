import { describe, expect, it } from 'vitest';
import type { CheckedMachine, EnvWarning } from '../../src/env/noise.js';
import { CLEARED_PYTHON_VARIABLES, pythonEnvironment } from '../../src/python/python-env.js';
import { checkEnvironment, WARNED_PYTHON_VARIABLES } from '../../src/env/noise.js';

const quiet: CheckedMachine = {
  loadAvg: [0.1, 0.2, 0.1],
  usableCpus: 4,
  logicalCpus: 4,
  affinityCpus: 4,
  cgroupQuotaCpus: null,
  cpuFreq: null,
};

const codes = (warnings: EnvWarning[]): string[] => warnings.map((w) => w.code);

describe('checkEnvironment', () => {
  it('says nothing about a quiet machine', () => {
    expect(checkEnvironment(quiet, {})).toEqual([]);
  });

  it('warns when the 1-minute load reaches half the usable CPUs', () => {
    const loaded = { ...quiet, usableCpus: 2, logicalCpus: 2, affinityCpus: 2 };
    expect(checkEnvironment({ ...loaded, loadAvg: [0.99, 0, 0] }, {})).toEqual([]);
    expect(checkEnvironment({ ...loaded, loadAvg: [1.8, 0.5, 0.2] }, {})).toEqual([
      {
        code: 'machine-loaded',
        severity: 'warning',
        message: 'machine is loaded: load 1.8 on 2 usable CPUs; results will be noisy',
      },
    ]);
  });

  // Issue 21, item 15: doctor said "nothing found that would make measurements noisy" beside its own
  // load average of 0.86 2.03 2.00 on 2 CPUs.
  it('warns when the 5- or 15-minute load reached half the usable CPUs, however quiet the last minute', () => {
    const loaded = { ...quiet, usableCpus: 2, logicalCpus: 2, affinityCpus: 2 };
    expect(checkEnvironment({ ...loaded, loadAvg: [0.86, 2.03, 2.0] }, {})).toEqual([
      {
        code: 'machine-loaded',
        severity: 'warning',
        message: 'machine has been loaded: load 0.86 now but 2.03 over 5 minutes and 2 over 15 on 2 usable CPUs; other work comes and goes, so results may be noisy',
      },
    ]);
    expect(checkEnvironment({ ...loaded, loadAvg: [0.86, 0.9, 0.7] }, {})).toEqual([]);
    // Measured during a run, the load is what the samples met: the averages before it say nothing more.
    expect(checkEnvironment({ ...loaded, loadAvg: [0.86, 2.03, 2.0], loadDuringRun: { otherCpus: 0.1, loadAvgMax: 1, seconds: 60 } }, {})).toEqual([]);
  });

  it('skips the load check where there is no load average', () => {
    expect(checkEnvironment({ ...quiet, loadAvg: null }, {})).toEqual([]);
  });

  it('warns about a governor other than performance, when exposed', () => {
    const cpuFreq = { governor: 'powersave', boost: null, scalingDriver: 'intel_pstate' };
    const warnings = checkEnvironment({ ...quiet, cpuFreq }, {});
    expect(codes(warnings)).toEqual(['cpu-governor']);
    expect(warnings[0]?.message).toContain('"powersave"');
    const performance = { ...cpuFreq, governor: 'performance' };
    expect(checkEnvironment({ ...quiet, cpuFreq: performance }, {})).toEqual([]);
    const hidden = { ...cpuFreq, governor: null };
    expect(checkEnvironment({ ...quiet, cpuFreq: hidden }, {})).toEqual([]);
  });

  it('warns about turbo/boost only when known to be on', () => {
    const on = { governor: 'performance', boost: true, scalingDriver: null };
    expect(codes(checkEnvironment({ ...quiet, cpuFreq: on }, {}))).toEqual(['cpu-boost']);
    for (const boost of [false, null]) {
      expect(checkEnvironment({ ...quiet, cpuFreq: { ...on, boost } }, {})).toEqual([]);
    }
  });

  it('names the Python debug variables that are set, and ignores empty ones', () => {
    const env = { PYTHONASYNCIODEBUG: '1', PYTHONMALLOC: 'debug', PYTHONDEVMODE: '', PATH: '/bin' };
    const warnings = checkEnvironment(quiet, env);
    expect(codes(warnings)).toEqual(['python-debug-env']);
    expect(warnings[0]?.message).toBe(
      'PYTHONASYNCIODEBUG=1, PYTHONMALLOC=debug set in this environment; pyconc clears them ' +
        'for the benchmark processes, but Python started any other way still sees them',
    );
    for (const name of ['PYTHONDEVMODE', 'PYTHONTRACEMALLOC', 'PYTHON_GIL']) {
      const single = checkEnvironment(quiet, { [name]: '1' });
      expect(single.map((w) => w.message), name).toEqual([
        `${name}=1 set in this environment; pyconc clears it for the benchmark processes, ` +
          'but Python started any other way still sees it',
      ]);
    }
    // Interactive-only variables are cleared for samples but do not skew anyone's timings.
    expect(checkEnvironment(quiet, { PYTHONSTARTUP: '/home/u/.pythonrc' })).toEqual([]);
    // Nor does a bytecode cache switched off: the samples get theirs back, as on a user's machine.
    expect(checkEnvironment(quiet, { PYTHONDONTWRITEBYTECODE: '1' })).toEqual([]);
    expect(pythonEnvironment({ PYTHONDONTWRITEBYTECODE: '1', PATH: '/usr/bin' })).toEqual({ PATH: '/usr/bin', PYTHONHASHSEED: '0', PYTHONUNBUFFERED: '1' });
  });

  it('warns only about variables the executor really clears', () => {
    for (const name of WARNED_PYTHON_VARIABLES) {
      expect(CLEARED_PYTHON_VARIABLES as readonly string[]).toContain(name);
    }
  });

  it('notes CPU limits from affinity and quota as information', () => {
    const limited = { ...quiet, logicalCpus: 8, affinityCpus: 6, cgroupQuotaCpus: 4.5 };
    expect(checkEnvironment(limited, {})).toEqual([
      {
        code: 'cpus-limited',
        severity: 'info',
        message: '4 usable CPUs of 8 logical (affinity mask allows 6, cgroup quota 4.5 CPUs)',
      },
    ]);
  });

  it('warns that one usable CPU cannot show a parallel speedup', () => {
    const single = { ...quiet, usableCpus: 1, logicalCpus: 1, affinityCpus: 1, loadAvg: null };
    const warnings = checkEnvironment(single, {});
    expect(codes(warnings)).toEqual(['single-cpu']);
    expect(warnings[0]?.message).toBe(
      'only 1 usable CPU: parallel modes (processes, free-threaded threads) cannot show a speedup',
    );
  });

  it('reports several conditions together, in a stable order', () => {
    const bad: CheckedMachine = {
      loadAvg: [3, 2, 1],
      usableCpus: 1,
      logicalCpus: 4,
      affinityCpus: 4,
      cgroupQuotaCpus: 1.5,
      cpuFreq: { governor: 'ondemand', boost: true, scalingDriver: 'acpi-cpufreq' },
    };
    expect(codes(checkEnvironment(bad, { PYTHONDEVMODE: '1' }))).toEqual([
      'machine-loaded',
      'cpu-governor',
      'cpu-boost',
      'python-debug-env',
      'cpus-limited',
      'single-cpu',
    ]);
  });

  it('reads process.env by default', () => {
    expect(() => checkEnvironment(quiet)).not.toThrow();
  });
});

