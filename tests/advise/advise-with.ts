/** The advice for a scripted experiment: every layer of `pyconc advise` but Python (the mock executor answers). */
import { buildAdvice, type AdviceInputs } from '../../src/advise/advice.js';
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

/** Wall times (ms) of each cell, by `mode` or `mode w=N`; each sample 1% slower than the one before, as drift would make it. */
export type Walls = Readonly<Record<string, number>>;

/** The advice for a probe whose experiment the mock executor answers with `walls`: every layer but Python, as `pyconc advise` runs them. */
export async function adviseWith(probe: ProbeMeasures, walls: Walls, tasks = 64, chunk?: (mode: Mode) => number | null, starved = false) {
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
