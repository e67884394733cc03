import type { IdealModel } from '../catalogue/scenario-schema.js';
import type { CellKey } from '../core/cell-key.js';
import { modeSpec, type Mode } from '../core/modes.js';

/** How many tasks a mode keeps waiting on I/O at once (the registry's `ioInFlight`). */
export function ioConcurrency(mode: Mode, workers: number, tasks: number): number {
  const inFlight = modeSpec(mode).ioInFlight;
  if (inFlight === 'one') return 1;
  if (inFlight === 'all') return tasks;
  return Math.min(workers, tasks);
}

/** How many CPUs a mode's work can use at once (the registry's `cpuUnits`), capped by the machine. */
export function cpuParallelism(mode: Mode, workers: number, usableCpus: number): number {
  if (modeSpec(mode).cpuUnits === 'one') return 1;
  return Math.max(1, Math.min(workers, usableCpus));
}

/**
 * The physical limit for a cell's work, in ns (docs/architecture.md, "The ideal"): for I/O,
 * ceil(tasks / concurrency) × latency; for CPU, the sequential work divided by min(workers,
 * usable CPUs). Null without a model.
 */
export function idealWorkNs(ideal: IdealModel | null, key: CellKey, sequentialWorkNs: number | null, usableCpus: number): number | null {
  if (ideal === null) return null;
  if (ideal.model === 'io') {
    const tasks = Number(key.params[ideal.tasks]);
    const latencyMs = Number(key.params[ideal.latencyMs]);
    if (!Number.isFinite(tasks) || !Number.isFinite(latencyMs) || tasks <= 0) return null;
    return Math.ceil(tasks / ioConcurrency(key.mode, key.workers, tasks)) * latencyMs * 1e6;
  }
  if (sequentialWorkNs === null) return null;
  return sequentialWorkNs / cpuParallelism(key.mode, key.workers, usableCpus);
}
