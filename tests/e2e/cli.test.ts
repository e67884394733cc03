import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// These spawn the built CLI (`npm test` builds first) against the real local python3.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pyconc run (real CPython)', () => {
  let run: Awaited<ReturnType<typeof runCli>>;
  const output = path.join(tmp, 'r.json');

  beforeAll(async () => {
    run = await runCli(['run', 'sleep-fanout', 'cpu-pure', '--quick', '--runs', '2', '-o', output]);
  }, 180_000);

  it('exits 0 and prints a table per scenario', () => {
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/sleep-fanout — Sleep fan-out/);
    expect(run.stdout).toMatch(/cpu-pure — Pure-Python CPU kernel/);
    for (const mode of ['sequential', 'threading', 'multiprocessing', 'asyncio', 'async-threads', 'async-processes', 'process-loops']) {
      expect(run.stdout).toContain(mode);
    }
    expect(run.stdout).toMatch(/Findings/);
  });

  it('keeps progress on stderr and data on stdout', () => {
    expect(run.stderr).toMatch(/pyconc: 2 scenario\(s\)/);
    expect(run.stdout).not.toMatch(/scenario\(s\),/);
  });

  it('writes the results document with the contract field names', () => {
    const document = JSON.parse(readFileSync(output, 'utf8'));
    expect(document.schema).toBe('pyconc/results@1');
    expect(document.tool).toEqual({ name: 'pyconc', version: expect.any(String) });
    expect(document.interrupted).toBe(false);
    expect(document.machine).toMatchObject({ logicalCpus: expect.any(Number), usableCpus: expect.any(Number), os: expect.any(String) });
    expect(document.interpreters[0]).toMatchObject({ id: expect.stringMatching(/^cpython-3\./), executable: expect.any(String), gilEnabled: expect.any(Boolean), freeThreadedBuild: false, startMethod: expect.any(String) });
    // The interpreter is the real executable, never a version-manager shim.
    expect(document.interpreters[0].executable).not.toMatch(/shims/);
    expect(document.settings).toMatchObject({ minRuns: 2, maxRuns: 2, warmup: 0, timeoutS: 60 });
    for (const cell of document.cells) {
      expect(Object.keys(cell.key).sort()).toEqual(['mode', 'params', 'python', 'scenario', 'workers']);
      expect(['ok', 'unsupported']).toContain(cell.status);
      // Every cell carries the load its group met (claims are judged by it, not by the run's average).
      expect(cell.loadDuringGroup).toMatchObject({ seconds: expect.any(Number) });
      if (cell.status === 'ok') {
        expect(cell.checksum).toMatch(/^[0-9a-f]{16}$/);
        expect(cell.samples).toHaveLength(2);
        expect(Object.keys(cell.samples[0])).toEqual(expect.arrayContaining(['wallNs', 'setupNs', 'workNs', 'cpuUserNs', 'cpuSysNs', 'maxRssKb']));
        expect(cell.summary.wallNs).toMatchObject({ median: expect.any(Number), ciLow: expect.any(Number), ciHigh: expect.any(Number) });
        expect(cell.summary.speedup).toMatchObject({ value: expect.any(Number), ciLow: expect.any(Number), ciHigh: expect.any(Number) });
      } else {
        expect(cell.reason).toEqual(expect.any(String));
      }
    }
    expect(document.cells.filter((cell: { status: string }) => cell.status === 'ok').length).toBeGreaterThanOrEqual(12);
  });

  it('tells the sleep fan-out story: threads and asyncio far ahead of sequential', () => {
    const document = JSON.parse(readFileSync(output, 'utf8'));
    const speedup = (mode: string) => document.cells.find((cell: { key: { scenario: string; mode: string } }) => cell.key.scenario === 'sleep-fanout' && cell.key.mode === mode).summary.speedup.value;
    // Wide ratios only: 16 concurrent sleeps should beat one-at-a-time by far more than 3x on any machine.
    expect(speedup('threading')).toBeGreaterThan(3);
    expect(speedup('asyncio')).toBeGreaterThan(3);
  });
});

describe('pyconc run --format json', () => {
  it('prints the results document on stdout', async () => {
    const result = await runCli(['run', 'sleep-fanout', '--quick', '--runs', '1', '--modes', 'threading', '--format', 'json', '--param', 'tasks=4', '--param', 'latency_ms=1']);
    expect(result.exitCode).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.schema).toBe('pyconc/results@1');
    expect(document.cells.map((cell: { key: { mode: string } }) => cell.key.mode)).toEqual(['sequential', 'threading']);
    expect(document.cells[0].key.params).toEqual({ tasks: 4, latency_ms: 1 });
  });
});

describe('pyconc list', () => {
  it('prints the catalogue as text and as JSON', async () => {
    const text = await runCli(['list']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/sleep-fanout \(io\)/);
    expect(text.stdout).toMatch(/expects: threads give no speedup/);
    const json = await runCli(['list', '--json']);
    const catalogue = JSON.parse(json.stdout);
    expect(catalogue.map((scenario: { name: string }) => scenario.name)).toEqual(expect.arrayContaining(['sleep-fanout', 'cpu-pure']));
    expect(catalogue[0]).toMatchObject({ kind: expect.any(String), modes: expect.any(Array), params: expect.any(Object), expectations: expect.any(Array) });
  });
});

describe('pyconc doctor', () => {
  it('prints the environment and exits 0', async () => {
    const result = await runCli(['doctor']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Machine/);
    expect(result.stdout).toMatch(/GIL (enabled|disabled) at run time/);
    expect(result.stdout).toMatch(/usable/);
  });
});

describe('bad input: one clear line, exit 2, nothing written', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown scenario', ['run', 'sleep-fanot'], /unknown scenario "sleep-fanot" \(did you mean "sleep-fanout"\?\)/],
    ['unknown mode', ['run', '--modes', 'threads'], /--modes: unknown mode "threads" \(did you mean "threading"\?\)/],
    ['zero workers', ['run', '--workers', '0'], /--workers: expected an integer ≥ 1, got "0"/],
    ['malformed --param', ['run', '--param', 'tasks'], /--param: expected name=value/],
    ['undefined parameter', ['run', 'cpu-pure', '--param', 'latency_ms=3'], /--param latency_ms: not a parameter of cpu-pure/],
    ['missing interpreter', ['run', '--python', '/nonexistent/python3'], /Python interpreter not found: \/nonexistent\/python3/],
    ['not a Python', ['run', '--python', '/bin/true'], /\/bin\/true is not a working Python interpreter/],
    ['unwritable output', ['run', '-o', '/nonexistent/dir/r.json'], /--output \/nonexistent\/dir\/r\.json: directory \/nonexistent\/dir does not exist/],
    ['unknown flag', ['run', '--frobnicate'], /unknown option '--frobnicate'/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const result = await runCli(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('never truncates an existing output file when the run fails to start', async () => {
    const output = path.join(tmp, 'keep.json');
    writeFileSync(output, '{"precious": true}');
    const result = await runCli(['run', 'nope', '-o', output]);
    expect(result.exitCode).toBe(2);
    expect(readFileSync(output, 'utf8')).toBe('{"precious": true}');
  });

  it('refuses a scenario directory with a bad file, naming file and field', async () => {
    const dir = mkdtempSync(path.join(tmp, 'scenarios-'));
    writeFileSync(path.join(dir, 'mine.yaml'), 'name: mine\ntitle: x\nkind: io\ndescription: d\nworkload: w.py\nparams: {}\nmodes: [sequential]\nworkerz: {default: [1]}\n');
    const result = await runCli(['list', '--scenarios', dir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/mine\.yaml: unknown field "workerz" \(did you mean "workers"\?\)/);
    expect(existsSync(path.join(dir, 'w.py'))).toBe(false);
  });

  it('names every problem of a scenario file, one prefixed line each (issue 21: "(and 1 more problem(s))" was all of the second)', async () => {
    const dir = mkdtempSync(path.join(tmp, 'scenarios-'));
    writeFileSync(path.join(dir, 'mine.yaml'), 'name: mine\nkind: io\ndescription: d\nworkload: w.py\nparams: {}\nmodes: [sequential]\nworker: {default: [1]}\n');
    const result = await runCli(['list', '--scenarios', dir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trimEnd().split('\n').map((line) => line.replace(/\S*\/mine\.yaml/, 'mine.yaml'))).toEqual([
      'pyconc: mine.yaml: unknown field "worker" (did you mean "workers"?)',
      'pyconc: mine.yaml: title: missing (expected string)',
    ]);
  });

  it('shows a stack trace only with --debug', async () => {
    const result = await runCli(['--debug', 'run', 'nope']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});
