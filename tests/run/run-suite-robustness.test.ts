import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MockExecutor } from '../../src/executor/mock-executor.js';
import { planRun } from '../../src/plan/planner.js';
import { runSuite } from '../../src/run/run-suite.js';
import { removeRunTempDirs } from '../../src/run/run-temp-dir.js';
import type { SamplingSettings } from '../../src/run/stop-rule.js';
import { makeInterpreter, makeScenario } from '../helpers/scenario.js';

const settings: SamplingSettings = { minRuns: 2, maxRuns: 2, warmup: 0, precision: 0.03, maxTimeS: 100, timeoutS: 7 };

function plan(params: Record<string, string[]> = {}) {
  const scenario = makeScenario({
    workers: { defaults: [2], quick: [2] },
    params: {
      tasks: { type: 'number', defaults: [8], quick: [4], description: 'tasks' },
      label: { type: 'string', defaults: ['a'], quick: ['a'], description: 'free text' },
    },
  });
  return planRun([scenario], [makeInterpreter()], { modes: null, workers: null, params, quick: false }, 2);
}

let root: string | undefined;
afterEach(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe('runSuite when samples go wrong', () => {
  it('a timeout ends its cell with status timeout; the other cells and groups go on', async () => {
    const executor = new MockExecutor((request) =>
      request.cell.mode === 'threading' && request.cell.params['tasks'] === 1 ? { kind: 'timeout', reason: 'sample exceeded the 7 s timeout' } : { wallNs: 1e8 },
    );
    const result = await runSuite(plan({ tasks: ['1', '2'] }), settings, { executor });
    const threading = result.cells.filter((cell) => cell.key.mode === 'threading');
    expect(threading.map((cell) => cell.status)).toEqual(['timeout', 'ok']);
    expect(threading[0]?.reason).toBe('sample exceeded the 7 s timeout');
    expect(result.cells.filter((cell) => cell.key.mode === 'multiprocessing').map((cell) => cell.samples.length)).toEqual([2, 2]);
    // Every sample got the configured timeout.
    expect(new Set(executor.requests.map((request) => request.timeoutMs))).toEqual(new Set([7000]));
  });

  it('--fail-fast: the first failure stops the run; nothing after it is started', async () => {
    const executor = new MockExecutor((request) => (request.cell.mode === 'threading' ? { kind: 'failed', reason: 'boom' } : { wallNs: 1e8 }));
    const result = await runSuite(plan({ tasks: ['1', '2'] }), settings, { executor, failFast: true });
    expect(result.stoppedEarly).toBe(true);
    expect(result.interrupted).toBe(false);
    expect(result.cells.every((cell) => cell.key.params['tasks'] === 1)).toBe(true);
    expect(result.cells.find((cell) => cell.key.mode === 'multiprocessing')).toMatchObject({ status: 'skipped', reason: 'not run: --fail-fast stopped the run' });
    expect(executor.requests.map((request) => request.cell.mode)).toEqual(['sequential', 'threading']);
  });

  it('containment: names and parameter values never become paths outside the run\'s private directory', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pyconc-containment-'));
    const executor = new MockExecutor(() => ({ wallNs: 1e8 }));
    await runSuite(plan({ label: ['../../../etc', '/etc/passwd', '..'] }), settings, { executor, tmpRoot: root });
    const privateDirs = new Set(executor.requests.map((request) => request.tmpRoot));
    expect(privateDirs.size).toBe(1);
    const [privateDir] = [...privateDirs] as [string];
    expect(path.dirname(privateDir)).toBe(root);
    expect(path.basename(privateDir)).toMatch(/^pyconc-/);
    for (const request of executor.requests) {
      expect(path.dirname(request.tmpDir)).toBe(privateDir);
      expect(path.basename(request.tmpDir)).toMatch(/^sample-\d+$/);
    }
    // The run's directory goes with the run.
    expect(readdirSync(root)).toEqual([]);
  });

  it('removeRunTempDirs removes a running run\'s private directory at once (a second Ctrl-C)', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pyconc-containment-'));
    const seen: boolean[] = [];
    const executor = new MockExecutor((request) => {
      seen.push(existsSync(request.tmpRoot as string));
      removeRunTempDirs();
      seen.push(existsSync(request.tmpRoot as string));
      return { kind: 'aborted', reason: 'interrupted' };
    });
    const result = await runSuite(plan(), settings, { executor, tmpRoot: root });
    expect(result.interrupted).toBe(true);
    expect(seen).toEqual([true, false]);
    expect(readdirSync(root)).toEqual([]);
  });
});
