import { describe, expect, it } from 'vitest';
import { looksRetried, pitfallWarnings } from '../../src/analysis/pitfall-warnings.js';
import { collectRunWarnings, MAX_WARNING_CHARS } from '../../src/analysis/run-warnings.js';
import { harnessReplySchema, toSample } from '../../src/executor/harness-protocol.js';
import type { Cell } from '../../src/results/results-schema.js';
import { makeDocument, okCell } from '../helpers/document.js';

/** A cell whose samples' tasks took p50 and p99 ms (a few samples, the given ones first). */
function latencyCell(mode: Cell['key']['mode'], workers: number, tasks: readonly [number, number][], scenario = 'fetch'): Cell {
  const cell = okCell(mode, workers, 100e6, { key: { scenario, mode, workers, params: { tasks: 16 }, python: 'cpython-3.11.7' } });
  return { ...cell, samples: tasks.map(([p50, p99]) => ({ ...cell.samples[0]!, latencyP50Ns: p50 * 1e6, latencyP99Ns: p99 * 1e6 })) };
}

describe('looksRetried', () => {
  it('sees a slowest task about one or three seconds behind a short median one', () => {
    const sample = (p50: number, p99: number) => ({ ...okCell('threading', 2, 1).samples[0]!, latencyP50Ns: p50 * 1e6, latencyP99Ns: p99 * 1e6 });
    expect(looksRetried(sample(20, 1030))).toBe(true);
    expect(looksRetried(sample(20, 3040))).toBe(true);
    expect(looksRetried(sample(20, 500))).toBe(false);
    expect(looksRetried(sample(20, 2000))).toBe(false);
    // Tasks that take a second each are slow work, not a retry.
    expect(looksRetried(sample(1000, 2050))).toBe(false);
    expect(looksRetried({ ...sample(1, 1), latencyP99Ns: null })).toBe(false);
  });
});

describe('pitfallWarnings', () => {
  it('names a server left running in the process under test', () => {
    const cell = okCell('threading', 2, 1e6);
    const serving = { ...cell, samples: cell.samples.map((sample, index) => (index === 0 ? { ...sample, inProcessServer: true } : sample)) };
    const warnings = pitfallWarnings(makeDocument([okCell('sequential', 1, 1e6), serving]));
    expect(warnings).toEqual([{ code: 'in-process-server', scenario: 'demo', message: expect.stringMatching(/^setup leaves a server in the process under test, .*GIL.*toolkit\.loopback_server\)$/) }]);
    expect(pitfallWarnings(makeDocument([okCell('sequential', 1, 1e6), cell]))).toEqual([]);
  });

  it('names the concurrent cells whose tasks waited a connection retry, where sequential never did', () => {
    const cells = [
      latencyCell('sequential', 1, [[10, 12], [10, 13]]),
      latencyCell('threading', 16, [[20, 25], [20, 1030]]),
      latencyCell('asyncio', 16, [[15, 1020]]),
      latencyCell('async-threads', 16, [[20, 30]]),
    ];
    const [warning, ...rest] = pitfallWarnings(makeDocument(cells));
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ code: 'listen-backlog', scenario: 'fetch', message: expect.stringMatching(/^tasks of threading w=16 and asyncio w=16 waited ~1 s more than the median, sequential's never: a listen backlog below the concurrency/) });
    // Sequential's own slow tasks make a gap no sign of dropped connections.
    expect(pitfallWarnings(makeDocument([latencyCell('sequential', 1, [[10, 900]]), ...cells.slice(1)]))).toEqual([]);
    // One task in flight at a time never fills a backlog.
    expect(pitfallWarnings(makeDocument([cells[0]!, latencyCell('threading', 1, [[20, 1030]])]))).toEqual([]);
  });

  it('is part of the run\'s warnings, each line within the limit', () => {
    const long = 'a-scenario-with-a-rather-long-name';
    const cells = [latencyCell('sequential', 1, [[10, 12]], long), ...(['threading', 'async-threads', 'process-loops', 'multiprocessing'] as const).map((mode) => latencyCell(mode, 16, [[20, 1030]], long))];
    const warnings = collectRunWarnings(makeDocument(cells), []).filter((warning) => warning.code === 'listen-backlog');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/toolkit\.loopback_server\)$/);
    expect(`  ! ${long}: ${warnings[0]?.message}`.length).toBeLessThanOrEqual(MAX_WARNING_CHARS);
  });
});

describe('the harness reply\'s inProcessServer', () => {
  it('reaches the sample only when true', () => {
    const reply = harnessReplySchema.parse({
      protocol: 'pyconc/harness@1', status: 'ok', reason: null, error: null, checksum: 'abc', tasks: 1,
      setupNs: 1, workNs: 1, shutdownNs: 1, wallNs: 3, cpuUserNs: 1, cpuSysNs: 0, maxRssKb: 1, selfMaxRssKb: 1, childMaxRssKb: [],
      ctxVoluntary: 0, ctxInvoluntary: 0, latency: null, chunksize: null, warmWorkNs: [], inProcessServer: true, metrics: {},
      env: { gcEnabled: true, startMethod: 'fork', asyncioDebug: false, devMode: false },
    });
    if (reply.status !== 'ok') throw new Error('not ok');
    expect(toSample(reply).inProcessServer).toBe(true);
    expect(toSample({ ...reply, inProcessServer: false })).not.toHaveProperty('inProcessServer');
    expect(toSample({ ...reply, inProcessServer: null })).not.toHaveProperty('inProcessServer');
  });
});
