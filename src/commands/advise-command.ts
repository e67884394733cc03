import { buildAdvice } from '../advise/advice.js';
import { ADVICE_REPORTERS } from '../advise/advice-reporters.js';
import type { Advice } from '../advise/advice-schema.js';
import type { AdviseOptions } from '../advise/advise-options.js';
import { modeReasons, type Offers } from '../advise/applicability.js';
import { classify, type ClassifiedProbe } from '../advise/classify.js';
import { AdapterExecutor, adapterPath, adviseScenario, experimentGroup } from '../advise/experiment-group.js';
import { planExperiment, type ExperimentPlan } from '../advise/experiment.js';
import { classificationLine, probeLine } from '../advise/probe-lines.js';
import type { ProbeMeasures } from '../advise/probe-schema.js';
import { runProbe, type ProbeOutcome } from '../advise/run-probe.js';
import { defaultTaskCount } from '../advise/task-count.js';
import { summariseGroup } from '../analysis/summarise-group.js';
import { ExitCode } from '../core/errors.js';
import type { Mode } from '../core/modes.js';
import type { ParamValue } from '../core/settings.js';
import { startLoadMonitor } from '../env/load-monitor.js';
import { readMachine, type MachineInfo } from '../env/machine.js';
import { resolvePythons } from '../env/resolve-pythons.js';
import { PythonExecutor } from '../executor/python-executor.js';
import type { Interpreter } from '../python/interpreter.js';
import { buildDocument } from '../results/build-document.js';
import type { Cell, RunSettings } from '../results/results-schema.js';
import { writeTextAtomically } from '../results/write-text-atomically.js';
import { createProgress, type Progress } from '../run/progress.js';
import { runSuite } from '../run/run-suite.js';
import type { RunIo } from './run-command.js';

/** Streams and switches of the process the advice reports to, as a run's; injectable for tests. */
export interface AdviseIo extends Omit<RunIo, 'env'> {
  /** When the budget began (ms since the epoch): by default when this process started, so Node's start-up counts too. */
  readonly startedAtMs?: number;
}

export interface AdviseOutcome {
  /** Null when interrupted before the experiment ran. */
  readonly advice: Advice | null;
  readonly exitCode: number;
}

/** What the probe found, with what is derived from it before any sample. */
interface Probed {
  readonly outcome: ProbeOutcome;
  readonly classified: ClassifiedProbe;
  readonly offers: Offers;
  readonly tasks: Advice['tasks'];
}

/** Seconds kept beside the probe and the experiment for starting up, summarising and reporting. */
function reserveNs(budgetS: number): number {
  return Math.max(1, 0.05 * budgetS) * 1e9;
}

/** Runs the probe, printing each measurement as it arrives (the import held back until the first call returned). */
async function probeTarget(options: AdviseOptions, interpreter: Interpreter, progress: Progress, signal?: AbortSignal): Promise<Probed> {
  const seen: Partial<ProbeMeasures> = {};
  const outcome = await runProbe(interpreter, {
    target: options.target.resolved,
    label: options.target.text,
    cwd: options.cwd,
    inputs: options.inputs?.absolute ?? null,
    tasks: options.tasks,
    sync: options.syncTwin,
    async: options.asyncTwin,
    setup: options.setup?.resolved ?? null,
    teardown: options.teardown?.resolved ?? null,
  }, (event) => {
    if (event.event !== 'started' && event.event !== 'error') Object.assign(seen, event);
    const line = probeLine(event, seen, options.target.text);
    if (line !== null) progress.line(line);
  }, signal);
  const classified = classify(outcome.measures);
  progress.line(classificationLine(classified));
  const { isAsync, hasTwin } = outcome.measures;
  const offers = { sync: !isAsync || hasTwin, async: isAsync || hasTwin };
  const tasks: Advice['tasks'] = options.inputs !== null
    ? { count: options.inputs.count, source: 'inputs', inputs: options.inputs.given }
    : options.tasks !== null ? { count: options.tasks, source: 'tasks' } : { count: defaultTaskCount(outcome.measures), source: 'probe' };
  return { outcome, classified, offers, tasks };
}

/** The experiment the probe calls for, within what is left of the budget. */
function planFor(options: AdviseOptions, probed: Probed, interpreter: Interpreter, usableCpus: number, startedAtMs: number): ExperimentPlan {
  const { outcome, classified, offers, tasks } = probed;
  const reasons = modeReasons(offers, outcome.measures, interpreter);
  const wanted = (mode: string): boolean => options.modes === null || (options.modes as readonly string[]).includes(mode);
  const unsupported: { mode: Mode; reason: string }[] = [];
  for (const [mode, reason] of reasons) if (reason !== null && wanted(mode)) unsupported.push({ mode, reason });
  // The budget counts from the moment pyconc started: Node, the interpreter's resolution and the probe are in it.
  const overheadNs = (Date.now() - startedAtMs) * 1e6 + reserveNs(options.budgetS);
  return planExperiment({
    probe: outcome.measures,
    classified,
    interpreterStartNs: outcome.interpreterStartNs,
    usableCpus,
    tasks: tasks.count,
    nature: classified.nature,
    offers,
    payloadBound: classified.classification === 'payload-bound',
    fineGrained: classified.classification === 'fine-grained',
    reasons,
    modes: options.modes,
    maxWorkers: options.maxWorkers,
    availableNs: options.budgetS * 1e9 - overheadNs,
    budgetS: options.budgetS,
    overheadNs,
  }, unsupported);
}

/** What the adapter needs in every sample besides the cell's key: where the function is and how to call and check it. */
function adapterParams(options: AdviseOptions, probe: ProbeMeasures): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = { target: options.target.resolved, cwd: options.cwd, check: probe.deterministic ? 'value' : 'type' };
  if (options.inputs !== null) params.inputs = options.inputs.absolute;
  if (options.syncTwin !== null) params.sync = options.syncTwin;
  if (options.asyncTwin !== null) params.async = options.asyncTwin;
  if (options.setup !== null) params.setup = options.setup.resolved;
  if (options.teardown !== null) params.teardown = options.teardown.resolved;
  return params;
}

/** Samples the experiment's cells interleaved (the sampler of `run`), with the load measured meanwhile; summarised as one group. */
/** Where the experiment runs and reports. */
interface ExperimentContext {
  readonly interpreter: Interpreter;
  readonly machine: MachineInfo;
  readonly io: AdviseIo;
  readonly progress: Progress;
  readonly startedAtMs: number;
}

async function runExperiment(options: AdviseOptions, probed: Probed, plan: ExperimentPlan, context: ExperimentContext) {
  const { interpreter, machine, io, progress, startedAtMs } = context;
  const workload = adapterPath(probed.offers);
  const scenario = adviseScenario(options.target.text, `pyconc advise of ${options.target.text}: ${probed.classified.classification}`, workload, plan);
  const keyParams: Record<string, ParamValue> = { tasks: probed.tasks.count, ...(options.inputs === null ? {} : { inputs: options.inputs.given }) };
  const group = experimentGroup(scenario, interpreter, keyParams, plan);
  const modes = [...new Set(plan.cells.map((cell) => cell.mode))];
  progress.line(`pyconc advise: ${plan.cells.length} cell(s) (${modes.join(', ')}), ${probed.tasks.count} tasks each, about ${Math.ceil(plan.estimatedNs / 1e9)} s${plan.leftOut > 0 ? `, ${plan.leftOut} left out by the budget` : ''}`);
  const startedAt = new Date();
  const loadMonitor = io.machine === undefined ? startLoadMonitor() : null;
  const executor = new AdapterExecutor(io.executor ?? new PythonExecutor(), adapterParams(options, probed.outcome.measures));
  // A safety net under the estimates: past the budget (less the reporting's share) no sample starts.
  const deadline = startedAtMs + options.budgetS * 1e3 - reserveNs(options.budgetS) / 1e6;
  const signal = io.signal === undefined ? {} : { signal: io.signal };
  const result = await runSuite([group], plan.sampling, { executor, progress, deadline, now: Date.now, ...signal });
  const load = loadMonitor?.stop();
  const measured: Cell[] = load === undefined ? result.cells : result.cells.map((cell) => ({ ...cell, loadDuringGroup: load }));
  const cells = summariseGroup(measured, null, machine.cpuCapacity);
  const settings: RunSettings = { ...plan.sampling, modes: options.modes === null ? null : [...options.modes] };
  const measuredMachine = load === undefined ? machine : { ...machine, loadDuringRun: load };
  const document = buildDocument({
    startedAt,
    finishedAt: new Date(),
    interrupted: result.interrupted,
    machine: measuredMachine,
    interpreters: [interpreter],
    settings,
    cells,
    scenarios: [scenario],
  });
  return { cells, document, interrupted: result.interrupted };
}

/** Writes the advice where it was asked for: stdout in its format (unless an export goes there), -o as JSON, each export. */
function writeOutputs(advice: Advice, options: AdviseOptions, io: AdviseIo): void {
  if (!options.exports.some((request) => request.file === '-')) io.stdout.write(ADVICE_REPORTERS[options.format](advice, { color: io.color && options.format === 'table' }));
  if (options.output !== null) writeTextAtomically(options.output, ADVICE_REPORTERS.json(advice, { color: false }));
  for (const { format, file } of options.exports) {
    const text = ADVICE_REPORTERS[format](advice, { color: false });
    if (file === '-') io.stdout.write(text);
    else writeTextAtomically(file, text);
  }
}

/**
 * `pyconc advise`: probe the user's function, plan an experiment from what the probe found, sample it
 * with `run`'s sampler, judge it with `run`'s recommendation, and say the answer in the probe's
 * terms. Throws PyconcError for bad input (before anything is sampled); exit 1 when the function
 * failed in every mode, 130 when interrupted.
 */
export async function adviseCommand(options: AdviseOptions, io: AdviseIo): Promise<AdviseOutcome> {
  const startedAtMs = io.startedAtMs ?? Date.now() - process.uptime() * 1e3;
  const [interpreter] = io.interpreters ?? (await resolvePythons([options.python]));
  if (interpreter === undefined) throw new Error('no interpreter resolved');
  const machine = io.machine ?? (await readMachine());
  const progress = createProgress(io.stderr, io.stderr.isTTY === true);
  const probed = await probeTarget(options, interpreter, progress, io.signal);
  const plan = planFor(options, probed, interpreter, machine.usableCpus, startedAtMs);
  const { cells, document, interrupted } = await runExperiment(options, probed, plan, { interpreter, machine, io, progress, startedAtMs });
  const advice = buildAdvice({
    target: options.target.text,
    module: options.target.module,
    syncName: probed.outcome.measures.isAsync ? options.syncTwin : options.target.function,
    asyncName: probed.outcome.measures.isAsync ? options.target.function : options.asyncTwin,
    tasks: probed.tasks,
    probe: probed.outcome.measures,
    classified: probed.classified,
    plan,
    cells,
    document,
    usableCpus: machine.usableCpus,
    gilEnabled: interpreter.gilEnabled,
    budgetS: options.budgetS,
    elapsedNs: (Date.now() - startedAtMs) * 1e6,
  });
  writeOutputs(advice, options, io);
  const ran = cells.filter((cell) => cell.status !== 'unsupported' && cell.status !== 'skipped');
  const allFailed = ran.length > 0 && ran.every((cell) => cell.status === 'failed' || cell.status === 'timeout');
  return { advice, exitCode: interrupted ? ExitCode.interrupted : allFailed ? ExitCode.failure : ExitCode.ok };
}
