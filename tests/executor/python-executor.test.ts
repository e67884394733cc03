import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SampleOutcome } from '../../src/executor/executor.js';
import { killAllSamples } from '../../src/executor/live-samples.js';
import { PythonExecutor } from '../../src/executor/python-executor.js';
import { faultReport, oneLine, tail } from '../../src/executor/sanitise-output.js';
import { resolvePythons } from '../../src/env/resolve-pythons.js';
import type { Interpreter } from '../../src/python/interpreter.js';
import { ROOT } from '../helpers/cli.js';
import { processesWithMarker } from '../helpers/leftovers.js';

const MISBEHAVING = path.join(ROOT, 'tests', 'fixtures', 'misbehaving');
const EXECUTOR = path.join(ROOT, 'tests', 'fixtures', 'executor');

describe('reason text', () => {
  it('oneLine folds lines, replaces control characters and bounds the length', () => {
    expect(oneLine('a\nb\r\n\tc \u001b[31mred\u001b[0m \u0007')).toBe('a b c \uFFFD[31mred\uFFFD[0m \uFFFD');
    expect(oneLine('x'.repeat(500))).toHaveLength(300);
    expect(oneLine('x'.repeat(500)).endsWith('…')).toBe(true);
  });

  it('tail keeps the last lines, bounded, without control characters', () => {
    const text = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    expect(tail(text)).toBe(Array.from({ length: 8 }, (_, i) => `line ${i + 12}`).join('\n'));
    expect(tail('y'.repeat(5000))).toHaveLength(1001);
    expect(tail('a\u001b[2Jb\r\nc')).toBe('a\uFFFD[2Jb\nc');
  });

  it('faultReport finds the innermost frame of a faulthandler report', () => {
    const stderr = [
      'some output',
      'Fatal Python error: Segmentation fault',
      '',
      'Current thread 0x00007f (most recent call first):',
      '  File "/x/y/work.py", line 12 in crunch',
      '  File "/x/harness.py", line 19 in <module>',
    ].join('\n');
    expect(faultReport(stderr)).toEqual({ where: ' in work.py:12 crunch()', excerpt: expect.stringMatching(/^Fatal Python error: Segmentation fault\n/) });
    expect(faultReport('no report here')).toBeNull();
  });
});

// The real executor against the local python3 and the fixture workloads.
describe('PythonExecutor', () => {
  let interpreter: Interpreter;
  let tmpRoot: string;
  let counter = 0;
  const marker = `pyconc-test-${randomUUID()}`;

  beforeAll(async () => {
    [interpreter] = (await resolvePythons(['python3'])) as [Interpreter];
  });
  afterEach(() => {
    for (const leftover of processesWithMarker(marker)) process.kill(leftover.pid, 'SIGKILL');
  });
  afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

  /** The request fields of one sample of a fixture workload, run sequentially. */
  const spec = (workload: string, params: Record<string, string | number>) => {
    tmpRoot ??= mkdtempSync(path.join(os.tmpdir(), 'pyconc-executor-'));
    counter += 1;
    return {
      cell: { id: `fixture-${counter}`, workload, scenario: 'fixture', mode: 'sequential' as const, workers: 1, params: { tasks: 2, marker, ...params } },
      startMethod: null,
      tmpDir: path.join(tmpRoot, `sample-${counter}`),
    };
  };

  const gone = async (): Promise<boolean> => {
    const deadline = Date.now() + 2000;
    while (processesWithMarker(marker).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    return processesWithMarker(marker).length === 0;
  };

  const untilChildren = async (): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!processesWithMarker(marker).some((found) => found.args.includes('fx-server')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('gives the interpreter the run\'s own directory as TMPDIR', async () => {
    const executor = new PythonExecutor();
    const request = spec(path.join(EXECUTOR, 'fx_checks_tmpdir.py'), { expected: '' });
    const cell = { ...request.cell, params: { ...request.cell.params, expected: tmpRoot } };
    const outcome = await executor.runSample({ interpreter, ...request, cell, timeoutMs: 30_000, tmpRoot });
    expect(outcome).toMatchObject({ kind: 'ok' });
  });

  it('sends the cell\'s chunk size and values in the spec; the reply says the chunk size used', async () => {
    const executor = new PythonExecutor();
    const request = spec(path.join(EXECUTOR, 'fx_squares.py'), { tasks: 7 });
    const cell = { ...request.cell, mode: 'threading' as const, workers: 2, chunksize: 3, values: 2 };
    expect(await executor.runSample({ interpreter, ...request, cell, timeoutMs: 30_000 })).toMatchObject({ kind: 'ok', chunksize: 3 });
    const sequential = await executor.runSample({ interpreter, ...spec(path.join(EXECUTOR, 'fx_squares.py'), {}), timeoutMs: 30_000 });
    expect(sequential).toMatchObject({ kind: 'ok', chunksize: null });
  });

  it('a reply that is missing, or JSON that is not a reply: failed with the reason', async () => {
    const executor = new PythonExecutor();
    const missing = await executor.runSample({ interpreter, ...spec(path.join(EXECUTOR, 'fx_no_reply.py'), {}), timeoutMs: 30_000 });
    expect(missing).toMatchObject({ kind: 'failed', reason: 'the harness exited without a reply' });
    const fake = await executor.runSample({ interpreter, ...spec(path.join(EXECUTOR, 'fx_fake_reply.py'), {}), timeoutMs: 30_000 });
    expect(fake).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/^malformed harness reply: /) });
  });

  it('on timeout: SIGTERM, then SIGKILL after the grace period, to the group and the escaped children', async () => {
    const executor = new PythonExecutor({ termGraceMs: 200 });
    const outcome = await executor.runSample({ interpreter, ...spec(path.join(MISBEHAVING, 'fx_ignores_term.py'), { portdir: 'none' }), timeoutMs: 1500 });
    expect(outcome).toEqual({ kind: 'timeout', reason: 'sample exceeded the 1.5 s timeout (--timeout); process tree killed' });
    expect(await gone()).toBe(true);
  });

  it('on abort: the running sample\'s tree is killed and the outcome is aborted', async () => {
    const executor = new PythonExecutor();
    const controller = new AbortController();
    const running = executor.runSample({ interpreter, ...spec(path.join(MISBEHAVING, 'fx_hangs.py'), { portdir: 'none' }), timeoutMs: 60_000, signal: controller.signal });
    await untilChildren();
    controller.abort();
    expect(await running).toEqual({ kind: 'aborted', reason: 'interrupted' });
    expect(await gone()).toBe(true);
  });

  it('killAllSamples kills every running sample at once, synchronously', async () => {
    const executor = new PythonExecutor();
    const running = executor.runSample({ interpreter, ...spec(path.join(MISBEHAVING, 'fx_ignores_term.py'), { portdir: 'none' }), timeoutMs: 60_000 });
    await untilChildren();
    expect(killAllSamples()).toBe(1);
    const outcome: SampleOutcome = await running;
    expect(outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/^interpreter killed by SIGKILL/) });
    expect(await gone()).toBe(true);
    expect(killAllSamples()).toBe(0);
  });

  it('a daemon holding the sample\'s pipes cannot keep the sample open (it is the documented leftover)', async () => {
    const executor = new PythonExecutor();
    const started = Date.now();
    const outcome = await executor.runSample({ interpreter, ...spec(path.join(EXECUTOR, 'fx_daemon.py'), { linger_s: 20 }), timeoutMs: 15_000 });
    expect(outcome).toMatchObject({ kind: 'ok' });
    // Well before the daemon's 20 s, and without hitting the sample's timeout.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
