import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { Sandbox } from '../helpers/leftovers.js';

// Each misbehaving workload of tests/fixtures/misbehaving runs through the built CLI with the real
// python3: the cell's status and reason, the exit code, and that no process, listening server or
// temporary file outlives the run.
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'misbehaving');

interface CellJson {
  key: { scenario: string; mode: string };
  status: string;
  reason: string | null;
  stderrTail?: string;
  samples: unknown[];
}

// Every run gets its own sandbox (marker, TMPDIR), so that runs can go concurrently; all are disposed of at the end.
const sandboxes: Sandbox[] = [];
afterAll(() => sandboxes.forEach((sandbox) => sandbox.dispose()));

/** Runs the fixture scenarios in a fresh sandbox; `portdir` has the fixtures' servers record their ports there. */
async function runFixture(scenarios: string[], extra: string[] = [], options: { portdir?: boolean } = {}) {
  const sandbox = new Sandbox();
  sandboxes.push(sandbox);
  const args = ['run', ...scenarios, '--scenarios', FIXTURES, '--runs', '1', '--warmup', '0', '--format', 'json', '--param', `marker=${sandbox.marker}`, ...extra];
  if (options.portdir === true) args.push('--param', `portdir=${sandbox.portDir}`);
  const result = await runCli(args, { env: sandbox.env() });
  let cells: CellJson[] = [];
  try {
    cells = (JSON.parse(result.stdout) as { cells: CellJson[] }).cells;
  } catch {
    throw new Error(`stdout is not a results document (exit ${result.exitCode}):\n${result.stderr}`);
  }
  const cell = (scenario: string, mode = 'sequential'): CellJson => {
    const found = cells.find((candidate) => candidate.key.scenario === scenario && candidate.key.mode === mode);
    if (found === undefined) throw new Error(`no ${scenario} ${mode} cell`);
    return found;
  };
  return { ...result, cells, cell, sandbox };
}

/** Nothing the run started is alive, no fixture server listens, the CLI's TMPDIR is empty. */
async function expectNothingLeftBehind(sandbox: Sandbox): Promise<void> {
  expect(await sandbox.leftoverProcesses()).toEqual([]);
  expect(sandbox.stillListening()).toEqual([]);
  expect(sandbox.leftoverTempEntries()).toEqual([]);
}

// No timing in these: they may run side by side.
describe.concurrent('crashes are data: the cell fails with a reason, the exit code is 1', () => {
  it('a workload that raises: exception type and message, as plain text', async () => {
    const run = await runFixture(['fx-raises']);
    expect(run.exitCode).toBe(1);
    const cell = run.cell('fx-raises');
    expect(cell.status).toBe('failed');
    expect(cell.reason).toBe('ValueError: boom at task 2 | <b>bold</b> \uFFFD[31mred\uFFFD[0m second line');
    // Terminal escapes from a workload are replaced, newlines folded: the reason is one line of text.
    expect(cell.reason).not.toMatch(/[\u001b\n\r]/);
    expect(cell.stderrTail).toMatch(/fx_raises\.py", line \d+, in compute/);
    expect(run.stderr).toMatch(/fx-raises sequential .*: failed: ValueError: boom at task 2/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    await expectNothingLeftBehind(run.sandbox);
  });

  it('an interpreter that exits with code 3: the code and the last line of stderr', async () => {
    const run = await runFixture(['fx-exits']);
    expect(run.exitCode).toBe(1);
    expect(run.cell('fx-exits')).toMatchObject({ status: 'failed', reason: 'interpreter exited with code 3: fx_exits: giving up on task 0' });
    await expectNothingLeftBehind(run.sandbox);
  });

  it('an interpreter that aborts: the signal name and where', async () => {
    const run = await runFixture(['fx-aborts']);
    expect(run.exitCode).toBe(1);
    const cell = run.cell('fx-aborts');
    expect(cell.status).toBe('failed');
    expect(cell.reason).toMatch(/^interpreter killed by SIGABRT \(aborted\) in fx_aborts\.py:\d+ compute\(\)$/);
    expect(cell.stderrTail).toMatch(/^Fatal Python error: Aborted/);
    await expectNothingLeftBehind(run.sandbox);
  });

  it('an interpreter that dies of a segmentation fault: the signal name and where', async () => {
    const run = await runFixture(['fx-segfault']);
    expect(run.exitCode).toBe(1);
    expect(run.cell('fx-segfault').reason).toMatch(/^interpreter killed by SIGSEGV \(segmentation fault\) in fx_segfault\.py:\d+ compute\(\)$/);
    await expectNothingLeftBehind(run.sandbox);
  });

  it('garbage written where the harness reply goes (fd 3)', async () => {
    const run = await runFixture(['fx-garbage-reply']);
    expect(run.exitCode).toBe(1);
    const cell = run.cell('fx-garbage-reply');
    expect(cell.status).toBe('failed');
    expect(cell.reason).toMatch(/^the harness reply is not valid JSON \(\d+ characters starting "garbage\\u001b\[2J not a reply.*did the workload write to fd 3, the reply pipe\?$/);
    await expectNothingLeftBehind(run.sandbox);
  });

  it.each(['stdout', 'stderr'])('an enormous amount of output on %s: stopped, bounded, the run goes on', async (stream) => {
    const run = await runFixture(['fx-floods', 'fx-slow'], ['--param', `stream=${stream}`, '--param', 'tasks=1', '--param', 'sleep_ms=1', '--modes', 'threading']);
    expect(run.exitCode).toBe(1);
    expect(run.cell('fx-floods')).toMatchObject({ status: 'failed', reason: `the sample wrote more than 4 MiB to ${stream}; stopped (output this large distorts the timing)` });
    expect((run.cell('fx-floods').stderrTail ?? '').length).toBeLessThanOrEqual(1001);
    // The next scenario still runs.
    expect(run.cell('fx-slow', 'threading').status).toBe('ok');
    await expectNothingLeftBehind(run.sandbox);
  });

  it('--fail-fast stops at the first failure; without it the run goes on', async () => {
    const failFast = await runFixture(['fx-exits', 'fx-slow'], ['--param', 'tasks=1', '--param', 'sleep_ms=1', '--fail-fast']);
    expect(failFast.exitCode).toBe(1);
    expect(failFast.cell('fx-exits').status).toBe('failed');
    expect(failFast.cells.some((cell) => cell.key.scenario === 'fx-slow')).toBe(false);
    await expectNothingLeftBehind(failFast.sandbox);
    const goesOn = await runFixture(['fx-exits', 'fx-slow'], ['--param', 'tasks=1', '--param', 'sleep_ms=1']);
    expect(goesOn.exitCode).toBe(1);
    expect(goesOn.cell('fx-slow', 'async-threads').status).toBe('ok');
    await expectNothingLeftBehind(goesOn.sandbox);
  });
});

describe('timeouts kill the whole process tree, the cell is a timeout, the run goes on', () => {
  it('a hanging task with children in and out of the process group and a loopback server', async () => {
    const run = await runFixture(['fx-hangs', 'fx-slow'], ['--timeout', '1', '--param', 'tasks=1', '--param', 'sleep_ms=1', '--modes', 'threading'], { portdir: true });
    expect(run.exitCode).toBe(1);
    expect(run.sandbox.recordedPortCount()).toBe(1);
    expect(run.cell('fx-hangs')).toMatchObject({ status: 'timeout', reason: 'sample exceeded the 1 s timeout (--timeout); process tree killed' });
    expect(run.cell('fx-slow', 'threading').status).toBe('ok');
    await expectNothingLeftBehind(run.sandbox);
  });

  it('a workload that ignores SIGTERM is killed after the grace period, children and server too', async () => {
    const run = await runFixture(['fx-ignores-term'], ['--timeout', '1'], { portdir: true });
    expect(run.exitCode).toBe(1);
    expect(run.cell('fx-ignores-term').status).toBe('timeout');
    expect(run.sandbox.recordedPortCount()).toBe(1);
    await expectNothingLeftBehind(run.sandbox);
  });

  it('tasks hanging in pool workers: the multiprocessing cell times out, sequential is fine', async () => {
    const run = await runFixture(['fx-pool-hangs'], ['--timeout', '1', '--param', 'tasks=2']);
    expect(run.exitCode).toBe(1);
    expect(run.cell('fx-pool-hangs').status).toBe('ok');
    expect(run.cell('fx-pool-hangs', 'multiprocessing').status).toBe('timeout');
    await expectNothingLeftBehind(run.sandbox);
  });
});
