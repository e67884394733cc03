import { fileURLToPath } from 'node:url';
import { DEFAULT_GOAL, DEFAULT_REPORT, type Scenario } from '../catalogue/scenario-schema.js';
import { cellId, type CellKey } from '../core/cell-key.js';
import { MODES, type Mode } from '../core/modes.js';
import type { ParamValue } from '../core/settings.js';
import type { Executor, SampleOutcome, SampleRequest } from '../executor/executor.js';
import type { CellGroup, PlannedCell } from '../plan/planner.js';
import type { Interpreter } from '../python/interpreter.js';
import type { Offers } from './applicability.js';
import type { ExperimentPlan } from './experiment.js';

/** The adapters (python/pyconc_advise/workloads/): which stages exist must be known before the harness runs setup. */
export function adapterPath(offers: Offers): string {
  const kind = offers.sync && offers.async ? 'both' : offers.async ? 'async' : 'sync';
  return fileURLToPath(new URL(`../../python/pyconc_advise/workloads/advise_target_${kind}.py`, import.meta.url));
}

/** The experiment as a scenario of its own: what the planner's cells, the sampler and the results document expect of one. */
export function adviseScenario(name: string, description: string, workload: string, plan: ExperimentPlan): Scenario {
  const unsupported: Partial<Record<Mode, string>> = {};
  for (const { mode, reason } of plan.unsupported) unsupported[mode] = reason;
  const modes = MODES.filter((mode) => plan.cells.some((cell) => cell.mode === mode));
  const notDeclared = MODES.filter((mode) => !modes.includes(mode) && unsupported[mode] === undefined);
  return {
    name,
    title: 'pyconc advise',
    kind: 'mixed',
    description,
    file: workload,
    workload,
    params: {},
    modes,
    unsupported,
    notDeclared,
    workers: { defaults: [], quick: [] },
    exclude: [],
    ideal: null,
    expectations: [],
    report: DEFAULT_REPORT,
    gate: null,
    goal: DEFAULT_GOAL,
    builtin: false,
  };
}

/**
 * The experiment's cells as one group of the planner's shape, so that the sampler interleaves all of
 * them round by round: the sequential baseline, each model at its worker counts, each unsupported
 * mode once (recorded with its reason, never run). `params` is what the cells' keys show (the task
 * count, the inputs file); a chunk-size cell adds its `chunksize`, which makes it a cell of its own.
 */
export function experimentGroup(scenario: Scenario, interpreter: Interpreter, params: Readonly<Record<string, ParamValue>>, plan: ExperimentPlan): CellGroup {
  const cells: PlannedCell[] = [];
  const plannedCell = (mode: Mode, workers: number, reason: string | null, chunksize?: number): void => {
    const cellParams = chunksize === undefined ? { ...params } : { ...params, chunksize };
    const key: CellKey = { scenario: scenario.name, mode, workers, params: cellParams, python: interpreter.id };
    cells.push({ id: cellId(key), key, scenario, interpreter, unsupportedReason: reason, ...(chunksize === undefined ? {} : { chunksize }) });
  };
  for (const mode of MODES) {
    for (const cell of plan.cells.filter((one) => one.mode === mode)) plannedCell(mode, cell.workers, null, cell.chunksize);
    const unsupported = plan.unsupported.find((one) => one.mode === mode);
    if (unsupported !== undefined) plannedCell(mode, 1, unsupported.reason);
  }
  return { scenario, interpreters: [interpreter], params, cells };
}

/**
 * The executor the experiment samples through: the real one, with the adapter's own params added to
 * every sample (where the function is, how to call it, how to check its results). The cells' keys
 * keep only what a reader needs to tell them apart.
 */
export class AdapterExecutor implements Executor {
  constructor(
    private readonly inner: Executor,
    private readonly adapterParams: Readonly<Record<string, ParamValue>>,
  ) {}

  runSample(request: SampleRequest): Promise<SampleOutcome> {
    return this.inner.runSample({ ...request, cell: { ...request.cell, params: { ...request.cell.params, ...this.adapterParams } } });
  }
}
