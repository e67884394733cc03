import type { Writable } from 'node:stream';
import { loadCatalogue, selectScenarios } from '../catalogue/load-catalogue.js';
import { readMachine, type MachineInfo } from '../env/machine.js';
import { ExitCode } from '../core/errors.js';
import type { Executor } from '../executor/executor.js';
import { PythonExecutor } from '../executor/python-executor.js';
import type { RunOptions } from '../options.js';
import { planRun } from '../plan/planner.js';
import { resolveInterpreters } from '../python/resolve-interpreters.js';
import type { Interpreter } from '../python/interpreter.js';
import { REPORTERS } from '../report/reporters.js';
import { buildDocument } from '../results/build-document.js';
import { checkOutputPath } from '../results/check-output-path.js';
import type { Cell, ResultsDocument } from '../results/results-schema.js';
import { writeResultsAtomically } from '../results/write-results.js';
import { createProgress } from '../run/progress.js';
import { runSuite } from '../run/run-suite.js';
import type { SamplingSettings } from '../run/stop-rule.js';
import { checkExpectations } from '../analysis/check-expectations.js';
import { collectRunWarnings } from '../analysis/run-warnings.js';

/** Streams and switches of the process the run reports to; injectable for tests. */
export interface RunIo {
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  readonly color: boolean;
  readonly signal?: AbortSignal;
  readonly executor?: Executor;
  readonly machine?: MachineInfo;
  readonly interpreters?: readonly Interpreter[];
}

export interface RunOutcome {
  readonly document: ResultsDocument;
  readonly exitCode: number;
}

/** `pyconc run`: load, plan, sample, summarise, report. Throws PyconcError for bad input before anything runs. */
export async function runCommand(options: RunOptions, io: RunIo): Promise<RunOutcome> {
  const scenarios = selectScenarios(loadCatalogue(options.scenarioDirs), options.scenarios);
  if (options.output !== null) checkOutputPath(options.output);
  const interpreters = io.interpreters ?? (await resolveInterpreters(options.pythons));
  const machine = io.machine ?? (await readMachine());
  const usableCpus = machine.usableCpus;
  const groups = planRun(scenarios, interpreters, options, usableCpus);
  const settings: SamplingSettings & Record<string, unknown> = {
    minRuns: options.minRuns,
    maxRuns: options.maxRuns,
    warmup: options.warmup,
    precision: options.precision,
    maxTimeS: options.maxTimeS,
    timeoutS: options.timeoutS,
    quick: options.quick,
    startMethod: options.startMethod,
    modes: options.modes,
    workers: options.workers,
    params: options.params,
  };
  const startedAt = new Date();
  const document = (cells: readonly Cell[], finished: boolean, interrupted: boolean): ResultsDocument => {
    const base = buildDocument({ startedAt, finishedAt: finished ? new Date() : null, interrupted, machine, interpreters, settings, cells, scenarios });
    if (finished) {
      base.findings = checkExpectations(scenarios, cells, usableCpus);
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
  progress.line(`pyconc: ${scenarios.length} scenario(s), ${cellCount} cell(s), ${interpreters.map((i) => `${i.id} (${i.executable})`).join(', ')}, ${usableCpus} usable CPU(s)`);
  const result = await runSuite(groups, settings, {
    executor: io.executor ?? new PythonExecutor(),
    // The unrounded capacity: a 1.5-CPU quota must not make a real 1.4x speedup look impossible.
    usableCpus: machine.cpuCapacity,
    startMethod: options.startMethod,
    progress,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    failFast: options.failFast,
    onCells: (cells) => save(document(cells, false, io.signal?.aborted === true)),
  });
  const final = document(result.cells, true, result.interrupted);
  save(final);
  io.stdout.write(REPORTERS[options.format](final, { color: io.color && options.format === 'table' }));
  if (saveError !== null) progress.line(`pyconc: results not written: ${saveError}`);
  else if (options.output !== null) progress.line(`results written to ${options.output}`);
  const failed = saveError !== null || result.cells.some((cell) => cell.status === 'failed' || cell.status === 'timeout');
  const exitCode = result.interrupted ? ExitCode.interrupted : failed ? ExitCode.failure : ExitCode.ok;
  return { document: final, exitCode };
}
