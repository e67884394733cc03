import { CAPABILITY_TEXT, MODES, modeSpec, type Mode } from '../core/modes.js';
import type { ProbeMeasures } from './probe-schema.js';

/** What the user's code offers: a sync function, an `async def` one, or both (twins). */
export interface Offers {
  readonly sync: boolean;
  readonly async: boolean;
}

/** What an interpreter brings that decides whether a mode can run. */
export interface InterpreterFacts {
  readonly id: string;
  readonly hasInterpreterPool: boolean;
}

/** Modes whose tasks cross a process or interpreter boundary: the function, its inputs and results must pickle. */
export const CROSSING_MODES: readonly Mode[] = ['multiprocessing', 'async-processes', 'process-loops', 'interpreters'];

/** Modes that run the blocking stage (a sync function) in their pool. */
const NEEDS_SYNC: readonly Mode[] = ['threading', 'multiprocessing', 'async-threads', 'interpreters'];

/** Why nothing crosses a boundary: the first of the function, an input, a result that pickle refuses; null when all pickle. */
export function pickleProblem(probe: ProbeMeasures): string | null {
  if (probe.functionPickleError !== null) {
    return `the function cannot be pickled (${probe.functionPickleError}), so no process pool can be sent it: a lambda, a closure or a nested function must become a module-level def`;
  }
  if (probe.argPickleError !== null) return `an input cannot be pickled (${probe.argPickleError}), so no process pool can be sent it`;
  if (probe.resultPickleError !== null) return `a result cannot be pickled (${probe.resultPickleError}), so no process pool can send it back`;
  return null;
}

/**
 * Why a mode cannot run the user's function, decided before any sample (as the planner decides
 * capabilities), or null when it can. The stages a mode composes (python/README.md, "Details of the
 * composition") decide which function it needs; the probe decides what may cross a boundary.
 */
export function unsupportedReason(mode: Mode, offers: Offers, probe: ProbeMeasures, interpreter: InterpreterFacts): string | null {
  if (mode === 'sequential') return null;
  if (mode === 'async-processes') {
    return 'it awaits an I/O stage on a loop and sends a separate CPU stage to processes; one function has no such split (multiprocessing measures its calls in a process pool)';
  }
  if (mode === 'asyncio' && !offers.async) return 'it needs an async def function: name an async twin with --async NAME';
  if (NEEDS_SYNC.includes(mode) && !offers.sync) return 'it needs a sync function: name a sync twin with --sync NAME';
  const needs = modeSpec(mode).needs;
  if (needs !== null && needs === 'interpreterPool' && !interpreter.hasInterpreterPool) return `${interpreter.id} has no ${CAPABILITY_TEXT[needs]}`;
  if (CROSSING_MODES.includes(mode)) {
    const problem = pickleProblem(probe);
    if (problem !== null) return problem;
  }
  if ((mode === 'multiprocessing' || mode === 'process-loops') && probe.processError !== null) {
    return `in a pool's process ${probe.processError} (a --setup runs in the parent only, as it would without a pool initializer)`;
  }
  if (mode === 'interpreters' && probe.interpreterError !== null) return `in a subinterpreter ${probe.interpreterError}`;
  return null;
}

/** Every mode but sequential, each with its reason when it cannot run. */
export function modeReasons(offers: Offers, probe: ProbeMeasures, interpreter: InterpreterFacts): Map<Mode, string | null> {
  return new Map(MODES.filter((mode) => mode !== 'sequential').map((mode) => [mode, unsupportedReason(mode, offers, probe, interpreter)]));
}
