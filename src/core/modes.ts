/**
 * The concurrency modes as data: one row a mode, read by the planner (capabilities), the ideal
 * model (how many tasks in flight, how many CPUs), the warnings (oversubscription) and the
 * reporters (order, labels). Adding a mode is one row here plus its harness module; no scenario
 * file has to change, because a scenario lists the modes it supports and the rest are "not declared".
 */

/** What an interpreter must offer for a mode to run; the interpreter probe reports each. */
export type Capability = 'interpreterPool';

export interface ModeSpec {
  readonly name: string;
  /** What runs, in a few words (help text, docs). */
  readonly summary: string;
  /** What `workers` counts for this mode. */
  readonly workers: 'ignored' | 'threads' | 'processes' | 'in-flight tasks' | 'interpreters';
  /** Runs CPU work on several CPUs at once even under a GIL. */
  readonly parallelCpu: boolean;
  /** Keeps several I/O waits in flight at once. */
  readonly overlapsIo: boolean;
  /** How many tasks wait on I/O at once: one, min(workers, tasks), or every task. */
  readonly ioInFlight: 'one' | 'workers' | 'all';
  /** How many CPUs its CPU work could use at most: one (a lone thread or loop) or one per worker. */
  readonly cpuUnits: 'one' | 'workers';
  /** Starts processes, so the multiprocessing start method applies. */
  readonly startsProcesses: boolean;
  /** The interpreter capability it needs, if any. */
  readonly needs: Capability | null;
}

/** Every mode, in the order tables show them. */
export const MODE_REGISTRY = [
  {
    name: 'sequential',
    summary: 'one loop over the tasks; the baseline of every speedup',
    workers: 'ignored',
    parallelCpu: false,
    overlapsIo: false,
    ioInFlight: 'one',
    cpuUnits: 'one',
    startsProcesses: false,
    needs: null,
  },
  {
    name: 'threading',
    summary: 'a ThreadPoolExecutor running whole tasks',
    workers: 'threads',
    parallelCpu: false,
    overlapsIo: true,
    ioInFlight: 'workers',
    // Under a GIL threads keep the physical limit of their count: the gap to it is what the GIL costs.
    cpuUnits: 'workers',
    startsProcesses: false,
    needs: null,
  },
  {
    name: 'multiprocessing',
    summary: 'a multiprocessing pool running whole tasks',
    workers: 'processes',
    parallelCpu: true,
    overlapsIo: true,
    ioInFlight: 'workers',
    cpuUnits: 'workers',
    startsProcesses: true,
    needs: null,
  },
  {
    name: 'asyncio',
    summary: 'one event loop; afetch awaited, compute inline',
    workers: 'in-flight tasks',
    parallelCpu: false,
    overlapsIo: true,
    ioInFlight: 'workers',
    cpuUnits: 'one',
    startsProcesses: false,
    needs: null,
  },
  {
    name: 'async-threads',
    summary: 'an event loop handing blocking tasks to a thread pool',
    workers: 'threads',
    parallelCpu: false,
    overlapsIo: true,
    ioInFlight: 'workers',
    cpuUnits: 'workers',
    startsProcesses: false,
    needs: null,
  },
  {
    name: 'async-processes',
    summary: 'an event loop for I/O, compute through a ProcessPoolExecutor',
    workers: 'processes',
    parallelCpu: true,
    overlapsIo: true,
    // Every fetch is awaited at once; only compute goes through the pool.
    ioInFlight: 'all',
    cpuUnits: 'workers',
    startsProcesses: true,
    needs: null,
  },
  {
    name: 'process-loops',
    summary: 'worker processes, each running its own event loop over a shard',
    workers: 'processes',
    parallelCpu: true,
    overlapsIo: true,
    // Each shard's tasks are all in flight on its loop.
    ioInFlight: 'all',
    cpuUnits: 'workers',
    startsProcesses: true,
    needs: null,
  },
  {
    name: 'interpreters',
    summary: 'an InterpreterPoolExecutor (subinterpreters, one GIL each) running whole tasks',
    workers: 'interpreters',
    parallelCpu: true,
    overlapsIo: true,
    ioInFlight: 'workers',
    cpuUnits: 'workers',
    // Threads of one process, each with its own interpreter: no start method applies.
    startsProcesses: false,
    needs: 'interpreterPool',
  },
] as const satisfies readonly ModeSpec[];

export type Mode = (typeof MODE_REGISTRY)[number]['name'];

/** The mode names, in table order (a non-empty tuple type, as zod's enum wants). */
export const MODES = MODE_REGISTRY.map((mode) => mode.name) as unknown as readonly [Mode, ...Mode[]];

const BY_NAME = new Map<string, ModeSpec>(MODE_REGISTRY.map((mode) => [mode.name, mode]));

/** Whether a string names one of the modes. */
export function isMode(value: string): value is Mode {
  return BY_NAME.has(value);
}

/** The registry row of a mode. */
export function modeSpec(mode: Mode): ModeSpec {
  return BY_NAME.get(mode) as ModeSpec;
}

/** The baseline of every speedup. */
export const BASELINE_MODE: Mode = 'sequential';

/** What each capability means, for "unsupported" reasons. */
export const CAPABILITY_TEXT: Readonly<Record<Capability, string>> = {
  interpreterPool: 'concurrent.futures.InterpreterPoolExecutor (Python 3.14 or newer)',
};
