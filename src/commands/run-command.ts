import type { Writable } from 'node:stream';
import { runAnalysis } from '../analysis/run-analysis.js';
import { loadCatalogue, selectScenarios } from '../catalogue/load-catalogue.js';
import { abSelection, pairTrees } from '../catalogue/pair-trees.js';
import type { Scenario } from '../catalogue/scenario-schema.js';
import { ExitCode } from '../core/errors.js';
import { startLoadMonitor } from '../env/load-monitor.js';
import { readMachine, type MachineInfo } from '../env/machine.js';
import { resolvePythons } from '../env/resolve-pythons.js';
import { emitDocument } from '../export/emit-document.js';
import { checkExportPaths } from '../export/write-exports.js';
import type { Executor } from '../executor/executor.js';
import { PythonExecutor } from '../executor/python-executor.js';
import { planRun, type CellGroup } from '../plan/planner.js';
import { shardPlan } from '../plan/shard.js';
import { withGilStates } from '../python/gil-states.js';
import type { Interpreter } from '../python/interpreter.js';
import { checkOutputPath } from '../results/check-output-path.js';
import type { ResultsDocument, RunSettings } from '../results/results-schema.js';
import { createRunRecorder, type RunRecorder } from '../results/run-recorder.js';
import { createProgress, type Progress } from '../run/progress.js';
import { runSuite, type SuiteDependencies } from '../run/run-suite.js';
import type { RunOptions } from './run-options.js';

/** Streams and switches of the process the run reports to; injectable for tests. */
export interface RunIo {
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  readonly color: boolean;
  readonly signal?: AbortSignal;
  readonly executor?: Executor;
  readonly machine?: MachineInfo;
  readonly interpreters?: readonly Interpreter[];
  /** The environment GITHUB_STEP_SUMMARY is read from (default: the process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface RunOutcome {
  readonly document: ResultsDocument;
  readonly exitCode: number;
}

/** The scenarios a run measures, and in an A/B run the baseline tree's copies of them. */
interface RunSelection {
  readonly scenarios: Scenario[];
  readonly baselines: Scenario[] | null;
  /** Every scenario the document records: the baseline tree's first. */
  readonly recorded: Scenario[];
}

function selectRunScenarios(options: RunOptions): RunSelection {
  const catalogue = loadCatalogue(options.scenarioDirs);
  if (options.baselineDirs.length === 0) {
    const scenarios = selectScenarios(catalogue, options.scenarios);
    return { scenarios, baselines: null, recorded: scenarios };
  }
  const baselineTree = loadCatalogue(options.baselineDirs, null);
  const selected = options.scenarios.length === 0 ? abSelection(catalogue, baselineTree, options.baselineDirs) : selectScenarios(catalogue, options.scenarios);
  const paired = pairTrees(selected, baselineTree, options.baselineDirs);
  return { scenarios: paired.candidates, baselines: paired.baselines, recorded: [...paired.baselines, ...paired.candidates] };
}

/** Fails before anything runs when the results file or an export could not be written. */
function checkOutputPaths(options: RunOptions): void {
  if (options.output !== null) checkOutputPath(options.output);
  checkExportPaths(options.exports);
}

/** The cells to sample, grouped, and only this shard's share of them under `--shard`. */
function planGroups(selection: RunSelection, interpreters: readonly Interpreter[], options: RunOptions, machine: MachineInfo): CellGroup[] {
  const planned = planRun(selection.scenarios, interpreters, options, machine.usableCpus, selection.baselines);
  return options.shard === null ? planned : shardPlan(planned, options.shard.index, options.shard.count);
}

/** The document's record of how the run sampled. */
function runSettings(options: RunOptions, abRun: boolean): RunSettings {
  return {
    minRuns: options.minRuns,
    maxRuns: options.maxRuns,
    warmup: options.warmup,
    precision: options.precision,
    maxTimeS: options.maxTimeS,
    timeoutS: options.timeoutS,
    valuesPerProcess: options.valuesPerProcess ?? 1,
    quick: options.quick,
    startMethod: options.startMethod,
    chunksize: options.chunksize ?? null,
    modes: options.modes === null ? null : [...options.modes],
    workers: options.workers === null ? null : [...options.workers],
    params: Object.fromEntries(Object.entries(options.params).map(([name, values]) => [name, [...values]])),
    shard: options.shard,
    abRun,
  };
}

/** The run's first line on stderr: what it will sample, on what. */
function announceRun(
  selection: RunSelection,
  groups: readonly CellGroup[],
  interpreters: readonly Interpreter[],
  machine: MachineInfo,
  options: RunOptions,
): string {
  const cellCount = groups.reduce((sum, group) => sum + group.cells.length, 0);
  const ab = selection.baselines === null ? '' : ', A/B: baseline and candidate interleaved';
  const shard = options.shard === null ? '' : `, shard ${options.shard.index}/${options.shard.count}`;
  const pythons = interpreters.map((interpreter) => `${interpreter.id} (${interpreter.executable})`).join(', ');
  return `pyconc: ${selection.scenarios.length} scenario(s), ${cellCount} cell(s)${ab}${shard}, ${pythons}, ${machine.usableCpus} usable CPU(s)`;
}

/** The run's recorder: the document's fixed parts, the analysis applied as groups end, the load measured meanwhile. */
function recordRun(
  selection: RunSelection,
  interpreters: readonly Interpreter[],
  machine: MachineInfo,
  options: RunOptions,
  io: RunIo,
  progress: Progress,
): RunRecorder {
  return createRunRecorder({
    output: options.output,
    parts: { startedAt: new Date(), machine, interpreters, settings: runSettings(options, selection.baselines !== null), scenarios: selection.recorded },
    analysis: runAnalysis(selection.scenarios, selection.recorded, machine.cpuCapacity),
    // Load measured while the run goes on (not the minute before it); a machine injected by a test has none.
    loadMonitor: io.machine === undefined ? startLoadMonitor() : null,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    say: (line) => progress.line(line),
  });
}

/** What the sampler is handed besides the plan. */
function suiteDependencies(options: RunOptions, io: RunIo, progress: Progress, recorder: RunRecorder): SuiteDependencies {
  return {
    ...(options.pairThreshold === undefined ? {} : { pairThreshold: options.pairThreshold }),
    executor: io.executor ?? new PythonExecutor(options.showOutput === true ? { passOutput: io.stderr } : {}),
    startMethod: options.startMethod,
    progress,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    failFast: options.failFast,
    recorder,
  };
}

/** The run's last line on stderr: where the results went, or why they could not. */
function savedLine(output: string | null, saveError: string | null): string | null {
  if (saveError !== null) return `pyconc: results not written: ${saveError}`;
  return output === null ? null : `results written to ${output}`;
}

/** 130 interrupted; 1 a cell failed or timed out, or the results or an export could not be written; else 0. */
function runExitCode(document: ResultsDocument, interrupted: boolean, problems: readonly (string | null)[]): number {
  if (interrupted) return ExitCode.interrupted;
  const failed = problems.some((problem) => problem !== null) || document.cells.some((cell) => cell.status === 'failed' || cell.status === 'timeout');
  return failed ? ExitCode.failure : ExitCode.ok;
}

/** `pyconc run`: load, plan, sample, record, analyse, emit. Throws PyconcError for bad input before anything runs. */
export async function runCommand(options: RunOptions, io: RunIo): Promise<RunOutcome> {
  const selection = selectRunScenarios(options);
  checkOutputPaths(options);
  const interpreters = withGilStates(io.interpreters ?? (await resolvePythons(options.pythons)), options.gil ?? null);
  const machine = io.machine ?? (await readMachine());
  const groups = planGroups(selection, interpreters, options, machine);
  const progress = createProgress(io.stderr, io.stderr.isTTY === true);
  progress.line(announceRun(selection, groups, interpreters, machine, options));
  const recorder = recordRun(selection, interpreters, machine, options, io, progress);
  const sampled = await runSuite(groups, options, suiteDependencies(options, io, progress, recorder));
  const document = recorder.finish(sampled.interrupted);
  const exportError = emitDocument(document, { ...options, color: io.color, tracebacks: options.showOutput === true ? 'all' : 'last' }, { ...io, say: (line) => progress.line(line) });
  const saved = savedLine(options.output, recorder.saveError);
  if (saved !== null) progress.line(saved);
  return { document, exitCode: runExitCode(document, sampled.interrupted, [recorder.saveError, exportError]) };
}
