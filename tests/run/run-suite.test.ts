import { describe, expect, it } from 'vitest';
import { MockExecutor, mockSample } from '../../src/executor/mock-executor.js';
import { planRun } from '../../src/plan/planner.js';
import { failMismatchedCandidates, summariseGroups } from '../../src/analysis/summarise-group.js';
import { runSuite, type SuiteDependencies } from '../../src/run/run-suite.js';
import type { CellGroup } from '../../src/plan/planner.js';
import type { SamplingSettings } from '../../src/run/stop-rule.js';
import { makeInterpreter, makeScenario } from '../helpers/scenario.js';

const fixed = (runs: number, warmup = 0): SamplingSettings => ({ minRuns: runs, maxRuns: runs, warmup, precision: 0.03, maxTimeS: 100, timeoutS: 10 });

function plan(modes: ('threading' | 'multiprocessing')[] | null = null) {
  const scenario = makeScenario({ workers: { defaults: [2], quick: [2] } });
  return planRun([scenario], [makeInterpreter()], { modes, workers: null, params: {}, quick: false }, 2);
}

/** The run, then the analysis layer's summaries, as `pyconc run` does. */
async function runAndSummarise(groups: CellGroup[], settings: SamplingSettings, deps: SuiteDependencies) {
  const result = await runSuite(groups, settings, deps);
  return { ...result, cells: failMismatchedCandidates(summariseGroups(result.cells, groups.map((group) => group.scenario), 2)) };
}

describe('runSuite with the mock executor', () => {
  it('interleaves the cells of a group round-robin and discards warmups', async () => {
    const executor = new MockExecutor(() => ({ wallNs: 1e8 }));
    const result = await runSuite(plan(), fixed(3, 1), { executor });
    expect(executor.requests.map((request) => request.cell.mode)).toEqual([
      'sequential', 'threading', 'multiprocessing', // warmup
      'sequential', 'threading', 'multiprocessing',
      'sequential', 'threading', 'multiprocessing',
      'sequential', 'threading', 'multiprocessing',
    ]);
    const cell = result.cells.find((c) => c.key.mode === 'threading');
    expect(cell?.samples).toHaveLength(3);
    expect(cell?.warmups).toHaveLength(1);
    expect(result.cells.find((c) => c.key.mode === 'asyncio')?.status).toBe('unsupported');
  });

  it('passes the planned chunk size to the executor and records the one the harness used', async () => {
    const groups = plan().map((group) => ({ ...group, cells: group.cells.map((cell) => ({ ...cell, chunksize: 4 })) }));
    const executor = new MockExecutor((request) => ({ kind: 'ok', sample: mockSample(1e8), checksum: 'c', chunksize: request.cell.mode === 'sequential' ? null : 4 }));
    const result = await runSuite(groups, fixed(2), { executor });
    expect(executor.requests.every((request) => request.cell.chunksize === 4)).toBe(true);
    const threads = result.cells.find((c) => c.key.mode === 'threading');
    expect(threads).toMatchObject({ chunksize: 4, chunksizeSet: true });
    expect(result.cells.find((c) => c.key.mode === 'sequential')?.chunksize).toBeNull();
    const auto = await runSuite(plan(), fixed(1), { executor });
    expect(auto.cells.find((c) => c.key.mode === 'threading')?.chunksizeSet).toBeUndefined();
  });

  it('starts no sample past its deadline: cells with samples keep them, the others are skipped', async () => {
    let clock = 0;
    // Each sample takes one tick of the clock; the deadline falls within the second round.
    const executor = new MockExecutor(() => {
      clock += 1;
      return { wallNs: 1e8 };
    });
    const result = await runSuite(plan(), fixed(5), { executor, now: () => clock, deadline: 4 });
    expect(executor.requests).toHaveLength(4);
    const byMode = new Map(result.cells.map((cell) => [cell.key.mode, cell]));
    expect(byMode.get('sequential')).toMatchObject({ status: 'ok', stopReason: 'max-time' });
    expect(byMode.get('sequential')?.samples).toHaveLength(2);
    expect(byMode.get('multiprocessing')?.samples).toHaveLength(1);
    expect(result.interrupted).toBe(false);
    const none = await runSuite(plan(), fixed(5), { executor, now: () => clock, deadline: 0 });
    expect(none.cells.find((cell) => cell.key.mode === 'threading')).toMatchObject({ status: 'skipped', reason: 'not run: the time budget ran out' });
  });

  it('gives every sample its own temporary directory', async () => {
    const executor = new MockExecutor(() => ({ wallNs: 1e8 }));
    await runSuite(plan(), fixed(2), { executor });
    const dirs = executor.requests.map((request) => request.tmpDir);
    expect(new Set(dirs).size).toBe(dirs.length);
  });

  it('computes speedups against sequential and efficiency against the ideal', async () => {
    const walls: Record<string, number> = { sequential: 4e8, threading: 4e8, multiprocessing: 2e8 };
    const executor = new MockExecutor((request, index) => ({ wallNs: (walls[request.cell.mode] ?? 0) * (1 + index * 0.001) }));
    const result = await runAndSummarise(plan(), fixed(5), { executor });
    const mp = result.cells.find((c) => c.key.mode === 'multiprocessing');
    expect(mp?.summary?.speedup?.value).toBeCloseTo(2, 1);
    expect(mp?.summary?.efficiency?.value).toBeGreaterThan(0.9);
    const threads = result.cells.find((c) => c.key.mode === 'threading');
    expect(threads?.summary?.speedup?.value).toBeCloseTo(1, 1);
    expect(threads?.summary?.efficiency?.value).toBeCloseTo(0.5, 1);
  });

  it('flags a result faster than the ideal as suspect', async () => {
    const walls: Record<string, number> = { sequential: 4e8, threading: 4e8, multiprocessing: 1e8 };
    const executor = new MockExecutor((request) => ({ wallNs: walls[request.cell.mode] ?? 0 }));
    const result = await runAndSummarise(plan(), fixed(3), { executor });
    expect(result.cells.find((c) => c.key.mode === 'multiprocessing')?.summary?.suspect).toBe(true);
    expect(result.cells.find((c) => c.key.mode === 'threading')?.summary?.suspect).toBe(false);
  });

  it('marks a cell whose checksum differs from sequential as failed', async () => {
    const executor = new MockExecutor((request) => ({ wallNs: 1e8, checksum: request.cell.mode === 'threading' ? 'bad' : 'good' }));
    const result = await runAndSummarise(plan(), fixed(2), { executor });
    const threads = result.cells.find((c) => c.key.mode === 'threading');
    expect(threads?.status).toBe('failed');
    expect(threads?.reason).toMatch(/checksum bad differs from sequential's good/);
  });

  it('keeps going after a failing sample: failure is data', async () => {
    const executor = new MockExecutor((request, index) =>
      request.cell.mode === 'threading' && index === 1 ? { kind: 'failed', reason: 'ValueError: boom' } : { wallNs: 1e8 },
    );
    const result = await runSuite(plan(), fixed(3), { executor });
    const threads = result.cells.find((c) => c.key.mode === 'threading');
    expect(threads).toMatchObject({ status: 'failed', reason: 'ValueError: boom' });
    expect(threads?.samples).toHaveLength(1);
    expect(result.cells.find((c) => c.key.mode === 'multiprocessing')?.samples).toHaveLength(3);
  });

  it('stops early once the median is precise enough (adaptive stopping)', async () => {
    const executor = new MockExecutor((_request, index) => ({ wallNs: 1e8 * (1 + (index % 3) * 0.001) }));
    const settings: SamplingSettings = { minRuns: 5, maxRuns: 30, warmup: 0, precision: 0.03, maxTimeS: 100, timeoutS: 10 };
    const result = await runSuite(plan(['threading']), settings, { executor });
    const counts = result.cells.filter((c) => c.status === 'ok').map((c) => c.samples.length);
    // The first exact 95% interval of the median needs 6 samples.
    expect(counts.every((count) => count === 6)).toBe(true);
    expect(result.cells[0]?.stopReason).toBe('precision');
  });

  it('stops at max-runs when the spread never narrows', async () => {
    const executor = new MockExecutor((_request, index) => ({ wallNs: 1e8 * (index % 2 === 0 ? 1 : 2) }));
    const settings: SamplingSettings = { minRuns: 3, maxRuns: 8, warmup: 0, precision: 0.01, maxTimeS: 100, timeoutS: 10 };
    const result = await runSuite(plan(['threading']), settings, { executor });
    expect(result.cells.filter((c) => c.status === 'ok').map((c) => c.samples.length)).toEqual([8, 8]);
  });

  it('reports every finished cell and group', async () => {
    const executor = new MockExecutor(() => ({ wallNs: 1e8 }));
    const snapshots: number[] = [];
    const recorder = {
      cellDone: (cells: readonly unknown[]) => snapshots.push(cells.length),
      groupDone: (cells: readonly unknown[]) => snapshots.push(-cells.length),
    };
    await runSuite(plan(), fixed(2), { executor, recorder });
    // One snapshot per finished cell (sequential, threading, multiprocessing), then the whole group with asyncio's unsupported cell.
    expect(snapshots).toEqual([1, 2, 3, -4]);
  });

  it('stops on abort and marks unfinished cells skipped', async () => {
    const controller = new AbortController();
    const executor = new MockExecutor((_request, index) => {
      if (index === 1) controller.abort();
      return controller.signal.aborted ? { kind: 'aborted', reason: 'interrupted' } : { wallNs: 1e8 };
    });
    const result = await runSuite(plan(), fixed(5), { executor, signal: controller.signal });
    expect(result.interrupted).toBe(true);
    expect(result.cells.some((c) => c.status === 'skipped' && /interrupted/.test(c.reason ?? ''))).toBe(true);
  });

  it('asks for K values per process and keeps the warm ones beside the cold sample', async () => {
    const executor = new MockExecutor((_request, index) => ({ wallNs: 1e8 * (1 + (index % 4) * 0.2), warmWorkNs: [5e7, 5e7 * (1 + (index % 3) * 0.001)] }));
    const settings: SamplingSettings = { minRuns: 5, maxRuns: 20, warmup: 0, precision: 0.03, maxTimeS: 100, timeoutS: 10, valuesPerProcess: 3 };
    const lines: string[] = [];
    const progress = { line: (text: string) => lines.push(text), status: () => undefined, done: () => undefined };
    const result = await runAndSummarise(plan(['threading']), settings, { executor, progress });
    expect(executor.requests.every((request) => request.cell.values === 3)).toBe(true);
    expect(lines.some((line) => / threading w=2 .*: 6 runs \(precision on warm work\)$/.test(line))).toBe(true);
    const cell = result.cells.find((c) => c.key.mode === 'threading');
    // The cold walls (±20% apart) would need every round; the steady warm values stop at the first exact interval.
    expect(cell).toMatchObject({ stopReason: 'precision', stopStatistic: 'warm-work' });
    expect(cell?.samples).toHaveLength(6);
    expect(cell?.samples[0]?.warmWorkNs).toEqual([5e7, 5e7]);
    expect(cell?.summary?.warmWorkNs).toMatchObject({ n: 12, processes: 6, median: 5e7 });
    expect(cell?.summary?.warmSpeedup?.value).toBeCloseTo(1, 3);
    expect(cell?.summary?.wallNs.n).toBe(6);
  });

  it('judges the wall time with one value per process, and says so', async () => {
    const executor = new MockExecutor(() => ({ wallNs: 1e8 }));
    const result = await runAndSummarise(plan(['threading']), { ...fixed(6), maxRuns: 30 }, { executor });
    expect(executor.requests.every((request) => request.cell.values === undefined)).toBe(true);
    const cell = result.cells.find((c) => c.key.mode === 'threading');
    expect(cell).toMatchObject({ stopReason: 'precision', stopStatistic: 'wall' });
    expect(cell?.samples[0]?.warmWorkNs).toBeUndefined();
    expect(cell?.summary?.warmWorkNs).toBeUndefined();
  });
});
