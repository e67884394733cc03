import type { Writable } from 'node:stream';
import { checkExpectations } from '../analysis/check-expectations.js';
import { collectRunWarnings } from '../analysis/run-warnings.js';
import { failMismatchedCandidates, summariseCell, summariseGroups } from '../analysis/summarise-group.js';
import { loadCatalogue, selectScenarios } from '../catalogue/load-catalogue.js';
import { abSelection, pairTrees } from '../catalogue/pair-trees.js';
import type { Scenario } from '../catalogue/scenario-schema.js';
import { ExitCode } from '../core/errors.js';
import { startLoadMonitor, type LoadDuringRun } from '../env/load-monitor.js';
import { readMachine, type MachineInfo } from '../env/machine.js';
import { appendStepSummary } from '../export/step-summary.js';
import { checkExportPaths, writeExports, writesToStdout } from '../export/write-exports.js';
import type { Executor } from '../executor/executor.js';
import { PythonExecutor } from '../executor/python-executor.js';
import { planRun } from '../plan/planner.js';
import { shardPlan } from '../plan/shard.js';
import type { Interpreter } from '../python/interpreter.js';
import { resolvePythons } from '../env/resolve-pythons.js';
import { withGilStates } from '../python/gil-states.js';
import { REPORTERS } from '../report/reporters.js';
import { buildDocument } from '../results/build-document.js';
import { checkOutputPath } from '../results/check-output-path.js';
import type { Cell, ResultsDocument, RunSettings } from '../results/results-schema.js';
import { writeResultsAtomically } from '../results/write-results.js';
import { createProgress } from '../run/progress.js';
import { runSuite } from '../run/run-suite.js';
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
function selectRunScenarios(options: RunOptions): { scenarios: Scenario[]; baselines: Scenario[] | null } {
  const catalogue = loadCatalogue(options.scenarioDirs);
  if (options.baselineDirs.length === 0) return { scenarios: selectScenarios(catalogue, options.scenarios), baselines: null };
  const baselineTree = loadCatalogue(options.baselineDirs, null);
  const selected = options.scenarios.length === 0 ? abSelection(catalogue, baselineTree, options.baselineDirs) : selectScenarios(catalogue, options.scenarios);
  const paired = pairTrees(selected, baselineTree, options.baselineDirs);
  return { scenarios: paired.candidates, baselines: paired.baselines };
}

/** `pyconc run`: load, plan, sample, summarise, report. Throws PyconcError for bad input before anything runs. */
export async function runCommand(options: RunOptions, io: RunIo): Promise<RunOutcome> {
  const { scenarios, baselines } = selectRunScenarios(options);
  if (options.output !== null) checkOutputPath(options.output);
  checkExportPaths(options.exports);
  const interpreters = withGilStates(io.interpreters ?? (await resolvePythons(options.pythons)), options.gil ?? null);
  const machine = io.machine ?? (await readMachine());
  const planned = planRun(scenarios, interpreters, options, machine.usableCpus, baselines);
  const groups = options.shard === null ? planned : shardPlan(planned, options.shard.index, options.shard.count);
  const settings: RunSettings = {
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
    abRun: baselines !== null,
  };
  const recorded = [...(baselines ?? []), ...scenarios];
  // The unrounded capacity: a 1.5-CPU quota must not make a real 1.4x speedup look impossible.
  const cpus = machine.cpuCapacity;
  const startedAt = new Date();
  // Filled in when the run ends: findings and warnings judge the load measured during it.
  const measuredLoad: { during?: LoadDuringRun } = {};
  const document = (cells: readonly Cell[], finished: boolean, interrupted: boolean): ResultsDocument => {
    const finishedAt = finished ? new Date() : null;
    const measured = measuredLoad.during === undefined ? machine : { ...machine, loadDuringRun: measuredLoad.during };
    const base = buildDocument({ startedAt, finishedAt, interrupted, machine: measured, interpreters, settings, cells, scenarios: recorded });
    if (finished) {
      base.findings = checkExpectations(scenarios, cells, cpus, { ...base.machine, interpreters, startMethod: options.startMethod });
      base.warnings = collectRunWarnings(base, scenarios);
    }
    return base;
  };
  // A results file that stops being writable mid-run (disk full, directory gone) must not lose the run:
  // one line on stderr, the run goes on, the tables still reach stdout, and the exit code says it.
  let saveError: string | null = null;
  const save = (doc: ResultsDocument): void => {
    if (options.output === null) return;
    try {
      writeResultsAtomically(options.output, doc);
      saveError = null;
    } catch (error) {
      const problem = `cannot write ${options.output} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
      if (saveError === null) progress.line(`pyconc: ${problem}; the run goes on`);
      saveError = problem;
    }
  };

  const cellCount = groups.reduce((sum, group) => sum + group.cells.length, 0);
  const progress = createProgress(io.stderr, io.stderr.isTTY === true);
  const ab = baselines === null ? '' : ', A/B: baseline and candidate interleaved';
  const shard = options.shard === null ? '' : `, shard ${options.shard.index}/${options.shard.count}`;
  progress.line(`pyconc: ${scenarios.length} scenario(s), ${cellCount} cell(s)${ab}${shard}, ${interpreters.map((i) => `${i.id} (${i.executable})`).join(', ')}, ${machine.usableCpus} usable CPU(s)`);
  // Groups are summarised once, when they end (a bootstrap each); the group in progress gets provisional summaries.
  const done: Cell[] = [];
  // Load measured while the run goes on (not the minute before it); a machine injected by a test has none.
  const loadMonitor = io.machine === undefined ? startLoadMonitor() : null;
  const result = await runSuite(groups, options, {
    ...(options.pairThreshold === undefined ? {} : { pairThreshold: options.pairThreshold }),
    executor: io.executor ?? new PythonExecutor(options.showOutput === true ? { passOutput: io.stderr } : {}),
    startMethod: options.startMethod,
    progress,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    failFast: options.failFast,
    onCellDone: (current) => {
      const provisional = current.map((cell) => ({ ...cell, summary: summariseCell(cell.samples) }));
      save(document([...done, ...provisional], false, io.signal?.aborted === true));
    },
    onGroupDone: (cells) => {
      // The load while this group was sampled: a claim is judged by what its own cells met, not the run's average.
      const load = loadMonitor?.lap();
      const measured = load === undefined ? cells : cells.map((cell) => ({ ...cell, loadDuringGroup: load }));
      done.push(...summariseGroups(measured, recorded, cpus));
      save(document(done, false, io.signal?.aborted === true));
    },
  });
  const during = loadMonitor?.stop();
  if (during !== undefined) measuredLoad.during = during;
  // Candidate cells are checked against the baseline tree's checksums once both variants are summarised.
  const final = document(failMismatchedCandidates(done), true, result.interrupted);
  save(final);
  // An export to stdout (`--export-bmf -`) is what stdout carries: the table would make it unparseable.
  if (!writesToStdout(options.exports)) io.stdout.write(REPORTERS[options.format](final, { color: io.color && options.format === 'table', charts: options.charts !== false, show: options.show ?? 'auto', tracebacks: options.showOutput === true ? 'all' : 'last' }));
  let exportError: string | null = null;
  try {
    writeExports(final, options.exports, io.stdout);
  } catch (error) {
    exportError = (error as Error).message;
    for (const line of exportError.split('\n')) progress.line(`pyconc: ${line}`);
  }
  appendStepSummary(final, io.env ?? process.env, { enabled: options.stepSummary, stderr: io.stderr });
  if (saveError !== null) progress.line(`pyconc: results not written: ${saveError}`);
  else if (options.output !== null) progress.line(`results written to ${options.output}`);
  const failed = saveError !== null || exportError !== null || final.cells.some((cell) => cell.status === 'failed' || cell.status === 'timeout');
  const exitCode = result.interrupted ? ExitCode.interrupted : failed ? ExitCode.failure : ExitCode.ok;
  return { document: final, exitCode };
}
