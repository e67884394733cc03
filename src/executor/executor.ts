import type { HarnessReply, HarnessSpec } from '../python/harness-protocol.js';
import type { Interpreter } from '../python/interpreter.js';

/** One sample to run: a fresh interpreter running one cell once. */
export interface SampleRequest {
  readonly interpreter: Interpreter;
  readonly spec: HarnessSpec;
  readonly timeoutMs: number;
  /** Aborting kills the sample's whole process tree. */
  readonly signal?: AbortSignal;
  /** The run's private temporary directory: the interpreter's TMPDIR, so what it leaves there goes with the run. */
  readonly tmpRoot?: string;
}

/** Failures are data: every way a sample can end is a value, never a rejection. */
export type SampleOutcome =
  | { readonly kind: 'ok'; readonly reply: HarnessReply }
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly stderrTail?: string }
  | { readonly kind: 'timeout'; readonly reason: string }
  | { readonly kind: 'aborted'; readonly reason: string };

/** Runs samples; the real one spawns Python, the mock one returns scripted timings. */
export interface Executor {
  runSample(request: SampleRequest): Promise<SampleOutcome>;
}
