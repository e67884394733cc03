import { modeSpec } from '../core/modes.js';
import type { LossReason } from '../results/recommendation-schema.js';
import { cellConcurrency, type ConcurrencyAspects } from './concurrency.js';
import { parallelCpu, type RankedCell } from './ranked-cell.js';
import { durationText, ratioText } from './recommend-words.js';

/** What the reasons read of the group, besides the two cells compared. */
export interface LossContext {
  readonly best: RankedCell;
  readonly usableCpus: number;
  readonly gilEnabled: boolean;
  readonly aspects: ConcurrencyAspects;
  readonly tasksParam?: string | undefined;
  /** Sequential spent most of its wall time on a CPU (CPU time / wall ≥ CPU_BOUND): CPUs decide. */
  readonly cpuBound: boolean;
  /** The goal is the whole sample's wall time, start-up included (a metric goal leaves it out). */
  readonly wallGoal: boolean;
}

/** Sequential's CPU time over its wall time from which the work counts as CPU-bound. */
export const CPU_BOUND = 0.5;

/** A pool whose setup closes at least this share of its gap to the best lost to its start-up. */
const START_UP_SHARE_OF_GAP = 0.5;

/** What a slower cell loses to, and the figures that say so. */
export interface Loss {
  readonly lossTo: LossReason;
  readonly why: string;
}

function startUpLoss(loser: RankedCell, best: RankedCell): Loss | null {
  const setup = loser.cell.summary?.setupNs?.median;
  const wall = loser.cell.summary?.wallNs.median;
  const bestWall = best.cell.summary?.wallNs.median;
  if (setup === undefined || wall === undefined || bestWall === undefined || setup < 1e6) return null;
  if (setup < START_UP_SHARE_OF_GAP * (wall - bestWall)) return null;
  return { lossTo: 'start-up', why: `starting its workers took ${durationText(setup)} of its ${durationText(wall)}` };
}

function picklingLoss(loser: RankedCell): Loss | null {
  const spec = modeSpec(loser.cell.key.mode);
  const work = loser.cell.summary?.workSpeedup;
  if (!(spec.startsProcesses || spec.needs !== null) || work === null || work === undefined || work.value >= 1) return null;
  return { lossTo: 'pickling', why: `handing tasks and results to its workers costs more than they save: its work alone runs at ${ratioText(work.value)} one loop's speed` };
}

function inFlightLoss(loser: RankedCell, context: LossContext): Loss | null {
  if (!context.aspects.io) return null;
  const mine = cellConcurrency(loser.cell.key, context.tasksParam).inFlight;
  const theirs = cellConcurrency(context.best.cell.key, context.tasksParam).inFlight;
  if (mine === null || theirs === null || mine >= theirs) return null;
  return { lossTo: 'fewer-in-flight', why: `${mine} wait(s) in flight against ${theirs}` };
}

/**
 * Why `loser` is slower than the best cell, tried in the order of LOSS_REASONS: CPU-bound work on
 * one CPU under a parallel best (the GIL for threads, one thread for an event loop or one loop),
 * more CPU-bound workers than usable CPUs, a setup that closes most of the gap (wall-time goals
 * only), process or interpreter work slower than one loop even without its setup (the hand-over:
 * pickling, copying), fewer waits in flight than the best; else simply slower.
 */
export function lossReason(loser: RankedCell, context: LossContext): Loss {
  const { best, cpuBound, gilEnabled } = context;
  const mode = loser.cell.key.mode;
  const spec = modeSpec(mode);
  if (cpuBound && !parallelCpu(mode, gilEnabled) && parallelCpu(best.cell.key.mode, gilEnabled)) {
    if (spec.cpuUnits === 'workers') return { lossTo: 'the-gil', why: 'threads take turns on the GIL: one runs Python at a time' };
    return { lossTo: 'one-thread', why: mode === 'sequential' ? 'one loop runs on one CPU' : 'one thread runs all the CPU work, inline on its event loop' };
  }
  const cpus = cellConcurrency(loser.cell.key, context.tasksParam).cpus;
  if (cpuBound && parallelCpu(mode, gilEnabled) && cpus > context.usableCpus) {
    return { lossTo: 'oversubscription', why: `${cpus} CPU-bound workers on ${context.usableCpus} usable CPU(s): the extra ones only add switching` };
  }
  const loss = (context.wallGoal ? startUpLoss(loser, best) : null) ?? picklingLoss(loser) ?? inFlightLoss(loser, context);
  return loss ?? { lossTo: 'slower', why: `${ratioText(loser.behindBest.value)} behind the best` };
}
