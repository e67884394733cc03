/**
 * The answer in words under every table: which cell of a group (one scenario × params ×
 * interpreter × variant) to use, by the figure the scenario says matters, and why.
 *
 * **Ranking.** Each ok cell gets its figure by the goal (wall time unless the scenario names a
 * metric, `goal-figure.ts`); the best is the one with the best median.
 *
 * **Ties.** Two cells are *tied* when the 95% percentile-bootstrap interval of the ratio of their
 * medians (stats/speedup.ts: unpaired, 2000 resamples, seed 1), oriented so that its point is ≥ 1,
 * reaches down to 1 + TIE_MARGIN: these samples cannot tell them apart by more than the drift a
 * run-to-run shift of a few percent brings (the findings' CONTRADICTION_MARGIN, for the same
 * reason: an answer must not flip between two runs on it). Coverage: the interval is nominally
 * 95%; with fewer than about 10 samples a side the bootstrap of a median is coarse and covers
 * less (with 3 samples a side it can only take a handful of values), and the best cell is the one
 * whose sample looked best, so against it every other cell's ratio leans high (the winner's
 * curse): both make "slower" a little too easy to say. The margin works the other way, and a
 * cell called slower is also at least 5% behind at the interval's low end. "Tied" means "not
 * shown to differ", never "equal".
 *
 * **Verdicts.** Sequential tied with the best: do not parallelise. Otherwise the pick is, among the
 * cells tied with the best that also beat sequential beyond the noise (the same test), the
 * cheapest in memory and start-up (`ranked-cell.ts`, `byCost`: threads before an event loop before
 * interpreters before processes, then fewer workers, then the measured RSS and setup): with several
 * worker counts of the picked mode, that is the *knee*, the fewest workers within the noise of
 * the best. Under load (other work took CPUs while the group ran) on CPU-bound work, a result
 * that a CPU-parallel cell would have changed with its parallelism given back is what the load
 * made of it, not an answer: no pick, only what was measured (`loadCouldDecide`). A scenario whose sequential cell is no baseline (`report.speedup: false`) or
 * that has none gets the best cell by the goal, ties and knee alike.
 */
import { BASELINE_MODE } from '../core/modes.js';
import { busyDuringRun } from '../env/noise.js';
import type { Alternative, Knee, Recommendation, RecommendationVerdict, RecommendedCell } from '../results/recommendation-schema.js';
import type { Cell, Interval } from '../results/results-schema.js';
import { speedup } from '../stats/speedup.js';
import { cellConcurrency, type ConcurrencyAspects } from './concurrency.js';
import type { FigureValue } from './goal-figure.js';
import { CPU_BOUND, lossReason, type LossContext } from './loss-reason.js';
import { byCost, parallelCpu, type RankedCell } from './ranked-cell.js';
import { preferenceText, recommendationText } from './recommend-text.js';

export type { Alternative, Knee, LossReason, Recommendation, RecommendationVerdict, RecommendedCell } from '../results/recommendation-schema.js';
export type { FigureValue } from './goal-figure.js';

/** How far beyond 1 a ratio's interval must lie before two cells count as different (5%, relative). */
export const TIE_MARGIN = 0.05;

/** The figure a group is ranked by: its name, which way is better, and each cell's value. */
export interface RankingFigure {
  /** A claim-style metric name: `wallMs`, `latencyP99Ms`, `metric:items_per_s`. */
  readonly metric: Recommendation['goal']['metric'];
  readonly better: 'lower' | 'higher';
  /** The cell's figure (median, 95% interval, per-sample values), or null where it has none. */
  readonly of: (cell: Cell) => FigureValue | null;
}

/** What `recommend` judges: one group's summarised cells and what it needs to know around them. */
export interface RecommendInput {
  /** The cells of one group (same scenario, params, interpreter, variant), sequential included, summarised. */
  readonly cells: readonly Cell[];
  readonly figure: RankingFigure;
  /** The machine's usable CPUs (oversubscription). */
  readonly usableCpus: number;
  /** False where sequential is no meaningful baseline (the scenario's `report.speedup: false`). Default true. */
  readonly baseline?: boolean;
  /** Whether the group's interpreter ran with a GIL (threads run Python one at a time). Default true. */
  readonly gilEnabled?: boolean;
  /** Which concurrency matters to the scenario (concurrency.ts). Default: both. */
  readonly aspects?: ConcurrencyAspects;
  /** The parameter holding the task count (in-flight waits). Default `tasks`. */
  readonly tasksParam?: string | undefined;
  /**
   * How busy other work kept the machine while the group ran, in words, or null when quiet.
   * Undefined: read from the cells' `loadDuringGroup`.
   */
  readonly load?: string | null;
}

/** The ratio of two figures oriented so that above 1 means `a` is better than `b`. */
function better(a: FigureValue, b: FigureValue, direction: RankingFigure['better']): Interval {
  return direction === 'lower' ? speedup(b.samples, a.samples) : speedup(a.samples, b.samples);
}

/** Tied: the interval of how much better one is than the other reaches within TIE_MARGIN of 1. */
export function isTied(ratio: Interval): boolean {
  return ratio.ciLow <= 1 + TIE_MARGIN;
}

function loadOf(input: RecommendInput): string | null {
  if (input.load !== undefined) return input.load;
  const load = input.cells.find((cell) => cell.loadDuringGroup !== undefined)?.loadDuringGroup;
  return load === undefined ? null : busyDuringRun({ usableCpus: input.usableCpus, loadDuringRun: load }, 'while these cells ran');
}

function rank(input: RecommendInput, useBaseline: boolean): { ranked: RankedCell[]; sequential: RankedCell | undefined } {
  const direction = input.figure.better;
  const measured = input.cells
    .map((cell) => ({ cell, figure: cell.status === 'ok' ? input.figure.of(cell) : null }))
    .filter((entry): entry is { cell: Cell; figure: FigureValue } => entry.figure !== null)
    .filter((entry) => useBaseline || entry.cell.key.mode !== BASELINE_MODE)
    .sort((a, b) => (direction === 'lower' ? a.figure.value - b.figure.value : b.figure.value - a.figure.value) || byCost(a.cell, b.cell));
  const top = measured[0];
  const base = useBaseline ? measured.find((entry) => entry.cell.key.mode === BASELINE_MODE) : undefined;
  const ranked = measured.map((entry) => ({
    ...entry,
    gain: base === undefined ? null : better(entry.figure, base.figure, direction),
    behindBest: top === undefined || entry === top ? { value: 1, ciLow: 1, ciHigh: 1 } : better(top.figure, entry.figure, direction),
  }));
  return { ranked, sequential: ranked.find((entry) => entry.cell.key.mode === BASELINE_MODE) };
}

function named(entry: RankedCell): RecommendedCell {
  const { cell, figure } = entry;
  const interval = { value: figure.value, ciLow: figure.ciLow, ciHigh: figure.ciHigh };
  return { id: cell.id, mode: cell.key.mode, workers: cell.key.workers, figure: interval, gain: entry.gain };
}

function kneeOf(pick: RankedCell, ranked: readonly RankedCell[]): Knee | null {
  const tried = [...new Set(ranked.filter((entry) => entry.cell.key.mode === pick.cell.key.mode).map((entry) => entry.cell.key.workers))].sort((a, b) => a - b);
  if (pick.cell.key.mode === BASELINE_MODE || tried.length < 2) return null;
  return { mode: pick.cell.key.mode, workers: pick.cell.key.workers, tried, stillRising: pick.cell.key.workers === tried.at(-1) };
}

/**
 * Whether the load could have made the answer: a busy machine takes CPUs from the CPU-parallel
 * modes first, at most all of their parallelism (their gain divided by the CPUs they could use).
 * So the answer is the load's when the pick is not CPU-parallel and a CPU-parallel cell, given that
 * back at the top of its interval (of the whole sample, or of its work alone), would have beaten
 * it (or one loop); a loss larger than that stands.
 */
function loadCouldDecide(ranked: readonly RankedCell[], pick: RankedCell | undefined, usableCpus: number, gilEnabled: boolean, wallGoal: boolean): boolean {
  // A CPU-parallel pick won against the others while the load took CPUs from all of them alike.
  if (pick !== undefined && pick.cell.key.mode !== BASELINE_MODE && parallelCpu(pick.cell.key.mode, gilEnabled)) return false;
  const toBeat = pick?.gain?.value ?? 1;
  return ranked.some((entry) => {
    if (entry === pick || entry.gain === null || !parallelCpu(entry.cell.key.mode, gilEnabled)) return false;
    const cpus = Math.min(cellConcurrency(entry.cell.key).cpus, usableCpus);
    // Starting processes or interpreters on a busy machine suffers out of all proportion (a fork
    // server's children and their imports wait for CPUs too): on wall time, the work alone counts as well.
    const work = wallGoal ? (entry.cell.summary?.workSpeedup?.ciHigh ?? 0) : 0;
    return Math.max(entry.gain.ciHigh, work) * cpus > toBeat * (1 + TIE_MARGIN);
  });
}

/** Verdict and pick before load is considered. */
function choose(ranked: readonly RankedCell[], sequential: RankedCell | undefined): { verdict: RecommendationVerdict; pick: RankedCell | undefined } {
  const tied = ranked.filter((entry) => isTied(entry.behindBest));
  if (sequential === undefined) return { verdict: 'no-baseline', pick: [...tied].sort((a, b) => byCost(a.cell, b.cell))[0] };
  if (isTied(sequential.behindBest)) return { verdict: 'sequential', pick: sequential };
  const candidates = tied.filter((entry) => entry.gain !== null && !isTied(entry.gain));
  return { verdict: 'parallelise', pick: candidates.sort((a, b) => byCost(a.cell, b.cell))[0] };
}

/**
 * The recommendation for one group of cells (see the module comment for the method): the pick
 * and its gain over one loop, the ties, the knee, what every other cell loses to, and the line
 * printed under the table. Pure: the same cells give the same answer on every machine.
 */
export function recommend(input: RecommendInput): Recommendation {
  const first = input.cells[0];
  const gilEnabled = input.gilEnabled ?? true;
  const aspects = input.aspects ?? { io: true, cpu: true };
  const goal = { metric: input.figure.metric, better: input.figure.better };
  const useBaseline = input.baseline !== false;
  const { ranked, sequential } = rank(input, useBaseline);
  const best = ranked[0];
  const load = loadOf(input);
  const group = {
    scenario: first?.key.scenario ?? '',
    python: first?.key.python ?? '',
    params: { ...(first?.key.params ?? {}) },
    ...(first?.key.variant === undefined ? {} : { variant: first.key.variant }),
    goal,
    load,
  };
  if (best === undefined) {
    const empty = { ...group, verdict: 'nothing-measured' as const, pick: null, best: null, preferred: null, knee: null, alternatives: [], runnerUp: null };
    return { ...empty, text: recommendationText(empty) };
  }
  let { verdict, pick } = choose(ranked, useBaseline ? sequential : undefined);
  // Measured where sequential ran; a busy machine lowers a CPU-bound loop's share, so a scenario about CPUs alone counts as CPU-bound too.
  const cpuUtilisation = sequential?.cell.summary?.cpuUtilisation;
  const cpuBound = (typeof cpuUtilisation === 'number' && cpuUtilisation >= CPU_BOUND) || (aspects.cpu && !aspects.io);
  if (load !== null && cpuBound && loadCouldDecide(ranked, pick, input.usableCpus, gilEnabled, goal.metric === 'wallMs')) {
    verdict = 'under-load';
    pick = undefined;
  }
  const context: LossContext = { best, usableCpus: input.usableCpus, gilEnabled, aspects, tasksParam: input.tasksParam, cpuBound, wallGoal: goal.metric === 'wallMs' };
  const alternatives: Alternative[] = ranked
    .filter((entry) => entry !== (pick ?? best))
    .map((entry) => {
      const tied = isTied(entry.behindBest);
      const loss = tied ? null : lossReason(entry, context);
      const why = loss?.why ?? (pick === undefined ? 'within the noise of the best' : `tied with the best; ${preferenceText(pick, entry)}`);
      return { ...named(entry), behindBest: entry.behindBest, verdict: tied ? 'tied' : 'slower', lossTo: loss?.lossTo ?? null, why };
    });
  const runnerUp = alternatives.find((alternative) => alternative.verdict === 'slower' && alternative.mode !== BASELINE_MODE && alternative.mode !== pick?.cell.key.mode) ?? null;
  const parts = {
    ...group,
    verdict,
    pick: pick === undefined ? null : named(pick),
    best: named(best),
    preferred: pick === undefined || pick === best ? null : preferenceText(pick, best),
    knee: pick === undefined || verdict === 'sequential' ? null : kneeOf(pick, ranked),
    alternatives,
    runnerUp,
  };
  return { ...parts, text: recommendationText(parts) };
}
