import { UsageError } from '../core/errors.js';
import { MODES, type Mode } from '../core/modes.js';
import type { SamplingSettings } from '../core/settings.js';
import type { Offers } from './applicability.js';
import type { Nature } from './classify.js';
import { sampleCostNs, type EstimateInputs } from './estimate.js';

/** Why a cell is in the experiment: the baseline, a point of a model's worker sweep, or a model kept as a reference at one count. */
export type CellRole = 'baseline' | 'sweep' | 'reference';

/** One cell of the experiment, with what one sample of it should cost. */
export interface ExperimentCell {
  readonly mode: Mode;
  readonly workers: number;
  /** Set for a cell that hands tasks over one at a time on purpose (chunks of 1, what `executor.map` does by default). */
  readonly chunksize?: number;
  readonly role: CellRole;
  /**
   * Lower is kept longer when the budget is short: 0 the baseline, 1 the first model's likeliest count,
   * 2 the other models', 3–4 every other point of the sweeps (a coarser sweep), 5–6 the points between,
   * 7 the references, 8 a chunk-size reference.
   */
  readonly priority: number;
  readonly costNs: number;
}

/** What the experiment measures, how, and what it leaves out. */
export interface ExperimentPlan {
  readonly cells: readonly ExperimentCell[];
  /** Modes that cannot run this function, with the reason (recorded as unsupported cells). */
  readonly unsupported: readonly { readonly mode: Mode; readonly reason: string }[];
  /** Cells the budget left out. */
  readonly leftOut: number;
  readonly sampling: SamplingSettings;
  /** What the whole experiment should take (ns), samples and warmups. */
  readonly estimatedNs: number;
}

/** What the plan is made from. */
export interface ExperimentInputs extends EstimateInputs {
  readonly nature: Nature;
  /** What the function offers: process-loops runs a sync one through a thread per call in flight. */
  readonly offers: Offers;
  readonly payloadBound: boolean;
  readonly fineGrained: boolean;
  /** Each mode but sequential, with its reason when it cannot run (applicability.ts). */
  readonly reasons: ReadonlyMap<Mode, string | null>;
  /** `--modes`: only these (and sequential); null: every mode that can run. */
  readonly modes: readonly Mode[] | null;
  readonly maxWorkers: number | null;
  /** What the experiment may take (ns): the budget less the probe and the reporting. */
  readonly availableNs: number;
  /** The budget as given, and what the probe and the reporting take beside the experiment, for the "too small" message. */
  readonly budgetS: number;
  readonly overheadNs: number;
}

/** The models whose worker counts are swept and those kept as references at one count, by the nature of the work. */
export const MODELS: Readonly<Record<Nature, { readonly sweep: readonly Mode[]; readonly reference: readonly Mode[] }>> = {
  waits: { sweep: ['asyncio', 'threading'], reference: ['async-threads', 'multiprocessing', 'process-loops', 'interpreters'] },
  'holds-gil': { sweep: ['multiprocessing', 'interpreters'], reference: ['threading', 'asyncio', 'async-threads', 'process-loops'] },
  'releases-gil': { sweep: ['threading', 'multiprocessing', 'interpreters'], reference: ['asyncio', 'async-threads', 'process-loops'] },
  mixed: { sweep: ['threading', 'multiprocessing', 'interpreters', 'asyncio', 'process-loops'], reference: ['async-threads'] },
};

/** Modes that cross a boundary with every task: references only when moving the data costs more than the work. */
const PROCESS_LIKE: readonly Mode[] = ['multiprocessing', 'process-loops', 'interpreters'];
/** Samples every cell gets at least; below this no interval means anything. */
export const MIN_RUNS = 3;
/** Samples a cell may get at most (as `run`). */
export const MAX_RUNS = 30;
/** A process-loops child runs a sync function through asyncio.to_thread, one thread per call of its shard: more is no model anyone runs. */
const MAX_THREADS_PER_LOOP = 1000;
/** Points of a worker sweep at most. */
const MAX_POINTS = 6;

/** Up to `points` counts from `from` to `to`, spaced geometrically, both ends included, distinct and ascending. */
export function geometricCounts(from: number, to: number, points = MAX_POINTS): number[] {
  if (to <= from) return [Math.max(1, to)];
  const ratio = Math.max(2, (to / from) ** (1 / (points - 1)));
  const out: number[] = [];
  for (let value = from; value < to; value *= ratio) out.push(Math.round(value));
  out.push(to);
  return [...new Set(out)];
}

/** The worker counts a model's sweep tries: up to the task count for waiting work, up to and past the usable CPUs for computing. */
export function sweepCounts(inputs: Pick<ExperimentInputs, 'nature' | 'usableCpus' | 'tasks' | 'maxWorkers' | 'classified'>): number[] {
  const cap = Math.max(1, Math.min(inputs.tasks, inputs.maxWorkers ?? Number.POSITIVE_INFINITY));
  const cpus = Math.max(1, inputs.usableCpus);
  if (inputs.nature === 'waits') return geometricCounts(2, Math.max(2, cap)).filter((count) => count <= cap);
  if (inputs.nature === 'mixed') {
    const enough = Math.ceil((2 * cpus) / Math.max(0.1, 1 - inputs.classified.waitingShare));
    return geometricCounts(2, Math.max(2, Math.min(cap, Math.max(2 * cpus, enough)))).filter((count) => count <= cap);
  }
  const counts = [...Array.from({ length: Math.max(1, cpus - 1) }, (_, index) => index + 2), 2 * cpus];
  const within = [...new Set(counts.filter((count) => count <= cap))];
  if (within.length === 0) return [cap];
  return within.length <= MAX_POINTS ? within : geometricCounts(2, Math.min(cap, 2 * cpus));
}

/** The count a model most likely does best at: where its sweep is anchored when the budget keeps one point. */
function anchorOf(counts: readonly number[], inputs: Pick<ExperimentInputs, 'nature' | 'usableCpus'>): number {
  if (inputs.nature === 'waits' || inputs.nature === 'mixed') return counts.at(-1) ?? 1;
  return counts.reduce((best, count) => (Math.abs(count - inputs.usableCpus) < Math.abs(best - inputs.usableCpus) ? count : best), counts[0] ?? 1);
}

/**
 * Whether a mode that can run the function is worth a cell: process-loops with a sync function is a
 * thread per call in flight in each process, a hybrid for waiting work only (and within reason).
 */
function worthMeasuring(mode: Mode, inputs: Pick<ExperimentInputs, 'offers' | 'nature' | 'tasks' | 'usableCpus'>): boolean {
  if (mode !== 'process-loops' || inputs.offers.async) return true;
  const waiting = inputs.nature === 'waits' || inputs.nature === 'mixed';
  return waiting && inputs.tasks / Math.max(2, inputs.usableCpus) <= MAX_THREADS_PER_LOOP;
}

/** The runnable modes in the sweep and as references, in registry order, after --modes and what the data rules out. */
function chooseModels(inputs: ExperimentInputs): { sweep: Mode[]; reference: Mode[] } {
  const asked = (mode: Mode): boolean => inputs.modes === null || inputs.modes.includes(mode);
  const runnable = (mode: Mode): boolean => inputs.reasons.get(mode) === null && asked(mode) && worthMeasuring(mode, inputs);
  const models = MODELS[inputs.nature];
  let sweep = models.sweep.filter(runnable);
  let reference = models.reference.filter(runnable);
  if (inputs.modes !== null) {
    // The user named the modes to compare: each is swept, in the order the work suits them.
    return { sweep: [...sweep, ...reference], reference: [] };
  }
  if (inputs.payloadBound) {
    // Threads share the data instead of moving it: they are what remains to sweep.
    reference = [...reference.filter((mode) => mode !== 'threading'), ...sweep.filter((mode) => PROCESS_LIKE.includes(mode))];
    sweep = [...sweep.filter((mode) => !PROCESS_LIKE.includes(mode)), ...(runnable('threading') && !sweep.includes('threading') ? ['threading' as const] : [])];
  }
  // The function offers none of the models the work suits (an async def for CPU work, say): what can run is swept.
  if (sweep.length === 0) [sweep, reference] = [reference, []];
  // The sweep keeps the table's order (the first is the model the work suits best); references go in registry order.
  return { sweep, reference: MODES.filter((mode) => reference.includes(mode)) };
}

/** Every cell worth measuring, each with its priority and cost, before the budget has its say. */
export function candidateCells(inputs: ExperimentInputs): ExperimentCell[] {
  const { sweep, reference } = chooseModels(inputs);
  if (sweep.length === 0) {
    const why = [...inputs.reasons].filter(([mode]) => inputs.modes?.includes(mode) ?? true).map(([mode, reason]) => `${mode}: ${reason ?? 'not asked for'}`);
    throw new UsageError(`no concurrency mode can run this function${inputs.modes === null ? '' : ` among --modes ${inputs.modes.join(',')}`} (${why.join('; ')})`);
  }
  const cost = (mode: Mode, workers: number, chunksize: number | null = null): number => sampleCostNs(mode, workers, chunksize, inputs);
  const counts = sweepCounts(inputs);
  const anchor = anchorOf(counts, inputs);
  const cells: ExperimentCell[] = [{ mode: 'sequential', workers: 1, role: 'baseline', priority: 0, costNs: cost('sequential', 1) }];
  const anchorIndex = counts.indexOf(anchor);
  sweep.forEach((mode, index) => {
    counts.forEach((workers, at) => {
      // Every other point from the anchor goes last, so that a short budget keeps a coarser sweep, not one point.
      const coarse = (anchorIndex - at) % 2 === 0;
      const priority = workers === anchor ? (index === 0 ? 1 : 2) : (coarse ? 3 : 5) + (index === 0 ? 0 : 1);
      cells.push({ mode, workers, role: 'sweep', priority, costNs: cost(mode, workers) });
    });
  });
  const referenceCount = Math.max(1, Math.min(inputs.tasks, inputs.maxWorkers ?? Number.POSITIVE_INFINITY, Math.max(2, inputs.usableCpus)));
  for (const mode of reference) cells.push({ mode, workers: referenceCount, role: 'reference', priority: 7, costNs: cost(mode, referenceCount) });
  const pool = sweep.find((mode) => mode !== 'asyncio' && mode !== 'process-loops');
  if (inputs.fineGrained && pool !== undefined && Math.ceil(inputs.tasks / (4 * referenceCount)) > 1) {
    // One task per hand-over (ProcessPoolExecutor.map's and ThreadPoolExecutor.map's way): what chunks save.
    cells.push({ mode: pool, workers: referenceCount, chunksize: 1, role: 'reference', priority: 8, costNs: cost(pool, referenceCount, 1) });
  }
  return cells;
}

/** What `cells` take with `minRuns` samples each after `warmup` rounds, each cell stopping at its time budget `maxTimeNs` once it has its minimum. */
export function totalNs(cells: readonly ExperimentCell[], warmup: number, minRuns: number, maxTimeNs: number): number {
  return cells.reduce((sum, cell) => {
    const runs = Math.max(minRuns, Math.min(MAX_RUNS, Math.ceil(maxTimeNs / cell.costNs)));
    return sum + (warmup + runs) * cell.costNs;
  }, 0);
}

/** Drops cells, highest priority number and most expensive first, until `MIN_RUNS` samples of each fit in `availableNs`. */
function fitCells(cells: readonly ExperimentCell[], availableNs: number): ExperimentCell[] {
  const kept = [...cells];
  const dropOrder = [...cells].filter((cell) => cell.priority > 1).sort((a, b) => b.priority - a.priority || b.costNs - a.costNs);
  for (const cell of dropOrder) {
    if (totalNs(kept, 0, MIN_RUNS, 0) <= availableNs) break;
    kept.splice(kept.indexOf(cell), 1);
  }
  return kept;
}

/**
 * The experiment (pure): the candidate cells, cut to what the budget can measure, and sampling
 * settings that fit it: a warmup round when there is room for it, at least MIN_RUNS samples a cell
 * (up to 5 where they fit), and a per-cell time budget, the largest for which the whole fits. A budget
 * that cannot measure even the baseline and the first model's likeliest count MIN_RUNS times is a
 * UsageError naming the smallest budget that could.
 */
export function planExperiment(inputs: ExperimentInputs, unsupported: readonly { mode: Mode; reason: string }[]): ExperimentPlan {
  const candidates = candidateCells(inputs);
  const essential = candidates.filter((cell) => cell.priority <= 1);
  const needed = totalNs(essential, 0, MIN_RUNS, 0);
  if (needed > inputs.availableNs) {
    const smallest = Math.ceil((inputs.overheadNs + needed) / 1e9);
    throw new UsageError(`--budget ${inputs.budgetS}: too small to measure anything here: ${MIN_RUNS} runs of sequential and of ${essential.map((cell) => `${cell.mode} w=${cell.workers}`).filter((name) => !name.startsWith('sequential')).join(', ')} take about ${Math.ceil(needed / 1e9)} s beside the probe; the smallest budget that would is --budget ${smallest}`);
  }
  const cells = fitCells(candidates, inputs.availableNs);
  const round = cells.reduce((sum, cell) => sum + cell.costNs, 0);
  const warmup = totalNs(cells, 1, MIN_RUNS, 0) * 1.5 <= inputs.availableNs ? 1 : 0;
  const minRuns = Math.max(MIN_RUNS, Math.min(5, Math.floor(inputs.availableNs / round) - warmup));
  // The largest per-cell time budget for which the whole fits (bisection: the total grows with it).
  let [low, high] = [0, inputs.availableNs];
  for (let step = 0; step < 40; step++) {
    const middle = (low + high) / 2;
    if (totalNs(cells, warmup, minRuns, middle) <= inputs.availableNs) low = middle;
    else high = middle;
  }
  const longest = Math.max(...cells.map((cell) => cell.costNs));
  const sampling: SamplingSettings = {
    minRuns,
    maxRuns: MAX_RUNS,
    warmup,
    precision: 0.03,
    maxTimeS: Math.max(low, 1e6) / 1e9,
    // Five times the longest estimate, but never past half of what the experiment may take: such a sample could not finish in it anyway.
    timeoutS: Math.ceil(Math.min(Math.max(10e9, 5 * longest), Math.max(5e9, inputs.availableNs / 2)) / 1e9),
  };
  return { cells, unsupported, leftOut: candidates.length - cells.length, sampling, estimatedNs: totalNs(cells, warmup, minRuns, low) };
}
