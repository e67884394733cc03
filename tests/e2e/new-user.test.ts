import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDocument, okCell } from '../helpers/document.js';
import { BIN, ROOT, runCli } from '../helpers/cli.js';

// What a new user ran into, each a test: the built CLI, real interpreters, real pipes and signals.
const DECLARED = path.join(ROOT, 'tests', 'fixtures', 'declared');
const MISBEHAVING = path.join(ROOT, 'tests', 'fixtures', 'misbehaving');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-new-user-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('modes as data', () => {
  it('a scenario declaring only sequential and threading loads and runs, exit 0; the other modes are named once as not declared', async () => {
    const result = await runCli(['run', 'two-modes', '--scenarios', DECLARED, '--runs', '1', '--warmup', '0']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/sequential.*ok/);
    expect(result.stdout).toMatch(/threading.*ok/);
    expect(result.stdout.match(/not declared by this scenario: multiprocessing, asyncio, async-threads, async-processes, process-loops, interpreters/g)).toHaveLength(1);
  });

  it('a workload lacking the stages its scenario declares gives failed cells and exit 1, with the reason', async () => {
    const output = path.join(tmp, 'no-stages.json');
    const result = await runCli(['run', 'no-stages', '--scenarios', DECLARED, '--runs', '1', '--warmup', '0', '-o', output]);
    expect(result.exitCode).toBe(1);
    const document = JSON.parse(readFileSync(output, 'utf8')) as { cells: { key: { mode: string }; status: string; reason: string }[] };
    expect(document.cells.map((cell) => cell.status)).toEqual(['failed', 'failed']);
    expect(document.cells[1]?.reason).toMatch(/threading.*none of fetch\(\), afetch\(\), compute\(\)/);
  });
});

describe('defects a new user found', () => {
  it('a closed stdout (`report --format json | head -c 100`) ends the program quietly', async () => {
    const file = path.join(tmp, 'report.json');
    writeFileSync(file, JSON.stringify(makeDocument(Array.from({ length: 200 }, (_, i) => okCell('threading', i + 1, 1e8)))));
    const result = await execa('bash', ['-c', `set -o pipefail; node "${BIN}" report "${file}" --format json | head -c 100 > /dev/null`], { reject: false, env: { NO_COLOR: '1' } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('usage errors from the argument parser carry the same prefix as pyconc\'s own', async () => {
    const result = await runCli(['run', '--bogus']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^pyconc: unknown option '--bogus'/);
  });

  it('a parameter out of its declared bounds is exit 2 before any sample', async () => {
    const result = await runCli(['run', 'cpu-pure', '--param', 'tasks=-3']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^pyconc: --param tasks: expected a number ≥ 1, got -3 \(scenario cpu-pure, /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a program that is not Python is named as such, without pyconc\'s probe script in the message', async () => {
    const result = await runCli(['run', 'cpu-pure', '--python', '/bin/ls']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^pyconc: \/bin\/ls is not a working Python interpreter: it did not answer pyconc's probe/);
    expect(result.stderr).not.toMatch(/sys\.version_info/);
  });

  it('doctor with an interpreter it cannot use says so and exits 2', async () => {
    const result = await runCli(['doctor', '--python', path.join(ROOT, 'tests', 'fixtures', 'fake-pythons', 'python3.8')]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/pyconc needs Python 3\.9 or newer/);
  });

  it('SIGINT to the npx process of the README\'s command interrupts the run (the project .npmrc makes npm exec the CLI directly)', async () => {
    const output = path.join(tmp, 'npx.json');
    const child = execa('npx', ['pyconc', 'run', 'fx-slow', '--scenarios', MISBEHAVING, '--runs', '3', '--warmup', '0', '--param', 'sleep_ms=300', '-o', output], {
      reject: false,
      cwd: ROOT,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
      timeout: 110_000,
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 100_000;
    // The first npx in a fresh clone installs the project into npm's cache (tens of seconds): wait for the run's header.
    while (!/pyconc: 1 scenario/.test(stderr) && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // into the first round of samples
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(stderr).toMatch(/pyconc: SIGINT: stopping/);
    expect((JSON.parse(readFileSync(output, 'utf8')) as { interrupted: boolean }).interrupted).toBe(true);
  }, 120_000);
});

// Issue 21, item 10: a workload that raises showed only its last line (`KeyError: 'missing_column_3'`);
// the traceback was in the results file only, lost without -o, and --debug added nothing.
describe('a workload that raises deep in its own code', () => {
  const dir = path.join(tmp, 'raises-deep');
  const setUp = (): void => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'columns.yaml'),
      [
        'name: columns',
        'title: Columns',
        'kind: cpu',
        'description: task 3 looks up a column its row lacks.',
        'workload: columns.py',
        'params:',
        '  tasks: {default: 4, description: tasks}',
        'modes: [sequential]',
        'workers: {default: [1]}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'columns.py'),
      [
        'def compute(i, params):',
        '    print("parsing row %d" % i)',
        '    return parse_row({"missing_column_0": 0, "missing_column_1": 1, "missing_column_2": 2}, i)',
        '',
        '',
        'def parse_row(row, i):',
        '    return lookup(row, "missing_column_%d" % i)',
        '',
        '',
        'def lookup(row, key):',
        '    return row[key]',
        '',
      ].join('\n'),
    );
  };

  it('the table shows the last frames under the failed cell, without -o', async () => {
    setUp();
    const result = await runCli(['run', 'columns', '--scenarios', dir, '--runs', '1', '--warmup', '0']);
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    const note = lines.findIndex((line) => line.includes("[1] sequential: KeyError: 'missing_column_3'"));
    expect(note).toBeGreaterThan(0);
    const under = lines.slice(note + 1, note + 12).join('\n');
    expect(under).toMatch(/^ {6}… \d+ earlier frames? \(all of them: pyconc run --show-output/m);
    expect(under).toMatch(/File ".*columns\.py", line 7, in parse_row\n\s+return lookup\(row, "missing_column_%d" % i\)/);
    expect(under).toMatch(/File ".*columns\.py", line 11, in lookup\n\s+return row\[key\]/);
    expect(under).toMatch(/^ {6}KeyError: 'missing_column_3'$/m);
    // The workload's own output is not shown without --show-output.
    expect(result.stderr).not.toMatch(/parsing row/);
  });

  it('--show-output passes the workload\'s output through to stderr and shows the whole traceback', async () => {
    setUp();
    const result = await runCli(['run', 'columns', '--scenarios', dir, '--runs', '1', '--warmup', '0', '--show-output']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^parsing row 3$/m);
    expect(result.stdout).toMatch(/^ {6}Traceback \(most recent call last\):$/m);
    expect(result.stdout).toMatch(/in compute\n/);
    expect(result.stdout).not.toMatch(/earlier frames?/);
  });
});
