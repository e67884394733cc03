import type { Mode } from '../core/modes.js';
import type { ParamValue, StartMethod } from '../core/settings.js';
import type { Interpreter } from '../python/interpreter.js';
import type { Sample } from '../results/results-schema.js';

/** What one sample runs: a cell of a scenario, as the sampler knows it (the executor builds the wire spec). */
export interface SampleCell {
  /** The cell's id, for whoever keeps per-cell state (the mock executor's scripts). */
  readonly id: string;
  readonly scenario: string;
  /** Absolute path of the workload module. */
  readonly workload: string;
  readonly mode: Mode;
  readonly workers: number;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Tasks per hand-over in the pool modes (absent: auto). */
  readonly chunksize?: number | 'auto';
  /** Runs of the whole set of tasks per process (absent: one). */
  readonly values?: number;
}

/** One sample to run: a fresh interpreter running one cell once. */
export interface SampleRequest {
  readonly interpreter: Interpreter;
  readonly cell: SampleCell;
  readonly startMethod: StartMethod | null;
  /** The sample's own scratch directory (the workload's `_tmpdir`). */
  readonly tmpDir: string;
  readonly timeoutMs: number;
  /** Aborting kills the sample's whole process tree. */
  readonly signal?: AbortSignal;
  /** The run's private temporary directory: the interpreter's TMPDIR, so what it leaves there goes with the run. */
  readonly tmpRoot?: string;
}

/** Failures are data: every way a sample can end is a value, never a rejection. */
export type SampleOutcome =
  | { readonly kind: 'ok'; readonly sample: Sample; readonly checksum: string; readonly chunksize?: number | null }
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly stderrTail?: string }
  | { readonly kind: 'timeout'; readonly reason: string }
  | { readonly kind: 'aborted'; readonly reason: string };

/** Runs samples; the real one spawns Python, the mock one returns scripted samples. */
export interface Executor {
  runSample(request: SampleRequest): Promise<SampleOutcome>;
}
