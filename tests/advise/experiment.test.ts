import { describe, expect, it } from 'vitest';
import { modeReasons, unsupportedReason } from '../../src/advise/applicability.js';
import { classify } from '../../src/advise/classify.js';
import { candidateCells, geometricCounts, MIN_RUNS, planExperiment, sweepCounts, totalNs, type ExperimentInputs } from '../../src/advise/experiment.js';
import type { ProbeMeasures } from '../../src/advise/probe-schema.js';
import { UsageError } from '../../src/core/errors.js';
import type { Mode } from '../../src/core/modes.js';
import { KINDS, probeOf } from './probes.js';

const PY311 = { id: 'cpython-3.11.7', hasInterpreterPool: false };
const PY314 = { id: 'cpython-3.14.8', hasInterpreterPool: true };

function inputs(probe: ProbeMeasures, overrides: Partial<ExperimentInputs> = {}): ExperimentInputs {
  const classified = classify(probe);
  const offers = { sync: !probe.isAsync || probe.hasTwin, async: probe.isAsync || probe.hasTwin };
  return {
    probe,
    classified,
    interpreterStartNs: 60e6,
    usableCpus: 2,
    tasks: 64,
    nature: classified.nature,
    offers,
    payloadBound: classified.classification === 'payload-bound',
    fineGrained: classified.classification === 'fine-grained',
    reasons: modeReasons(offers, probe, PY311),
    modes: null,
    maxWorkers: null,
    availableNs: 55e9,
    budgetS: 60,
    overheadNs: 5e9,
    ...overrides,
  };
}

const modesOf = (cells: readonly { mode: Mode }[]): Mode[] => [...new Set(cells.map((cell) => cell.mode))];

describe('which modes can run the function', () => {
  it('follows what the function offers and what pickles', () => {
    const sync = { sync: true, async: false };
    expect(unsupportedReason('asyncio', sync, probeOf(), PY311)).toMatch(/needs an async def function: name an async twin with --async/);
    expect(unsupportedReason('threading', { sync: false, async: true }, probeOf(), PY311)).toMatch(/needs a sync function/);
    expect(unsupportedReason('async-processes', sync, probeOf(), PY311)).toMatch(/one function has no such split/);
    expect(unsupportedReason('interpreters', sync, probeOf(), PY311)).toMatch(/cpython-3\.11\.7 has no concurrent\.futures\.InterpreterPoolExecutor/);
    expect(unsupportedReason('interpreters', sync, probeOf(), PY314)).toBeNull();
    const lambda = probeOf({ functionPickleError: "PicklingError: Can't pickle <function <lambda>>" });
    for (const mode of ['multiprocessing', 'process-loops', 'interpreters'] as const) {
      expect(unsupportedReason(mode, sync, lambda, PY314)).toMatch(/the function cannot be pickled .*a lambda, a closure or a nested function must become a module-level def/);
    }
    expect(unsupportedReason('threading', sync, lambda, PY314)).toBeNull();
    expect(unsupportedReason('multiprocessing', sync, probeOf({ processError: 'the function raised NameError: name x is not defined' }), PY311)).toMatch(/in a pool's process the function raised NameError/);
  });
});

describe('the experiment: only what can change the answer', () => {
  it('sweeps threads and asyncio up to the task count for waits, processes only as references', () => {
    const waits = inputs({ ...KINDS.waits, isAsync: true, hasTwin: true }, { tasks: 100 });
    const cells = candidateCells(waits);
    const sweep = cells.filter((cell) => cell.role === 'sweep');
    expect(modesOf(sweep)).toEqual(['asyncio', 'threading']);
    expect(Math.max(...sweep.map((cell) => cell.workers))).toBe(100);
    expect(cells.filter((cell) => cell.role === 'reference').map((cell) => `${cell.mode} w=${cell.workers}`)).toEqual(['multiprocessing w=2', 'async-threads w=2', 'process-loops w=2']);
  });

  it('sweeps process pools up to and past the CPUs for work that holds the GIL, threads as a reference', () => {
    const cells = candidateCells(inputs(KINDS.holdsGil));
    expect(cells.filter((cell) => cell.mode === 'multiprocessing').map((cell) => cell.workers)).toEqual([2, 4]);
    expect(cells.find((cell) => cell.mode === 'threading')?.role).toBe('reference');
    expect(sweepCounts({ ...inputs(KINDS.holdsGil), usableCpus: 4 })).toEqual([2, 3, 4, 8]);
  });

  it('keeps data-heavy calls away from processes but still measures one as a reference', () => {
    const cells = candidateCells(inputs(KINDS.largeResult));
    expect(cells.find((cell) => cell.mode === 'multiprocessing')?.role).toBe('reference');
  });

  it('adds one-task-at-a-time hand-overs beside chunks for fine-grained calls', () => {
    const cells = candidateCells(inputs(KINDS.tiny, { tasks: 10_000 }));
    expect(cells.filter((cell) => cell.chunksize === 1).map((cell) => cell.mode)).toEqual(['multiprocessing']);
  });

  it('sweeps what an async def function can run when the work suits other models', () => {
    const asyncCpu = probeOf({ isAsync: true });
    const cells = candidateCells(inputs(asyncCpu, { reasons: modeReasons({ sync: false, async: true }, asyncCpu, PY311) }));
    expect(candidateCells(inputs(KINDS.holdsGil)).some((cell) => cell.mode === 'process-loops')).toBe(false);
    expect(modesOf(cells.filter((cell) => cell.role === 'sweep'))).toEqual(['asyncio', 'process-loops']);
  });

  it('honours --modes and --max-workers, and refuses modes that leave nothing to run', () => {
    const only = candidateCells(inputs(KINDS.waits, { modes: ['threading'], maxWorkers: 8 }));
    expect(modesOf(only)).toEqual(['sequential', 'threading']);
    // Modes asked for by name are compared, each swept: none is a mere reference.
    const named = candidateCells(inputs(KINDS.holdsGil, { modes: ['threading', 'multiprocessing'] }));
    expect(named.filter((cell) => cell.role === 'reference')).toEqual([]);
    expect(named.find((cell) => cell.mode === 'threading' && cell.workers === 2)?.priority).toBe(2);
    expect(Math.max(...only.map((cell) => cell.workers))).toBe(8);
    expect(() => candidateCells(inputs(KINDS.waits, { modes: ['asyncio'] }))).toThrow(/no concurrency mode can run this function among --modes asyncio \(.*asyncio: it needs an async def function/);
  });

  it('spaces sweeps geometrically, both ends included', () => {
    expect(geometricCounts(2, 64)).toEqual([2, 4, 8, 16, 32, 64]);
    expect(geometricCounts(2, 100)).toEqual([2, 4, 10, 21, 46, 100]);
    expect(geometricCounts(2, 2)).toEqual([2]);
  });
});

describe('the budget', () => {
  it('fits the whole experiment: samples, warmups and each cell stopping at its time budget', () => {
    const plan = planExperiment(inputs(KINDS.holdsGil), []);
    expect(plan.sampling.minRuns).toBeGreaterThanOrEqual(MIN_RUNS);
    expect(totalNs(plan.cells, plan.sampling.warmup, plan.sampling.minRuns, plan.sampling.maxTimeS * 1e9)).toBeLessThanOrEqual(55e9);
    expect(plan.estimatedNs).toBeLessThanOrEqual(55e9);
    expect(plan.leftOut).toBe(0);
  });

  it('leaves out references and sweep points first when short, and says how many', () => {
    const full = candidateCells(inputs(KINDS.waits, { tasks: 400 }));
    const plan = planExperiment(inputs(KINDS.waits, { tasks: 400, availableNs: 25e9 }), []);
    expect(plan.leftOut).toBeGreaterThan(0);
    expect(plan.cells.length + plan.leftOut).toBe(full.length);
    expect(plan.cells.some((cell) => cell.mode === 'sequential')).toBe(true);
    expect(plan.cells.some((cell) => cell.priority === 1)).toBe(true);
  });

  it('refuses a budget that cannot measure anything, naming the smallest that could', () => {
    expect(() => planExperiment(inputs(KINDS.holdsGil, { tasks: 400, availableNs: 1e9, budgetS: 3 }), [])).toThrow(UsageError);
    expect(() => planExperiment(inputs(KINDS.holdsGil, { tasks: 400, availableNs: 1e9, budgetS: 3 }), [])).toThrow(/--budget 3: too small to measure anything here: 3 runs of sequential and of multiprocessing w=2 take about \d+ s beside the probe; the smallest budget that would is --budget \d+/);
  });
});
