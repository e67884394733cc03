import path from 'node:path';
import { matchId } from '../core/cell-key.js';
import { DEFAULT_ALPHA, DEFAULT_THRESHOLD } from '../core/gate.js';
import type { StartMethod, StopStatistic } from '../core/settings.js';
import { warmClusters } from '../analysis/warm-values.js';
import type { Executor, SampleOutcome, SampleRequest } from '../executor/executor.js';
import type { CellGroup } from '../plan/planner.js';
import type { Cell } from '../results/results-schema.js';
import type { SampleRecorder } from '../results/run-recorder.js';
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
  /** Told of every finished cell and group (the results document is kept there, not here). */
  readonly recorder?: SampleRecorder;
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

/** Why a run stops before its plan ends: a signal, or --fail-fast after a failed cell. */
type Halt = 'interrupted' | 'fail-fast' | null;

/** The run in progress: its fixed inputs, and what every group and round updates. */
interface Suite {
  readonly settings: SamplingSettings;
  readonly deps: SuiteDependencies;
  readonly progress: Progress;
  readonly tmp: string;
  /** Every A/B pair of the run is one test of the gate: the pair rule's α is the gate's over them all. */
  readonly pairAlpha: number;
  /** Whether lines name each cell's interpreter. */
  readonly severalPythons: boolean;
  readonly announce: Announcer;
  samplesTaken: number;
  halt: Halt;
}

/** One group while it samples. */
interface GroupRun {
  readonly header: string;
  readonly lives: readonly LiveCell[];
  /** Each A/B cell's other half. */
  readonly partner: ReadonlyMap<LiveCell, LiveCell>;
  readonly threshold: number;
}

/** Says each finished cell in one line, with the run's elapsed time and an estimate of what remains (CI logs read these). */
interface Announcer {
  (live: LiveCell, header: string): void;
  /** Counts cells that finish without sampling (unsupported) towards the estimate. */
  skip(count: number): void;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// With several interpreters a line names the cell's, or two lines would read the same.
function createAnnouncer(total: number, severalPythons: boolean, progress: Progress, now: () => number): Announcer {
  const started = now();
  let finished = 0;
  const announce = (live: LiveCell, header: string): void => {
    finished += 1;
    const elapsed = now() - started;
    const left = finished < total ? `, ~${clock((elapsed / finished) * (total - finished))} left` : '';
    const on = live.stop === 'precision' && live.stopStatistic === 'warm-work' ? ' on warm work' : '';
    const what = live.status === 'ok' ? `${live.samples.length} runs (${live.stop ?? 'done'}${on})` : `${live.status ?? 'skipped'}: ${live.reason ?? ''}`;
    progress.line(`[${finished}/${total} ${clock(elapsed)}${left}] ${header} ${describeCell(live.planned, severalPythons)}: ${what}`);
  };
  return Object.assign(announce, { skip: (count: number) => void (finished += count) });
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

/** What the executor gets for one sample of a cell. */
function sampleRequest(suite: Suite, live: LiveCell): SampleRequest {
  const { planned } = live;
  const valuesPerProcess = suite.settings.valuesPerProcess ?? 1;
  suite.samplesTaken += 1;
  return {
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
    startMethod: suite.deps.startMethod ?? null,
    tmpDir: path.join(suite.tmp, `sample-${suite.samplesTaken}`),
    timeoutMs: suite.settings.timeoutS * 1000,
    tmpRoot: suite.tmp,
    ...(suite.deps.signal === undefined ? {} : { signal: suite.deps.signal }),
  };
}

/** Applies one outcome to its cell; returns false when the cell stops sampling (and halts the run on an abort or --fail-fast). */
function record(suite: Suite, live: LiveCell, outcome: SampleOutcome, warmup: boolean): boolean {
  if (outcome.kind === 'aborted') {
    suite.halt = 'interrupted';
    return false;
  }
  if (outcome.kind !== 'ok') {
    live.status = outcome.kind;
    live.reason = outcome.reason;
    if (outcome.kind === 'failed' && outcome.stderrTail !== undefined && outcome.stderrTail !== '') live.stderrTail = outcome.stderrTail;
    if (suite.deps.failFast === true && (outcome.kind === 'failed' || outcome.kind === 'timeout')) suite.halt = 'fail-fast';
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
}

/** One round: a sample of every cell still sampling, in the plan's order; returns the cells that sample on. */
async function sampleRound(suite: Suite, group: GroupRun, active: readonly LiveCell[], round: number): Promise<LiveCell[]> {
  const warmup = round < suite.settings.warmup;
  const sampled: LiveCell[] = [];
  for (const live of active) {
    if (pastDeadline(suite)) break;
    suite.progress.status(`${group.header} ${warmup ? 'warmup' : `round ${round - suite.settings.warmup + 1}`}: ${describeCell(live.planned, suite.severalPythons)}`);
    const startedAt = process.hrtime.bigint();
    const outcome = await suite.deps.executor.runSample(sampleRequest(suite, live));
    // The budget counts real time (interpreter start-up and setup included), not just the timed region.
    if (!warmup) live.elapsedNs += Number(process.hrtime.bigint() - startedAt);
    const keep = record(suite, live, outcome, warmup);
    if (suite.halt === 'interrupted') break;
    if (keep) sampled.push(live);
    else if (live.status !== null) suite.announce(live, group.header);
    if (suite.halt !== null) break;
  }
  return sampled;
}

/** A cell stops sampling: announced, and its group's finished cells handed to the recorder. */
function finish(suite: Suite, group: GroupRun, live: LiveCell, reason: LiveCell['stop'], statistic: StopStatistic): void {
  live.status = 'ok';
  live.stop = reason;
  live.stopStatistic = statistic;
  suite.announce(live, group.header);
  suite.deps.recorder?.cellDone(group.lives.filter((other) => other.status !== null && other.status !== 'unsupported').map(finishedCell));
}

/** A cell on its own stops on its own precision: with K > 1 values per process the warm work time's (cluster bootstrap). */
function decideCell(suite: Suite, group: GroupRun, live: LiveCell): LiveCell[] {
  const warm = (suite.settings.valuesPerProcess ?? 1) > 1 ? warmClusters(live.samples) : null;
  const reason = stopReason(live.samples.map((sample) => sample.wallNs), live.elapsedNs, suite.settings, warm);
  if (reason === null) return [live];
  finish(suite, group, live, reason, warm === null ? 'wall' : 'warm-work');
  return [];
}

/** An A/B pair stops together, on the ratio of its wall times, as `pyconc compare` will judge it. */
function decidePair(suite: Suite, group: GroupRun, live: LiveCell, other: LiveCell): LiveCell[] {
  const [baseline, candidate] = live.planned.key.variant === 'baseline' ? [live, other] : [other, live];
  const walls = (cell: LiveCell): number[] => cell.samples.map((sample) => sample.wallNs);
  const reason = pairStopReason(walls(baseline), walls(candidate), baseline.elapsedNs + candidate.elapsedNs, suite.settings, group.threshold, suite.pairAlpha);
  if (reason === null) return [live, other];
  finish(suite, group, baseline, reason, 'wall');
  finish(suite, group, candidate, reason, 'wall');
  return [];
}

/** After a measured round: the cells that sample on (the others finish, an A/B pair together when both were sampled). */
function decideStops(suite: Suite, group: GroupRun, sampled: readonly LiveCell[]): LiveCell[] {
  const next: LiveCell[] = [];
  const decided = new Set<LiveCell>();
  for (const live of sampled) {
    if (decided.has(live)) continue; // decided with its partner earlier in this loop
    const other = group.partner.get(live);
    if (other !== undefined && other.status === null && sampled.includes(other)) {
      decided.add(other);
      next.push(...decidePair(suite, group, live, other));
    } else next.push(...decideCell(suite, group, live));
  }
  return next;
}

function pastDeadline(suite: Suite): boolean {
  return suite.deps.deadline !== undefined && (suite.deps.now ?? Date.now)() >= suite.deps.deadline;
}

/** Past the deadline: cells with samples finish as they are, the others are skipped. */
function stopAtDeadline(suite: Suite, group: GroupRun, active: readonly LiveCell[]): void {
  for (const live of active.filter((one) => one.status === null)) {
    if (live.samples.length > 0) finish(suite, group, live, 'max-time', 'wall');
    else {
      live.status = 'skipped';
      live.reason = 'not run: the time budget ran out';
      suite.announce(live, group.header);
    }
  }
}

/** A halted run leaves the cells it had not finished skipped, saying why. */
function skipUnfinished(lives: readonly LiveCell[], halt: NonNullable<Halt>): void {
  for (const live of lives) {
    if (live.status !== null) continue;
    live.status = 'skipped';
    live.reason = halt === 'interrupted' ? `interrupted after ${live.samples.length} sample(s)` : 'not run: --fail-fast stopped the run';
  }
}

/** Warmups, then measured rounds until every cell of the group has stopped (or the run halts: what is left is skipped). */
async function sampleGroup(suite: Suite, group: CellGroup): Promise<Cell[]> {
  const lives = group.cells.map(newLiveCell);
  const threshold = group.scenario.gate?.threshold ?? suite.deps.pairThreshold ?? DEFAULT_THRESHOLD;
  const run: GroupRun = { header: group.scenario.name, lives, partner: pairsOf(lives), threshold };
  suite.announce.skip(lives.filter((live) => live.status !== null).length);
  let active = lives.filter((live) => live.status === null);
  for (let round = 0; active.length > 0; round++) {
    const sampled = await sampleRound(suite, run, active, round);
    if (suite.halt !== null) {
      skipUnfinished(lives, suite.halt);
      break;
    }
    if (pastDeadline(suite)) {
      stopAtDeadline(suite, run, active);
      break;
    }
    const next = round < suite.settings.warmup ? sampled : decideStops(suite, run, sampled);
    // Keep the plan's order (baseline next to candidate) whatever order the pairs were decided in.
    active = lives.filter((live) => next.includes(live));
  }
  return lives.map(finishedCell);
}

function openSuite(groups: readonly CellGroup[], settings: SamplingSettings, deps: SuiteDependencies): Suite {
  const cells = groups.flatMap((group) => group.cells);
  const progress = deps.progress ?? silentProgress;
  const pairCount = cells.filter((cell) => cell.key.variant === 'candidate').length;
  const severalPythons = new Set(cells.map((cell) => cell.key.python)).size > 1;
  return {
    settings,
    deps,
    progress,
    tmp: createRunTempDir(deps.tmpRoot),
    pairAlpha: DEFAULT_ALPHA / Math.max(1, pairCount),
    severalPythons,
    announce: createAnnouncer(cells.length, severalPythons, progress, deps.now ?? Date.now),
    samplesTaken: 0,
    halt: null,
  };
}

/**
 * Runs the planned groups: per group, warmups then measured rounds, each round one sample of every
 * cell still sampling (round-robin, so drift hits every mode alike; in an A/B run each baseline
 * sample next to its candidate's), until each cell's stop rule says enough (an A/B pair's rule
 * stops both together, on their comparison). A failing sample ends its cell with a status and a
 * reason; the run goes on.
 */
export async function runSuite(groups: readonly CellGroup[], settings: SamplingSettings, deps: SuiteDependencies): Promise<SuiteResult> {
  const suite = openSuite(groups, settings, deps);
  const done: Cell[] = [];
  try {
    for (const group of groups) {
      if (deps.signal?.aborted === true) suite.halt = 'interrupted';
      if (suite.halt !== null) break;
      const cells = await sampleGroup(suite, group);
      done.push(...cells);
      deps.recorder?.groupDone(cells);
    }
  } finally {
    suite.progress.done();
    removeRunTempDir(suite.tmp);
  }
  return { cells: done, interrupted: suite.halt === 'interrupted', stoppedEarly: suite.halt === 'fail-fast' };
}
