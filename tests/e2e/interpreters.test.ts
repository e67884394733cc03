import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findInterpreters } from '../../src/env/resolve-pythons.js';
import { ROOT, runCli } from '../helpers/cli.js';

// The interpreters this machine has (pyenv 3.9–3.13 on the CI machine); a machine without one skips, saying which.
const found = await findInterpreters();
const has = (minor: number): boolean => found.some((python) => python.version.startsWith(`3.${minor}.`) && !python.freeThreadedBuild);
const missing = [9, 12].filter((minor) => !has(minor)).map((minor) => `3.${minor}`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-interpreters-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// A folder of provided interpreters holding one the harness cannot run on (a fake 3.16 whose _json differs).
const BROKEN_PYTHONS = path.join(tmp, 'pythons');
mkdirSync(path.join(BROKEN_PYTHONS, '3.16', 'bin'), { recursive: true });
symlinkSync(path.join(ROOT, 'tests', 'fixtures', 'fake-pythons', 'python3.16'), path.join(BROKEN_PYTHONS, '3.16', 'bin', 'python3.16'));
const BROKEN_REASON = "the harness cannot run on it: AttributeError: 'JSONDecoder' object has no attribute 'parse_decimal'";

describe(`several interpreters by version name${missing.length === 0 ? '' : ` (skipped: no Python ${missing.join(', ')} found)`}`, () => {
  it.skipIf(missing.length > 0)('pyconc run cpu-pure --python 3.9,3.12 --quick measures both, with an interpreter view', async () => {
    const output = path.join(tmp, 'two.json');
    const result = await runCli(['run', 'cpu-pure', '--python', '3.9,3.12', '--quick', '-o', output], { timeout: 300_000 });
    expect(result.exitCode).toBe(0);
    const document = JSON.parse(readFileSync(output, 'utf8')) as { interpreters: { id: string; version: string; requested: string }[]; cells: { key: { python: string } }[] };
    expect(document.interpreters.map((interpreter) => [interpreter.id.replace(/\.\d+$/, ''), interpreter.version.replace(/\.\d+$/, ''), interpreter.requested])).toEqual([
      ['cpython-3.9', '3.9', '3.9'],
      ['cpython-3.12', '3.12', '3.12'],
    ]);
    const [first, second] = document.interpreters;
    expect(new Set(document.cells.map((cell) => cell.key.python))).toEqual(new Set([first?.id, second?.id]));
    expect(result.stdout).toContain('cpu-pure by interpreter');
    expect(result.stdout).toMatch(new RegExp(`threading w=2 +│ ${second?.id.replace(/\./g, '\\.')} +│ .* ms │ .*×`));
  });
});

describe('version names that are not found', () => {
  it('a missing version is one line naming what was found, exit 2', async () => {
    const result = await runCli(['run', 'cpu-pure', '--python', '3.29', '--quick']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^pyconc: --python 3\.29: no Python 3\.29 found on PATH, pyenv, uv, asdf or PYCONC_PYTHONS \(found: .*\)$/);
  });

  it('a version found whose interpreter the harness cannot run on is one line saying why, exit 2', async () => {
    const result = await runCli(['run', 'cpu-pure', '--python', '3.16', '--quick'], { env: { PYCONC_PYTHONS: BROKEN_PYTHONS } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`pyconc: 3.16 (${path.join(BROKEN_PYTHONS, '3.16', 'bin', 'python3.16')}): ${BROKEN_REASON}`);
  });

  it('--gil off on a GIL build is an input error naming it, exit 2', async () => {
    const result = await runCli(['run', 'cpu-pure', '--gil', 'off', '--quick']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^pyconc: --gil off: cpython-3\.\d+\.\d+ \(.*\) is not a free-threaded build; its GIL cannot be turned off$/);
  });
});

describe('pyconc doctor', () => {
  it('lists every interpreter found, with where from, the build and InterpreterPoolExecutor, in text and JSON', async () => {
    const text = await runCli(['doctor'], { env: { PYCONC_PYTHONS: BROKEN_PYTHONS } });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/Interpreters found \(for --python 3\.N\)\n {2}\d+\.\d+\.\d+ +(PATH|pyenv|uv|asdf|PYCONC_PYTHONS) +(GIL build|free-threaded) +InterpreterPoolExecutor (yes|no)/);
    expect(text.stdout).toContain(`PYCONC_PYTHONS ${BROKEN_REASON}  ${path.join(BROKEN_PYTHONS, '3.16', 'bin', 'python3.16')}`);
    const json = await runCli(['doctor', '--json']);
    const report = JSON.parse(json.stdout) as { discovered: { version: string; source: string; freeThreadedBuild: boolean; hasInterpreterPool: boolean }[] };
    expect(report.discovered.length).toBeGreaterThan(0);
    expect(Object.keys(report.discovered[0] ?? {})).toEqual(expect.arrayContaining(['version', 'source', 'freeThreadedBuild', 'hasInterpreterPool', 'executable']));
  });
});
