import type { ClassifiedProbe } from './classify.js';
import type { ProbeEvent, ProbeMeasures } from './probe-schema.js';

/** A duration in ns, short: 850 ns, 26 µs, 10.2 ms, 1.23 s. */
export function shortDuration(ns: number): string {
  if (ns < 1e3) return `${Math.round(ns)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}

/** A size in bytes, short: 5 B, 4.0 MiB. */
export function shortBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * What the probe's progress line for an event says, or null for an event shown with a later one:
 * the import is held back until the first call has returned, so that a target that cannot be
 * imported or called gets its one line of error and nothing else. `seen` holds the measurements so far.
 */
export function probeLine(event: ProbeEvent, seen: Partial<ProbeMeasures>, target: string): string | null {
  switch (event.event) {
    case 'started':
    case 'import':
    case 'done':
    case 'error':
      return null;
    case 'setup':
      return `probe: --setup took ${shortDuration(event.setupNs ?? 0)}`;
    case 'first-call':
      return `probe: ${target}: import ${shortDuration(seen.importNs ?? 0)}, first call ${shortDuration(event.firstCallWallNs ?? 0)}${seen.isAsync === true ? ' (async def)' : ''}${seen.hasTwin === true ? ', with its twin' : ''}`;
    case 'calls': {
      const cpu = (event.callCpuNs ?? 0) + (event.callQueuedNs ?? 0);
      const same = event.deterministic === true ? 'the same input gave the same result' : `results differ from call to call (${event.nondeterminism ?? '?'})`;
      return `probe: ${event.calls} more calls: ${shortDuration(event.callWallNs ?? 0)} each, ${shortDuration(cpu)} of it on a CPU or waiting for one; ${same}`;
    }
    case 'threads':
      return event.twoThreadsCpuPerWall === null || event.twoThreadsCpuPerWall === undefined
        ? 'probe: two threads at once: not measured (one usable CPU)'
        : `probe: two threads at once keep ${event.twoThreadsCpuPerWall.toFixed(2)} CPUs busy, ${(event.twoThreadsSpeedup ?? 0).toFixed(2)}× one thread's calls per second`;
    case 'payload': {
      const fn = event.functionPickleError === null ? 'the function pickles' : `the function does not pickle (${event.functionPickleError ?? ''})`;
      const problem = event.argPickleError ?? event.resultPickleError;
      if (problem !== null && problem !== undefined) return `probe: ${event.argPickleError !== null ? 'an input' : 'a result'} does not pickle (${problem}); ${fn}`;
      const extra = (event.argPickleNs ?? 0) + (event.resultPickleNs ?? 0);
      return `probe: an input pickles to ${shortBytes(event.argPickleBytes ?? 0)} and a result to ${shortBytes(event.resultPickleBytes ?? 0)}: ${shortDuration(extra)} a task beyond an empty hand-over; ${fn}`;
    }
    case 'handover':
      return `probe: handing a task to a thread and back: ${shortDuration(event.threadHandoverNs ?? 0)}`;
    case 'processes':
      if (event.processStartNs === null && event.processError === null) return null;
      return event.processError !== null && event.processError !== undefined
        ? `probe: in a pool's process ${event.processError}`
        : `probe: a process pool (${event.startMethod ?? '?'}) starts in ${shortDuration(event.processStartNs ?? 0)} with the function loaded; a task there and back: ${shortDuration(event.processHandoverNs ?? 0)}`;
    case 'interpreters':
      if (event.interpreterError !== null && event.interpreterError !== undefined) return `probe: in a subinterpreter ${event.interpreterError}`;
      return event.interpreterStartNs === null || event.interpreterStartNs === undefined ? null : `probe: a subinterpreter starts in ${shortDuration(event.interpreterStartNs)} with the function loaded`;
  }
}

/** The classification's line, after the probe's. */
export function classificationLine(classified: ClassifiedProbe): string {
  return `probe: ${classified.classification}: ${classified.why}`;
}
