import { describe, expect, it } from 'vitest';
import { buildAdvice, type AdviceInputs } from '../../src/advise/advice.js';
import { ADVICE_REPORTERS } from '../../src/advise/advice-reporters.js';
import { adviceSchema } from '../../src/advise/advice-schema.js';
import { modeReasons } from '../../src/advise/applicability.js';
import { classify } from '../../src/advise/classify.js';
import { AdapterExecutor, adapterPath, adviseScenario, experimentGroup } from '../../src/advise/experiment-group.js';
import { planExperiment } from '../../src/advise/experiment.js';
import type { ProbeMeasures } from '../../src/advise/probe-schema.js';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import type { Mode } from '../../src/core/modes.js';
import { MockExecutor } from '../../src/executor/mock-executor.js';
import { buildDocument } from '../../src/results/build-document.js';
import { runSuite } from '../../src/run/run-suite.js';
import { MACHINE } from '../helpers/document.js';
import { makeInterpreter } from '../helpers/scenario.js';
import { KINDS } from './probes.js';

/** Wall times (ms) of each cell, by `mode` or `mode w=N`; each sample 1% slower than the one before, as drift would make it. */
type Walls = Readonly<Record<string, number>>;

/** The advice for a probe whose experiment the mock executor answers with `walls`: every layer but Python, as `pyconc advise` runs them. */
async function adviseWith(probe: ProbeMeasures, walls: Walls, tasks = 64, chunk?: (mode: Mode) => number | null, starved = false) {
  const interpreter = makeInterpreter();
  const classified = classify(probe);
  const offers = { sync: !probe.isAsync || probe.hasTwin, async: probe.isAsync || probe.hasTwin };
  const reasons = modeReasons(offers, probe, interpreter);
  const unsupported = [...reasons].flatMap(([mode, reason]) => (reason === null ? [] : [{ mode, reason }]));
  const plan = planExperiment({
    probe, classified, interpreterStartNs: 60e6, usableCpus: 2, tasks, nature: classified.nature, offers,
    payloadBound: classified.classification === 'payload-bound', fineGrained: classified.classification === 'fine-grained',
    reasons, modes: null, maxWorkers: null, availableNs: 55e9, budgetS: 60, overheadNs: 5e9,
  }, unsupported);
  const scenario = adviseScenario('work.py:check', 'test', adapterPath(offers), plan);
  const group = experimentGroup(scenario, interpreter, { tasks }, plan);
  const mock = new MockExecutor((request, index) => {
    const wall = walls[`${request.cell.mode} w=${request.cell.workers}`] ?? walls[request.cell.mode];
    if (wall === undefined) throw new Error(`no wall time for ${request.cell.mode} w=${request.cell.workers}`);
    const sample = sampleOf(wall * 1e6 * (1 + index * 0.01));
    // A starved loop: other work held the CPUs, so its CPU time is a fraction of its wall time.
    if (starved) sample.cpuUserNs = sample.wallNs * 0.3;
    return { kind: 'ok', sample, checksum: 'c', chunksize: request.cell.chunksize === 1 ? 1 : chunk?.(request.cell.mode) ?? null };
  });
  const executor = new AdapterExecutor(mock, { target: '/abs/work.py:check', cwd: '/abs', check: 'value' });
  const settings = { ...plan.sampling, minRuns: 6, maxRuns: 6, warmup: 0 };
  const { cells: raw } = await runSuite([group], settings, { executor });
  const load = { otherCpus: 1.6, loadAvgMax: 9, seconds: 30 };
  const cells = summariseGroup(starved ? raw.map((cell) => ({ ...cell, loadDuringGroup: load })) : raw, null, 2);
  const document = buildDocument({
    startedAt: new Date(0), finishedAt: new Date(1), interrupted: false, machine: MACHINE, interpreters: [interpreter], settings, cells, scenarios: [scenario],
  });
  const inputs: AdviceInputs = {
    target: 'work.py:check', module: 'work', syncName: 'check', asyncName: null, tasks: { count: tasks, source: 'tasks' },
    probe, classified, plan, cells, document, usableCpus: 2, gilEnabled: true, budgetS: 60, elapsedNs: 30e9,
  };
  return { advice: buildAdvice(inputs), requests: mock.requests };
}

function sampleOf(wallNs: number) {
  return { wallNs, setupNs: wallNs * 0.01, workNs: wallNs * 0.99, shutdownNs: 0, cpuUserNs: wallNs, cpuSysNs: 0, maxRssKb: 10_000, metrics: {} };
}

describe('the advice: run\'s judgement, said in the probe\'s terms', () => {
  it('recommends a process pool for a pure-Python loop, with the knee, and says threads lose to the GIL the probe saw', async () => {
    const { advice, requests } = await adviseWith(KINDS.holdsGil, { sequential: 400, 'multiprocessing w=2': 215, 'multiprocessing w=4': 220, threading: 410, 'async-threads': 420 });
    expect(adviceSchema.parse(advice)).toBeTruthy();
    expect(advice.verdict).toBe('parallelise');
    expect(advice.recommendation).toMatchObject({ mode: 'multiprocessing', workers: 2 });
    expect(advice.recommendation?.speedup?.value).toBeGreaterThan(1.5);
    expect(advice.recommendation?.snippet).toContain('ProcessPoolExecutor(max_workers=2)');
    expect(advice.knee).toMatchObject({ mode: 'multiprocessing', workers: 2, tried: [2, 4], stillRising: false });
    const threads = advice.alternatives.find((one) => one.mode === 'threading');
    expect(threads).toMatchObject({ verdict: 'slower', lossTo: 'the-gil' });
    expect(threads?.why).toMatch(/in the probe two threads kept 1\.00 CPUs busy/);
    expect(advice.alternatives.find((one) => one.mode === 'interpreters')).toMatchObject({ verdict: 'unsupported' });
    // The cells' keys say what was measured; the executor adds where the function is.
    expect(requests[0]?.cell.params).toEqual({ tasks: 64, target: '/abs/work.py:check', cwd: '/abs', check: 'value' });
    expect(advice.results.cells.every((cell) => Object.keys(cell.key.params).join() === 'tasks')).toBe(true);
  });

  it('says do not parallelise when nothing beats one loop, and why in the probe\'s words', async () => {
    const { advice } = await adviseWith(KINDS.tiny, { sequential: 20, threading: 40, multiprocessing: 300, 'async-threads': 45 }, 20_000, (mode) => (mode === 'sequential' ? null : 2500));
    expect(advice.verdict).toBe('do-not-parallelise');
    expect(advice.recommendation).toMatchObject({ mode: 'sequential', workers: 1 });
    expect(advice.recommendation?.why).toMatch(/nothing beat one loop beyond the noise; the probe: a call \(130 ns\) costs less than handing it to a process/);
    const oneAtATime = advice.alternatives.find((one) => one.chunksize === 1);
    expect(oneAtATime).toMatchObject({ mode: 'multiprocessing', lossTo: 'hand-overs' });
    expect(ADVICE_REPORTERS.table(advice, { color: false })).toMatch(/do not parallelise/);
  });

  it('says once that results were checked by count and type only', async () => {
    const { advice } = await adviseWith({ ...KINDS.waits, deterministic: false, nondeterminism: 'two calls with the same input returned different values' }, { sequential: 650, threading: 60, 'async-threads': 70, multiprocessing: 200, 'process-loops': 220 });
    expect(advice.notes.filter((note) => note.includes('checked by count and type only'))).toHaveLength(1);
    expect(advice.recommendation?.mode).toBe('threading');
  });

  it('withholds a recommendation for computing work measured under load, even when the starved loop looks idle', async () => {
    const { advice } = await adviseWith(KINDS.holdsGil, { sequential: 400, multiprocessing: 390, threading: 410, 'async-threads': 420 }, 64, undefined, true);
    expect(advice.verdict).toBe('under-load');
    expect(advice.recommendation).toBeNull();
    expect(advice.notes.some((note) => note.startsWith('Measured under load'))).toBe(true);
  });

  it('writes every format from the one document', async () => {
    const { advice } = await adviseWith(KINDS.holdsGil, { sequential: 400, multiprocessing: 215, threading: 410, 'async-threads': 420 });
    expect(ADVICE_REPORTERS.markdown(advice, { color: false })).toMatch(/^_pyconc advise · work\.py:check/);
    expect(ADVICE_REPORTERS.markdown(advice, { color: false })).toContain('```python');
    expect(adviceSchema.parse(JSON.parse(ADVICE_REPORTERS.json(advice, { color: false })))).toBeTruthy();
    expect(ADVICE_REPORTERS.html(advice, { color: false })).toContain('advice-scaling');
  });
});
