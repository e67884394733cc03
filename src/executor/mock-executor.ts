import type { Sample } from '../results/results-schema.js';
import type { Executor, SampleOutcome, SampleRequest } from './executor.js';

/** A scripted measurement: wall time and, optionally, the rest; `warmWorkNs` are the work times of runs 2..K. */
export interface MockTiming {
  wallNs: number;
  checksum?: string;
  cpuNs?: number;
  setupNs?: number;
  warmWorkNs?: readonly number[];
}

/** Decides the outcome of one mock sample; `index` counts the samples of that cell so far. */
export type MockScript = (request: SampleRequest, index: number) => SampleOutcome | MockTiming;

/** A complete sample with the given wall time (1% of it setup unless given), for tests. */
export function mockSample(wallNs: number, cpuNs = wallNs, setupNs = Math.round(wallNs * 0.01)): Sample {
  return {
    wallNs,
    setupNs,
    workNs: wallNs - setupNs,
    shutdownNs: 0,
    cpuUserNs: Math.round(cpuNs * 0.95),
    cpuSysNs: Math.round(cpuNs * 0.05),
    maxRssKb: 10_240,
    ctxVoluntary: 10,
    ctxInvoluntary: 2,
    latencyP50Ns: wallNs / 8,
    latencyP99Ns: wallNs / 8,
    metrics: {},
  };
}

/** Returns scripted samples without spawning anything, so scheduler and statistics tests are deterministic. */
export class MockExecutor implements Executor {
  readonly requests: SampleRequest[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly script: MockScript) {}

  async runSample(request: SampleRequest): Promise<SampleOutcome> {
    this.requests.push(request);
    const index = this.counts.get(request.cell.id) ?? 0;
    this.counts.set(request.cell.id, index + 1);
    const outcome = this.script(request, index);
    if ('kind' in outcome) return outcome;
    const sample = mockSample(outcome.wallNs, outcome.cpuNs, outcome.setupNs);
    // As the harness does: K values per process give K − 1 warm ones; unscripted, each equals the first run's work.
    const k = request.cell.values ?? 1;
    const warm = outcome.warmWorkNs ?? Array.from({ length: k - 1 }, () => sample.workNs);
    if (warm.length > 0) sample.warmWorkNs = [...warm];
    return { kind: 'ok', sample, checksum: outcome.checksum ?? 'c0ffee' };
  }
}
