import path from 'node:path';
import { matchId } from '../core/cell-key.js';
import { DEFAULT_ALPHA, DEFAULT_THRESHOLD } from '../core/gate.js';
import type { StartMethod, StopStatistic } from '../core/settings.js';
import { warmClusters } from '../analysis/warm-values.js';
import type { Executor, SampleOutcome } from '../executor/executor.js';
import type { CellGroup } from '../plan/planner.js';
import type { Cell } from '../results/results-schema.js';
import { describeCell, finishedCell, newLiveCell, type LiveCell } from './live-cell.js';
import { silentProgress, type Progress } from './progress.js';
import { createRunTempDir, removeRunTempDir } from './run-temp-dir.js';
import { pairStopReason, stopReason, type SamplingSettings } from './stop-rule.js';

/** What runSuite needs besides the plan; everything injectable so tests use a mock executor. */
export interface SuiteDependencies {
  readonly executor: Executor;
  readonly startMethod?: StartMethod | null;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  readonly failFast?: boolean;
  /** A cell finished sampling: the cells of its group finished so far (raw, no summary). */
  readonly onCellDone?: (groupCells: readonly Cell[]) => void;
  /** A group finished: all its cells (raw, no summary). */
  readonly onGroupDone?: (groupCells: readonly Cell[]) => void;
  /** Where per-sample temporary directories go; a private directory is made under it. */
  readonly tmpRoot?: string;
  /** The A/B pair rule's threshold where the scenario's `gate:` sets none. */
  readonly pairThreshold?: number;
  /** Clock for elapsed time and estimates (tests). */
  readonly now?: () => number;
  /** A time (by `now`) after which no sample starts: cells with samples finish as they are (`max-time`), the rest are skipped. */
  readonly deadline?: number;
}

export interface SuiteResult {
  /** Every planned cell, raw (summaries are the analysis layer's). */
  readonly cells: Cell[];
  readonly interrupted: boolean;
  /** Set when --fail-fast stopped the run. */
  readonly stoppedEarly: boolean;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Pairs baseline and candidate cells of one group by their key without the variant. */
function pairsOf(lives: readonly LiveCell[]): Map<LiveCell, LiveCell> {
  const byMatch = new Map<string, LiveCell[]>();
  for (const live of lives) {
    if (live.planned.key.variant === undefined) continue;
    const id = matchId(live.planned.key);
    byMatch.set(id, [...(byMatch.get(id) ?? []), live]);
  }
  const partner = new Map<LiveCell, LiveCell>();
  for (const [a, b] of byMatch.values()) {
    if (a === undefined || b === undefined) continue;
    partner.set(a, b);
    partner.set(b, a);
  }
  return partner;
}

/**
 * Runs the planned groups: per group, warmups then measured rounds, each round one sample of every
 * cell still sampling (round-robin, so drift hits every mode alike; in an A/B run each baseline
 * sample next to its candidate's), until each cell's stop rule says enough (an A/B pair's rule
 * stops both together, on their comparison). A failing sample ends its cell with a status and a
 * reason; the run goes on.
 */
export async function runSuite(groups: readonly CellGroup[], settings: SamplingSettings, deps: SuiteDependencies): Promise<SuiteResult> {
  const progress = deps.progress ?? silentProgress;
  const now = deps.now ?? Date.now;
  const done: Cell[] = [];
  const privateTmp = createRunTempDir(deps.tmpRoot);
  const started = now();
  const total = groups.reduce((sum, group) => sum + group.cells.length, 0);
  // Every A/B pair of the run is one test of the gate: the pair rule's α is the gate's over them all.
  const pairCount = groups.reduce((sum, group) => sum + group.cells.filter((cell) => cell.key.variant === 'candidate').length, 0);
  const pairAlpha = DEFAULT_ALPHA / Math.max(1, pairCount);
  const valuesPerProcess = settings.valuesPerProcess ?? 1;
  let finishedCount = 0;
  let sampleCounter = 0;
  let interrupted = false;
  let stoppedEarly = false;

  const runOne = async (live: LiveCell): Promise<SampleOutcome> => {
    const { planned } = live;
    sampleCounter += 1;
    return deps.executor.runSample({
      interpreter: planned.interpreter,
      cell: {
        id: planned.id,
        scenario: planned.scenario.name,
        workload: planned.scenario.workload,
        mode: planned.key.mode,
        workers: planned.key.workers,
        params: planned.key.params,
        ...(planned.chunksize === undefined ? {} : { chunksize: planned.chunksize }),
        ...(valuesPerProcess === 1 ? {} : { values: valuesPerProcess }),
      },
      startMethod: deps.startMethod ?? null,
      tmpDir: path.join(privateTmp, `sample-${sampleCounter}`),
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
      live.status = outcome.kind;
      live.reason = outcome.reason;
      if (outcome.kind === 'failed' && outcome.stderrTail !== undefined && outcome.stderrTail !== '') live.stderrTail = outcome.stderrTail;
      if (outcome.kind === 'failed' || outcome.kind === 'timeout') stoppedEarly = deps.failFast === true;
      return false;
    }
    if (live.chunksize === undefined && outcome.chunksize !== undefined) live.chunksize = outcome.chunksize;
    if (live.checksum === null) live.checksum = outcome.checksum;
    else if (outcome.checksum !== live.checksum) {
      live.status = 'failed';
      live.reason = `checksum changed between samples (${live.checksum} then ${outcome.checksum}): the workload is not deterministic`;
      return false;
    }
    (warmup ? live.warmups : live.samples).push(outcome.sample);
    return true;
  };

  /** One line per finished cell, with the run's elapsed time and an estimate of what remains (CI logs read these). */
  // With several interpreters a line names the cell's, or two lines would read the same.
  const severalPythons = new Set(groups.flatMap((group) => group.cells.map((cell) => cell.key.python))).size > 1;
  const announce = (live: LiveCell, header: string): void => {
    finishedCount += 1;
    const elapsed = now() - started;
    const left = finishedCount < total ? `, ~${clock((elapsed / finishedCount) * (total - finishedCount))} left` : '';
    const on = live.stop === 'precision' && live.stopStatistic === 'warm-work' ? ' on warm work' : '';
    const what = live.status === 'ok' ? `${live.samples.length} runs (${live.stop ?? 'done'}${on})` : `${live.status ?? 'skipped'}: ${live.reason ?? ''}`;
    progress.line(`[${finishedCount}/${total} ${clock(elapsed)}${left}] ${header} ${describeCell(live.planned, severalPythons)}: ${what}`);
  };

  try {
    for (const group of groups) {
      if (interrupted || stoppedEarly || deps.signal?.aborted) {
        interrupted ||= deps.signal?.aborted === true;
        break;
      }
      const lives = group.cells.map(newLiveCell);
      const partner = pairsOf(lives);
      const header = group.scenario.name;
      finishedCount += lives.filter((live) => live.status !== null).length;
      let active = lives.filter((live) => live.status === null);
      const threshold = group.scenario.gate?.threshold ?? deps.pairThreshold ?? DEFAULT_THRESHOLD;
      const finish = (live: LiveCell, reason: LiveCell['stop'], statistic: StopStatistic): void => {
        live.status = 'ok';
        live.stop = reason;
        live.stopStatistic = statistic;
        announce(live, header);
        deps.onCellDone?.(lives.filter((other) => other.status !== null && other.status !== 'unsupported').map(finishedCell));
      };
      for (let round = 0; active.length > 0; round++) {
        const warmup = round < settings.warmup;
        const sampled: LiveCell[] = [];
        for (const live of active) {
          if (interrupted || stoppedEarly) break;
          if (deps.deadline !== undefined && now() >= deps.deadline) break;
          progress.status(`${header} ${warmup ? 'warmup' : `round ${round - settings.warmup + 1}`}: ${describeCell(live.planned, severalPythons)}`);
          const startedAt = process.hrtime.bigint();
          const outcome = await runOne(live);
          // The budget counts real time (interpreter start-up and setup included), not just the timed region.
          if (!warmup) live.elapsedNs += Number(process.hrtime.bigint() - startedAt);
          const keep = record(live, outcome, warmup);
          if (interrupted) break;
          if (keep) sampled.push(live);
          else if (live.status !== null) announce(live, header);
        }
        if (interrupted || stoppedEarly) {
          for (const live of lives) {
            if (live.status === null) {
              live.status = 'skipped';
              live.reason = interrupted ? `interrupted after ${live.samples.length} sample(s)` : 'not run: --fail-fast stopped the run';
            }
          }
          break;
        }
        if (deps.deadline !== undefined && now() >= deps.deadline) {
          for (const live of active.filter((one) => one.status === null)) {
            if (live.samples.length > 0) finish(live, 'max-time', 'wall');
            else {
              live.status = 'skipped';
              live.reason = 'not run: the time budget ran out';
              announce(live, header);
            }
          }
          break;
        }
        const next: LiveCell[] = [];
        const decided = new Set<LiveCell>();
        for (const live of sampled) {
          if (decided.has(live)) continue; // decided with its partner earlier in this loop
          const other = partner.get(live);
          if (warmup) next.push(live);
          else if (other !== undefined && other.status === null && sampled.includes(other)) {
            const [baseline, candidate] = live.planned.key.variant === 'baseline' ? [live, other] : [other, live];
            decided.add(other);
            const reason = pairStopReason(
              baseline.samples.map((sample) => sample.wallNs),
              candidate.samples.map((sample) => sample.wallNs),
              baseline.elapsedNs + candidate.elapsedNs,
              settings,
              threshold,
              pairAlpha,
            );
            if (reason === null) next.push(live, other);
            else {
              // The pair rule judges the ratio of wall times, as `pyconc compare` will.
              finish(baseline, reason, 'wall');
              finish(candidate, reason, 'wall');
            }
          } else {
            // With K > 1 values per process the precision target is the warm work time's (cluster bootstrap).
            const warm = valuesPerProcess > 1 ? warmClusters(live.samples) : null;
            const reason = stopReason(live.samples.map((sample) => sample.wallNs), live.elapsedNs, settings, warm);
            if (reason === null) next.push(live);
            else finish(live, reason, warm === null ? 'wall' : 'warm-work');
          }
        }
        // Keep the plan's order (baseline next to candidate) whatever order the pairs were decided in.
        active = lives.filter((live) => next.includes(live));
      }
      const cells = lives.map(finishedCell);
      done.push(...cells);
      deps.onGroupDone?.(cells);
    }
  } finally {
    progress.done();
    removeRunTempDir(privateTmp);
  }
  return { cells: done, interrupted, stoppedEarly };
}
