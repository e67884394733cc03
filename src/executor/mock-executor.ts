import type { HarnessReply } from '../python/harness-protocol.js';
import type { Executor, SampleOutcome, SampleRequest } from './executor.js';

/** Decides the outcome of one mock sample; `index` counts the samples of that cell so far. */
export type MockScript = (request: SampleRequest, index: number) => SampleOutcome | { wallNs: number; checksum?: string; cpuNs?: number };

/** A complete ok reply with the given wall time, for tests. */
export function mockReply(wallNs: number, checksum = 'c0ffee', cpuNs = wallNs): HarnessReply {
  const setupNs = Math.round(wallNs * 0.01);
  return {
    protocol: 'pyconc/harness@1',
    status: 'ok',
    reason: null,
    error: null,
    checksum,
    tasks: 8,
    setupNs,
    workNs: wallNs - setupNs,
    shutdownNs: 0,
    wallNs,
    cpuUserNs: Math.round(cpuNs * 0.95),
    cpuSysNs: Math.round(cpuNs * 0.05),
    maxRssKb: 10_240,
    selfMaxRssKb: 10_240,
    childMaxRssKb: [],
    ctxVoluntary: 10,
    ctxInvoluntary: 2,
    latency: { count: 8, p50Ns: wallNs / 8, p90Ns: wallNs / 8, p99Ns: wallNs / 8, maxNs: wallNs / 8 },
    metrics: {},
    env: { gcEnabled: true, startMethod: 'fork', asyncioDebug: false, devMode: false },
  };
}

/** Returns scripted timings without spawning anything, so scheduler and statistics tests are deterministic. */
export class MockExecutor implements Executor {
  readonly requests: SampleRequest[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly script: MockScript) {}

  async runSample(request: SampleRequest): Promise<SampleOutcome> {
    this.requests.push(request);
    const key = JSON.stringify([request.spec.scenario, request.spec.mode, request.spec.workers, request.spec.params, request.interpreter.id]);
    const index = this.counts.get(key) ?? 0;
    this.counts.set(key, index + 1);
    const outcome = this.script(request, index);
    if ('kind' in outcome) return outcome;
    return { kind: 'ok', reply: mockReply(outcome.wallNs, outcome.checksum, outcome.cpuNs) };
  }
}
