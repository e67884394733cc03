import type { ProbeMeasures } from '../../src/advise/probe-schema.js';

/** A probe's measurements for tests: a 10 ms pure-Python call on a quiet machine unless overridden. */
export function probeOf(overrides: Partial<ProbeMeasures> = {}): ProbeMeasures {
  return {
    importNs: 300e3,
    isAsync: false,
    hasTwin: false,
    asyncioImportNs: 0,
    firstCallWallNs: 10e6,
    firstCallCpuNs: 10e6,
    calls: 25,
    batch: 1,
    callWallNs: 10e6,
    callCpuNs: 10e6,
    callQueuedNs: 0,
    meanCallWallNs: 10e6,
    deterministic: true,
    nondeterminism: null,
    twoThreadsCpuPerWall: 1.0,
    twoThreadsSpeedup: 1.0,
    argPickleBytes: 5,
    argPickleNs: 100,
    resultPickleBytes: 5,
    resultPickleNs: 100,
    argPickleError: null,
    resultPickleError: null,
    functionPickleError: null,
    threadHandoverNs: 25e3,
    processStartNs: 40e6,
    processHandoverNs: 250e3,
    processError: null,
    startMethod: 'fork',
    interpreterStartNs: null,
    interpreterError: null,
    ...overrides,
  };
}

/** Figures of the kinds of function the fixtures are (python/tests/fixtures/advise/), as a quiet 2-CPU machine measures them. */
export const KINDS = {
  waits: probeOf({ callWallNs: 10.2e6, meanCallWallNs: 10.2e6, callCpuNs: 60e3, twoThreadsCpuPerWall: 0.1, twoThreadsSpeedup: 2 }),
  holdsGil: probeOf(),
  releasesGil: probeOf({ callWallNs: 4.7e6, meanCallWallNs: 4.7e6, callCpuNs: 4.7e6, twoThreadsCpuPerWall: 1.95, twoThreadsSpeedup: 1.9 }),
  mixed: probeOf({ callWallNs: 10e6, meanCallWallNs: 10e6, callCpuNs: 5e6, twoThreadsCpuPerWall: 0.9 }),
  largeResult: probeOf({ callWallNs: 140e3, meanCallWallNs: 3e6, callCpuNs: 140e3, resultPickleBytes: 4 * 1024 * 1024, resultPickleNs: 10e6 }),
  tiny: probeOf({ callWallNs: 130, meanCallWallNs: 160, callCpuNs: 130, batch: 80, calls: 2000, twoThreadsCpuPerWall: 0.8, argPickleNs: 60 }),
  // A loaded machine: the call sat in the run queue for most of its wall time, which is not waiting.
  holdsGilLoaded: probeOf({ callWallNs: 15e6, callCpuNs: 6e6, callQueuedNs: 9e6, twoThreadsCpuPerWall: 0.98 }),
} as const;
