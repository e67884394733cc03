import { BASELINE_MODE, MODES, modeSpec, type Mode } from '../core/modes.js';
import type { Cell, Interval } from '../results/results-schema.js';
import type { FigureValue } from './goal-figure.js';

/** A cell of a group as the recommendation ranks it: its figure by the goal, and how it compares. */
export interface RankedCell {
  readonly cell: Cell;
  readonly figure: FigureValue;
  /** Better than sequential by the goal (above 1 is better), bootstrap 95% CI; null without a baseline. */
  readonly gain: Interval | null;
  /** How much better the best cell is than this one (≥ 1 at its point), bootstrap 95% CI. */
  readonly behindBest: Interval;
}

/**
 * What a model costs in memory and start-up, cheapest first, from the mode registry's attributes:
 * one loop (0); threads of this process (1); one event loop with its coroutines (2, a rewrite
 * to async as well); interpreters, threads that each carry a whole interpreter state (3); whole
 * processes (4). The recommendation prefers the cheaper of tied cells, then fewer workers, then
 * the lower measured peak RSS and setup.
 */
export function costClass(mode: Mode): number {
  const spec = modeSpec(mode);
  if (mode === BASELINE_MODE) return 0;
  if (spec.startsProcesses) return 4;
  if (spec.needs !== null) return 3;
  return spec.workers === 'in-flight tasks' ? 2 : 1;
}

/** Whether a mode's CPU work runs on several CPUs at once: always for processes and interpreters, for threads only without a GIL. */
export function parallelCpu(mode: Mode, gilEnabled: boolean): boolean {
  const spec = modeSpec(mode);
  return spec.parallelCpu || (!gilEnabled && spec.cpuUnits === 'workers');
}

/** The median of a cell's peak RSS and setup (KiB, ns), as measured; null where not recorded. */
export function measuredCost(cell: Cell): { rssKb: number | null; setupNs: number | null } {
  return { rssKb: cell.summary?.maxRssKb ?? null, setupNs: cell.summary?.setupNs?.median ?? null };
}

/** Cheapest first: cost class, registry order, fewer workers, lower measured RSS, shorter setup. */
export function byCost(a: Cell, b: Cell): number {
  const order = (mode: Mode): number => MODES.indexOf(mode);
  const ca = measuredCost(a);
  const cb = measuredCost(b);
  return (
    costClass(a.key.mode) - costClass(b.key.mode) ||
    order(a.key.mode) - order(b.key.mode) ||
    a.key.workers - b.key.workers ||
    (ca.rssKb ?? 0) - (cb.rssKb ?? 0) ||
    (ca.setupNs ?? 0) - (cb.setupNs ?? 0)
  );
}
