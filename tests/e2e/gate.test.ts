import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

// The CI gate end to end: an A/B run of two tiny trees, then compare, merge and their refusals.
const AB = path.join(ROOT, 'tests', 'fixtures', 'ab');
const BASE = path.join(AB, 'base');
const HEAD = path.join(AB, 'head');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-gate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Json = { cells: { id: string; key: { mode: string; workers: number; variant?: string }; status: string; baselineCopy?: boolean }[] };
const read = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

describe('A/B in one run, then pyconc compare', () => {
  it('a candidate doing 30% more work per task (same checksum) is a regression: exit 1', async () => {
    const output = path.join(tmp, 'ab.json');
    const run = await runCli(['run', '--scenarios', HEAD, '--baseline-scenarios', BASE, '--max-runs', '80', '--max-time', '20', '-o', output]);
    expect(run.exitCode).toBe(0);
    expect(read(output).cells.map((cell) => cell.key.variant)).toEqual(['baseline', 'candidate', 'baseline', 'candidate']);
    const compare = await runCli(['compare', output, '--format', 'markdown']);
    expect(compare.stdout.split('\n')[0]).toMatch(/regression/);
    expect(compare.exitCode).toBe(1);
  });

  it('the same tree on both sides: no regression, exit 0', async () => {
    const output = path.join(tmp, 'aa.json');
    const run = await runCli(['run', '--scenarios', BASE, '--baseline-scenarios', BASE, '--max-time', '2', '-o', output]);
    expect(run.exitCode).toBe(0);
    const compare = await runCli(['compare', output, '-o', path.join(tmp, 'verdict.json')]);
    expect(compare.stdout).not.toMatch(/\bregression\b/);
    expect(compare.exitCode).toBe(0);
    expect((JSON.parse(readFileSync(path.join(tmp, 'verdict.json'), 'utf8')) as { schema: string }).schema).toBe('pyconc/compare@1');
  });

  it('a scenario in one tree only is an error naming both sides', async () => {
    const run = await runCli(['run', '--scenarios', HEAD, '--baseline-scenarios', path.join(ROOT, 'tests', 'fixtures', 'declared')]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^pyconc: \S+\.yaml: scenario "[\w-]+" (of the baseline tree .*)?has no counterpart in the (baseline|candidate) tree/);
  });

  // Issue 21, item 8: the error said the trees differ "in its parameters, workers or modes", not how.
  it('trees whose scenario differs in workers and a parameter: exit 2 before any sample, naming each field and both values', async () => {
    const head = path.join(tmp, 'differing-head');
    cpSync(HEAD, head, { recursive: true });
    const file = path.join(head, 'ab-demo.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('workers: {default: [2]}', 'workers: {default: [2, 4]}').replace('tasks: {default: 4,', 'tasks: {default: 8,'));
    const run = await runCli(['run', '--scenarios', head, '--baseline-scenarios', BASE]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^pyconc: \S+ab-demo\.yaml and \S+ab-demo\.yaml: scenario "ab-demo" differs between the trees \(params\.tasks\.default: \[8\] in the candidate, \[4\] in the baseline; workers\.default: \[2,4\] in the candidate, \[2\] in the baseline\), so their cells cannot be compared$/m,
    );
  });

  it('compare refuses a non-results file, documents with no cell in common and a malformed threshold: exit 2, one line', async () => {
    const notResults = path.join(tmp, 'not-results.json');
    writeFileSync(notResults, '{"hello": 1}');
    const a = await runCli(['compare', notResults, notResults]);
    expect(a.exitCode).toBe(2);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    const b = await runCli(['compare', path.join(tmp, 'ab.json'), path.join(tmp, 'shard-1.json')]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    const c = await runCli(['compare', path.join(tmp, 'ab.json'), '--threshold', 'abc']);
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toMatch(/^pyconc: --threshold/);
  });
});

describe('shards across a CI matrix', () => {
  const common = ['run', 'ab-demo', '--scenarios', BASE, '--runs', '1', '--warmup', '0', '--workers', '1,2,3', '--param', 'spin=1000'];

  it('two shards merge to exactly the cells of the unsharded run; a shard merged with itself is refused', async () => {
    const whole = path.join(tmp, 'whole.json');
    expect((await runCli([...common, '-o', whole])).exitCode).toBe(0);
    for (const k of [1, 2]) expect((await runCli([...common, '--shard', `${k}/2`, '-o', path.join(tmp, `shard-${k}.json`)])).exitCode).toBe(0);
    const merged = path.join(tmp, 'merged.json');
    const merge = await runCli(['merge', path.join(tmp, 'shard-1.json'), path.join(tmp, 'shard-2.json'), '-o', merged]);
    expect(merge.exitCode).toBe(0);
    expect(read(merged).cells.map((cell) => cell.id).sort()).toEqual(read(whole).cells.map((cell) => cell.id).sort());
    expect(read(merged).cells.some((cell) => cell.baselineCopy === true)).toBe(false);
    const twice = await runCli(['merge', path.join(tmp, 'shard-1.json'), path.join(tmp, 'shard-1.json'), '-o', path.join(tmp, 'twice.json')]);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toMatch(/^pyconc: .*shard-1\.json: cell \w+ .* is also in .*shard-1\.json/);
  });
});
