import type { Mode } from '../core/modes.js';
import type { Scenario } from '../catalogue/scenario-schema.js';
import type { CellKey } from '../results/results-schema.js';

/**
 * How many tasks a mode keeps in flight at once for I/O: the worker count, except where all of
 * them are awaited together (async-processes awaits every fetch; process-loops runs each shard's
 * tasks concurrently).
 */
export function ioConcurrency(mode: Mode, workers: number, tasks: number): number {
  if (mode === 'sequential') return 1;
  if (mode === 'async-processes' || mode === 'process-loops') return tasks;
  return Math.min(workers, tasks);
}

/** How many CPUs a mode can use at once: one for a lone thread or loop, else its units, capped by the machine. */
export function cpuParallelism(mode: Mode, workers: number, usableCpus: number): number {
  if (mode === 'sequential' || mode === 'asyncio') return 1;
  // Threads under a GIL keep the same physical limit: the gap to it is what the GIL costs.
  return Math.max(1, Math.min(workers, usableCpus));
}

/**
 * The physical limit for a cell's work, in ns (DESIGN.md): for I/O, ceil(tasks / concurrency) ×
 * latency; for CPU, the sequential work divided by min(workers, usable CPUs). Null without a model.
 */
export function idealWorkNs(
  scenario: Scenario,
  key: CellKey,
  sequentialWorkNs: number | null,
  usableCpus: number,
): number | null {
  const ideal = scenario.ideal;
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
