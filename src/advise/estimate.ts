import { modeSpec, type Mode } from '../core/modes.js';
import type { ClassifiedProbe } from './classify.js';
import type { ProbeMeasures } from './probe-schema.js';

/** What the estimates read: the probe, its classification, pyconc's timing of it, the machine, the task count. */
export interface EstimateInputs {
  readonly probe: ProbeMeasures;
  readonly classified: ClassifiedProbe;
  /** From spawning an interpreter to its first line (the probe's). */
  readonly interpreterStartNs: number;
  readonly usableCpus: number;
  readonly tasks: number;
}

/** The harness's own cost per sample beyond the interpreter's start-up (python/README.md; bench/RESULTS.md measures ~10–60 ms). */
export const HARNESS_NS = 20e6;
/** Starting a thread of a pool. */
const THREAD_START_NS = 0.2e6;
/** Folding a result into the checksum: its canonical JSON (repr for bytes) and the hash, per pickled byte. */
const CHECKSUM_NS_PER_BYTE = 25;
/** What every task costs a sample besides the call: the harness's per-task timing, the adapter, the checksum of a small value. */
export const PER_TASK_NS = 2e3;
/** Estimates err on the long side by this much: a run that ends early wastes less than one that overruns. */
export const ESTIMATE_MARGIN = 1.25;

/** Modes that run an event loop in the sample (asyncio is imported for them). */
const LOOP_MODES: readonly Mode[] = ['asyncio', 'async-threads', 'async-processes', 'process-loops'];

/** How many CPUs a mode's work can use at once for this function: one under a GIL it holds, else one per worker up to the CPUs. */
function cpuUnits(mode: Mode, workers: number, estimate: EstimateInputs): number {
  const spec = modeSpec(mode);
  if (mode === 'sequential' || spec.cpuUnits === 'one') return 1;
  const parallel = spec.parallelCpu || estimate.classified.releasesGil === true;
  return parallel ? Math.max(1, Math.min(workers, estimate.usableCpus)) : 1;
}

/** How many calls wait at once. */
function inFlight(mode: Mode, workers: number, tasks: number): number {
  const spec = modeSpec(mode);
  if (mode === 'sequential' || spec.ioInFlight === 'one') return 1;
  return spec.ioInFlight === 'all' ? tasks : Math.min(workers, tasks);
}

/** Starting the pool (or the loop's processes) of a cell, and loading the function in each worker where it has to. */
function startNs(mode: Mode, workers: number, estimate: EstimateInputs): number {
  const { probe, usableCpus } = estimate;
  const waves = Math.ceil(workers / Math.max(1, usableCpus));
  if (mode === 'multiprocessing' || mode === 'process-loops' || mode === 'async-processes') return (probe.processStartNs ?? 100e6) * waves;
  if (mode === 'interpreters') return (probe.interpreterStartNs ?? 300e6) * waves;
  return mode === 'sequential' ? 0 : workers * THREAD_START_NS;
}

/**
 * The real time one sample of a cell should take (ns): the interpreter's start-up, the harness, the
 * import and the user's setup, the pool's start, the calls shared out by what can run at once (CPU
 * work by the CPUs the mode can use, waiting by the calls in flight), the hand-overs, the transfers a
 * crossing pays, and the checksum; times ESTIMATE_MARGIN. A model, not a measurement: the sampler's
 * time budget per cell is what actually bounds the run.
 */
export function sampleCostNs(mode: Mode, workers: number, chunksize: number | null, estimate: EstimateInputs): number {
  const { probe, classified, tasks } = estimate;
  const loop = LOOP_MODES.includes(mode) || (mode === 'sequential' && probe.isAsync && !probe.hasTwin);
  const fixed = estimate.interpreterStartNs + HARNESS_NS + probe.importNs + (probe.setupNs ?? 0) + (loop ? probe.asyncioImportNs : 0);
  const call = Math.max(probe.meanCallWallNs, probe.callWallNs);
  const computing = call * (1 - classified.waitingShare);
  const work = tasks * Math.max(computing / cpuUnits(mode, workers, estimate), call / inFlight(mode, workers, tasks));
  const crossing = mode === 'multiprocessing' || mode === 'process-loops' || mode === 'interpreters';
  const transfer = crossing ? (tasks * (classified.transferNs ?? 0)) / cpuUnits(mode, workers, estimate) : 0;
  const handover = mode === 'sequential' || mode === 'asyncio' ? 0 : handovers(mode, workers, chunksize, tasks) * (crossing ? probe.processHandoverNs ?? 300e3 : probe.threadHandoverNs ?? 30e3);
  const checksum = tasks * (PER_TASK_NS + (probe.resultPickleBytes ?? 0) * CHECKSUM_NS_PER_BYTE);
  return ESTIMATE_MARGIN * (fixed + startNs(mode, workers, estimate) + work + transfer + handover + checksum);
}

/** How many hand-overs a cell makes (the harness's chunks: auto is ⌈tasks / (4 × workers)⌉), shared by its workers. */
function handovers(mode: Mode, workers: number, chunksize: number | null, tasks: number): number {
  if (mode === 'process-loops') return 1;
  const size = chunksize ?? Math.max(1, Math.ceil(tasks / (4 * workers)));
  return Math.ceil(tasks / size) / Math.max(1, workers);
}
