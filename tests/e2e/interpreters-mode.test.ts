import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

// The 3.14 that .ci/provide-pythons.sh unpacks; without it the 3.14 half skips and says why.
const PY314 = path.join(ROOT, '.pyconc-pythons', '3.14', 'bin', 'python3.14');
const PY311 = '/root/.pyenv/versions/3.11.7/bin/python3';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-interp-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Interval { value: number; ciLow: number; ciHigh: number }
interface DocumentCell {
  key: { mode: string };
  status: string;
  reason: string | null;
  summary: { workSpeedup?: Interval; setupNs?: { median: number } } | null;
}

async function runInterpreters(python: string, name: string) {
  const output = path.join(tmp, `${name}.json`);
  const run = await runCli(['run', 'cpu-pure', '--python', python, '--modes', 'sequential,interpreters', '--runs', '5', '-o', output], { timeout: 240_000 });
  const document = JSON.parse(readFileSync(output, 'utf8')) as { cells: DocumentCell[]; machine: { loadDuringRun?: { otherCpus: number } | null } };
  const cell = document.cells.find((candidate) => candidate.key.mode === 'interpreters');
  return { run, cell, otherCpus: document.machine.loadDuringRun?.otherCpus ?? 0 };
}

describe.skipIf(!existsSync(PY314))(`the interpreters mode on 3.14 (${existsSync(PY314) ? PY314 : 'skipped: no 3.14; run .ci/provide-pythons.sh'})`, () => {
  it('runs in parallel once started: the work alone is faster than sequential, the start-up is in setup', async () => {
    const { run, cell, otherCpus } = await runInterpreters(PY314, 'py314');
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.exitCode).toBe(0);
    expect(cell?.status, cell?.reason ?? '').toBe('ok');
    expect(run.stdout).toContain('work speedup');
    const workSpeedup = cell?.summary?.workSpeedup?.value ?? 0;
    // A wide ratio, not the 1.3 of the issue (bench/RESULTS.md measures that: 1.47): the suite's other files share the
    // two CPUs. Quiet, the work alone is at least as fast as sequential's; on a busy machine only a wider bound holds.
    expect(workSpeedup).toBeGreaterThanOrEqual(otherCpus <= 0.5 ? 1.0 : 0.5);
    expect(cell?.summary?.setupNs?.median ?? 0).toBeGreaterThan(1e6);
  }, 300_000);
});

describe.skipIf(!existsSync(PY311))('the interpreters mode on 3.11', () => {
  it('is unsupported, with the reason, and the run exits 0', async () => {
    const { run, cell } = await runInterpreters(PY311, 'py311');
    expect(run.exitCode).toBe(0);
    expect(cell?.status).toBe('unsupported');
    expect(cell?.reason).toMatch(/has no concurrent\.futures\.InterpreterPoolExecutor \(Python 3\.14 or newer\)/);
    expect(run.stdout).toMatch(/interpreters: .*has no concurrent\.futures\.InterpreterPoolExecutor/);
  }, 300_000);
});
