import type { CellKey } from '../core/cell-key.js';
import { BASELINE_MODE, modeSpec } from '../core/modes.js';

/** The concurrency a cell really had, which `workers` alone does not say across modes. */
export interface Concurrency {
  /** Tasks waiting on I/O at once, at most; null when the cell's params give no task count. */
  readonly inFlight: number | null;
  /** CPUs its CPU work could use at once, before the machine's limit. */
  readonly cpus: number;
}

/** The task count of a cell's params (`tasks` unless the ideal names another), or null. */
function taskCount(params: CellKey['params'], tasksParam: string): number | null {
  const tasks = Number(params[tasksParam]);
  return Number.isFinite(tasks) && tasks > 0 ? tasks : null;
}

/**
 * What a cell's mode made of its `workers` (the registry's `ioInFlight` and `cpuUnits`):
 * `process-loops w=4` over 24 tasks keeps all 24 waits in flight on one CPU each of 4 processes,
 * `asyncio w=4` keeps 4 in flight on one CPU, `threading w=8` over 4 tasks keeps only 4.
 */
export function cellConcurrency(key: Pick<CellKey, 'mode' | 'workers' | 'params'>, tasksParam = 'tasks'): Concurrency {
  const spec = modeSpec(key.mode);
  const tasks = taskCount(key.params, tasksParam);
  const inFlight = spec.ioInFlight === 'one' ? 1 : tasks === null ? (spec.ioInFlight === 'all' ? null : key.workers) : spec.ioInFlight === 'all' ? tasks : Math.min(key.workers, tasks);
  return { inFlight, cpus: spec.cpuUnits === 'one' ? 1 : key.workers };
}

/** Which kinds of concurrency matter to a scenario: waits in flight, CPUs, or both. */
export interface ConcurrencyAspects {
  readonly io: boolean;
  readonly cpu: boolean;
}

/**
 * The aspects a scenario's claims are about: in-flight waits where it has an I/O ideal or is kind io
 * or mixed; CPUs where it has a CPU ideal or is kind mixed (spawn-overhead is kind cpu but starts
 * no-op units, so CPUs say nothing there).
 */
export function concurrencyAspects(scenario: { readonly kind?: 'io' | 'cpu' | 'mixed' | undefined; readonly ideal?: { readonly model: string } | null | undefined }): ConcurrencyAspects {
  const model = scenario.ideal?.model;
  return { io: model === 'io' || scenario.kind === 'io' || scenario.kind === 'mixed', cpu: model === 'cpu' || scenario.kind === 'mixed' };
}

/**
 * The concurrency a cell had where it differs from its `w`, in words (`24 in flight`, `1 CPU`), or
 * '' (only the aspects that matter to the scenario).
 */
export function concurrencyNote(key: Pick<CellKey, 'mode' | 'workers' | 'params'>, aspects: ConcurrencyAspects, tasksParam = 'tasks'): string {
  if (key.mode === BASELINE_MODE) return '';
  const { inFlight, cpus } = cellConcurrency(key, tasksParam);
  const parts: string[] = [];
  if (aspects.io && inFlight !== null && inFlight !== key.workers) parts.push(`${inFlight} in flight`);
  if (aspects.cpu && cpus !== key.workers) parts.push(`${cpus} CPU${cpus === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** `process-loops w=4 (24 in flight)`: a cell's label with its real concurrency where it differs from w. */
export function labelWithConcurrency(key: Pick<CellKey, 'mode' | 'workers' | 'params'>, aspects: ConcurrencyAspects, tasksParam = 'tasks'): string {
  const label = key.mode === BASELINE_MODE ? BASELINE_MODE : `${key.mode} w=${key.workers}`;
  const note = concurrencyNote(key, aspects, tasksParam);
  return note === '' ? label : `${label} (${note})`;
}
