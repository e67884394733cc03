import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { Executor, SampleOutcome } from '../executor/executor.js';
import type { CellGroup, PlannedCell } from '../plan/planner.js';
import { HARNESS_PROTOCOL, type HarnessReply } from '../python/harness-protocol.js';
import type { StartMethod } from '../options.js';
import type { Cell, CellStatus, Sample } from '../results/results-schema.js';
import { summariseCell, summariseGroup } from '../analysis/summarise-group.js';
import { silentProgress, type Progress } from './progress.js';
import { stopReason, type SamplingSettings } from './stop-rule.js';

/** What runSuite needs besides the plan; everything injectable so tests use a mock executor. */
export interface SuiteDependencies {
  readonly executor: Executor;
  readonly usableCpus: number;
  readonly startMethod?: StartMethod | null;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  readonly failFast?: boolean;
  /** Called with all cells finished so far, after every group and every finished cell. */
  readonly onCells?: (cells: readonly Cell[]) => void;
  /** Where per-sample temporary directories go; a private directory is made under it. */
  readonly tmpRoot?: string;
}

export interface SuiteResult {
  readonly cells: Cell[];
  readonly interrupted: boolean;
  /** Set when --fail-fast stopped the run. */
  readonly stoppedEarly: boolean;
}

/** The sample as stored in results: the harness reply without its protocol envelope. */
export function toSample(reply: HarnessReply): Sample {
  return {
    wallNs: reply.wallNs,
    setupNs: reply.setupNs,
    workNs: reply.workNs,
    shutdownNs: reply.shutdownNs,
    cpuUserNs: reply.cpuUserNs,
    cpuSysNs: reply.cpuSysNs,
    maxRssKb: reply.maxRssKb,
    ctxVoluntary: reply.ctxVoluntary,
    ctxInvoluntary: reply.ctxInvoluntary,
    latencyP50Ns: reply.latency?.p50Ns ?? null,
    latencyP99Ns: reply.latency?.p99Ns ?? null,
    // A non-finite metric (null in the reply) is no measurement.
    metrics: Object.fromEntries(Object.entries(reply.metrics).filter((entry): entry is [string, number] => entry[1] !== null)),
  };
}

interface LiveCell {
  readonly planned: PlannedCell;
  readonly samples: Sample[];
  readonly warmups: Sample[];
  checksum: string | null;
  status: CellStatus | null;
  reason: string | null;
  stderrTail?: string;
  elapsedNs: number;
  stop: string | null;
}

/** The private temporary directories of the runs in progress, for an exit that cannot wait for `finally`. */
const liveRunDirs = new Set<string>();

/** Removes the temporary directories of every run in progress, synchronously (a second Ctrl-C exits at once). */
export function removeRunTempDirs(): void {
  for (const dir of liveRunDirs) rmSync(dir, { recursive: true, force: true });
  liveRunDirs.clear();
}

function finished(live: LiveCell): Cell {
  const cell: Cell = {
    key: live.planned.key,
    status: live.status ?? 'skipped',
    reason: live.reason,
    checksum: live.checksum,
    samples: live.samples,
    warmups: live.warmups,
    summary: null,
    stopReason: live.stop,
  };
  if (live.stderrTail !== undefined) cell.stderrTail = live.stderrTail;
  return cell;
}

function describe(cell: PlannedCell): string {
  const params = Object.entries(cell.key.params).map(([name, value]) => `${name}=${value}`).join(' ');
  return `${cell.key.mode}${cell.key.mode === 'sequential' ? '' : ` w=${cell.key.workers}`} ${params}`;
}

/**
 * Runs the planned groups: per group, warmups then measured rounds, each round one sample of every
 * cell still sampling (round-robin, so drift hits every mode alike), until each cell's stop rule says
 * enough. A failing sample ends its cell with a status and a reason; the run goes on.
 */
export async function runSuite(groups: readonly CellGroup[], settings: SamplingSettings, deps: SuiteDependencies): Promise<SuiteResult> {
  const progress = deps.progress ?? silentProgress;
  const done: Cell[] = [];
  // os.tmpdir() honours TMPDIR; nothing a run names (scenario, params) ever becomes part of a path.
  const tmpRoot = deps.tmpRoot ?? os.tmpdir();
  let privateTmp: string;
  try {
    privateTmp = mkdtempSync(path.join(tmpRoot, 'pyconc-'));
  } catch (error) {
    throw new InputError(`cannot create a temporary directory in ${tmpRoot} (${(error as NodeJS.ErrnoException).code ?? String(error)}); set TMPDIR to a writable directory`);
  }
  liveRunDirs.add(privateTmp);
  let sampleCounter = 0;
  let interrupted = false;
  let stoppedEarly = false;

  const runOne = async (live: LiveCell): Promise<SampleOutcome> => {
    const { planned } = live;
    sampleCounter += 1;
    return deps.executor.runSample({
      interpreter: planned.interpreter,
      spec: {
        protocol: HARNESS_PROTOCOL,
        workload: planned.scenario.workload,
        scenario: planned.scenario.name,
        mode: planned.key.mode,
        workers: planned.key.workers,
        params: planned.key.params,
        startMethod: deps.startMethod ?? null,
        tmpDir: path.join(privateTmp, `sample-${sampleCounter}`),
      },
      timeoutMs: settings.timeoutS * 1000,
      tmpRoot: privateTmp,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    });
  };

  /** Applies one outcome; returns false when the cell stops sampling. */
  const record = (live: LiveCell, outcome: SampleOutcome, warmup: boolean): boolean => {
    if (outcome.kind === 'aborted') {
      interrupted = true;
      return false;
    }
    if (outcome.kind !== 'ok') {
      live.status = outcome.kind === 'unsupported' ? 'unsupported' : outcome.kind;
      live.reason = outcome.reason;
      if (outcome.kind === 'failed' && outcome.stderrTail !== undefined && outcome.stderrTail !== '') live.stderrTail = outcome.stderrTail;
      if (outcome.kind === 'failed' || outcome.kind === 'timeout') stoppedEarly = deps.failFast === true;
      return false;
    }
    const sample = toSample(outcome.reply);
    if (live.checksum === null) live.checksum = outcome.reply.checksum;
    else if (outcome.reply.checksum !== live.checksum) {
      live.status = 'failed';
      live.reason = `checksum changed between samples (${live.checksum} then ${outcome.reply.checksum}): the workload is not deterministic`;
      return false;
    }
    (warmup ? live.warmups : live.samples).push(sample);
    return true;
  };

  try {
    for (const [groupIndex, group] of groups.entries()) {
      if (interrupted || stoppedEarly || deps.signal?.aborted) {
        interrupted ||= deps.signal?.aborted === true;
        break;
      }
      const lives: LiveCell[] = group.cells.map((planned) => ({
        planned,
        samples: [],
        warmups: [],
        checksum: null,
        status: planned.unsupportedReason === null ? null : 'unsupported',
        reason: planned.unsupportedReason,
        elapsedNs: 0,
        stop: null,
      }));
      let active = lives.filter((live) => live.status === null);
      const header = `[${groupIndex + 1}/${groups.length}] ${group.scenario.name}`;
      for (let round = 0; active.length > 0; round++) {
        const warmup = round < settings.warmup;
        const next: LiveCell[] = [];
        for (const live of active) {
          if (interrupted || stoppedEarly) break;
          progress.status(`${header} ${warmup ? 'warmup' : `round ${round - settings.warmup + 1}`}: ${describe(live.planned)}`);
          const started = process.hrtime.bigint();
          const outcome = await runOne(live);
          // The budget counts real time (interpreter start-up and setup included), not just the timed region.
          if (!warmup) live.elapsedNs += Number(process.hrtime.bigint() - started);
          const keep = record(live, outcome, warmup);
          if (interrupted) break;
          if (!keep) {
            if (live.status !== null && live.status !== 'unsupported') progress.line(`${header} ${describe(live.planned)}: ${live.status}: ${live.reason ?? ''}`);
            continue;
          }
          const reason = warmup ? null : stopReason(live.samples.map((sample) => sample.wallNs), live.elapsedNs, settings);
          if (reason === null) next.push(live);
          else {
            live.status = 'ok';
            live.stop = reason;
            // Rewrite the results after every finished cell, so a later crash loses nothing.
            // Provisional summaries only: speedups (a bootstrap each) are computed once, when the group ends.
            const finishedSoFar = lives.filter((other) => other.status !== null && other.status !== 'unsupported').map(finished);
            deps.onCells?.([...done, ...finishedSoFar.map((cell) => ({ ...cell, summary: summariseCell(cell.samples) }))]);
          }
        }
        if (interrupted || stoppedEarly) {
          for (const live of next.concat(active)) {
            if (live.status === null) {
              live.status = 'skipped';
              live.reason = interrupted ? `interrupted after ${live.samples.length} sample(s)` : 'not run: --fail-fast stopped the run';
            }
          }
          break;
        }
        active = next;
      }
      const cells = summariseGroup(lives.map(finished), group.scenario, deps.usableCpus);
      done.push(...cells);
      cells.forEach((cell, index) => {
        const wall = cell.summary?.wallNs.median;
        const planned = lives[index]?.planned;
        if (cell.status === 'ok' && wall !== undefined && planned !== undefined) {
          progress.line(`${header} ${describe(planned)}: ${cell.samples.length} runs, median ${(wall / 1e6).toFixed(1)} ms`);
        }
      });
      deps.onCells?.(done);
    }
  } finally {
    progress.done();
    rmSync(privateTmp, { recursive: true, force: true });
    liveRunDirs.delete(privateTmp);
  }
  return { cells: done, interrupted, stoppedEarly };
}
