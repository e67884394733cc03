import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResults } from '../../src/results/read-results.js';
import { runCli } from '../helpers/cli.js';

// `--values-per-process K` through the real harness: K runs of the tasks in each sample process.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-warm-'));
const results = path.join(tmp, 'results.json');
let run: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  run = await runCli(['run', 'cpu-pure', '--quick', '--modes', 'threading,multiprocessing', '--param', 'span=2000', '--runs', '3', '--values-per-process', '3', '-o', results]);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pyconc run --values-per-process', () => {
  it('keeps each process\'s first run as the sample and its runs 2..K as warm values', () => {
    expect(run.exitCode, run.stderr).toBe(0);
    const document = readResults(results);
    expect(document.settings.valuesPerProcess).toBe(3);
    const ok = document.cells.filter((cell) => cell.status === 'ok');
    expect(ok).toHaveLength(3);
    for (const cell of ok) {
      expect(cell.samples.every((sample) => sample.warmWorkNs?.length === 2)).toBe(true);
      expect(cell.summary?.warmWorkNs).toMatchObject({ n: 6, processes: 3 });
      expect(cell.stopStatistic).toBe('warm-work');
    }
    expect(ok.find((cell) => cell.key.mode === 'multiprocessing')?.summary?.warmSpeedup?.value).toBeGreaterThan(0);
  });

  it('shows warm beside cold, names the values the findings used, and exits 2 on a bad K', async () => {
    expect(run.stdout).toMatch(/3 runs, 3 values per process/);
    expect(run.stdout).toMatch(/wall ±CI\*? │ +warm work ±CI/);
    expect(run.stdout).toMatch(/speedup on the whole sample \(cold\) = /);
    const warm = await runCli(['report', results, '--show', 'warm']);
    expect(warm.stdout).toMatch(/warm work ±CI │ +warm speedup/);
    const csv = await runCli(['report', results, '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toMatch(/warm_work_median_ns/);
    const bad = await runCli(['run', 'cpu-pure', '--values-per-process', '0']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toBe('pyconc: --values-per-process: expected an integer ≥ 1, got "0"');
    expect(readFileSync(results, 'utf8')).toContain('"warmWorkNs"');
  });
});
