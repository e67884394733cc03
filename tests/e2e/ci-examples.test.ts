import { execa } from 'execa';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT } from '../helpers/cli.js';

// The CI examples of docs/ci.md are real files; here their pyconc commands run locally, against two
// tiny scenario trees where the head does 30% more work per task than the base.
const EXAMPLES = path.join(ROOT, 'docs', 'examples');
const AB = path.join(ROOT, 'tests', 'fixtures', 'ab');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-ci-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Stand-ins on PATH: `gh` records its arguments instead of talking to GitHub, and `pyconc` is this
 * checkout's CLI where the job would have the one its install step put there (the install itself,
 * from a packed tarball, is tests/e2e/install.test.ts). The examples' pyconc commands run as written.
 */
function fakeBin(dir: string): string {
  const bin = path.join(dir, 'fake-bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, 'gh'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${path.join(dir, 'gh-args')}"\n`);
  writeFileSync(path.join(bin, 'pyconc'), `#!/bin/sh\nexec node "${BIN}" "$@"\n`);
  chmodSync(path.join(bin, 'gh'), 0o755);
  chmodSync(path.join(bin, 'pyconc'), 0o755);
  return bin;
}

/** The install command both examples must use: a global install from the repository package.json names (a marked placeholder). */
const REPOSITORY = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url;
const INSTALL = `npm install --global ${REPOSITORY}`;

async function bash(script: string, cwd: string, env: Record<string, string>, errexit = true) {
  return execa('bash', errexit ? ['-e', '-c', script] : ['-c', script], { cwd, env: { NO_COLOR: '1', ...env }, reject: false, stdin: 'ignore' });
}

describe('docs/examples', () => {
  it('github-actions.yml: the A/B run, then compare comments the verdict and fails the job on the regression', async () => {
    const workflow = parse(readFileSync(path.join(EXAMPLES, 'github-actions.yml'), 'utf8')) as {
      jobs: { gate: { steps: { run?: string; shell?: string; uses?: string }[] } };
    };
    const steps = workflow.jobs.gate.steps;
    expect(steps.filter((step) => step.uses?.startsWith('actions/checkout') === true)).toHaveLength(2);
    expect(steps.map((step) => step.run)).toContain(INSTALL);
    const dir = path.join(tmp, 'github');
    cpSync(path.join(AB, 'head'), path.join(dir, 'head', 'bench'), { recursive: true });
    cpSync(path.join(AB, 'base'), path.join(dir, 'base', 'bench'), { recursive: true });
    const env = { PATH: `${fakeBin(dir)}:${process.env['PATH'] ?? ''}`, GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md') };
    const expressions = (text: string): string => text.replace(/\$\{\{\s*github\.event\.pull_request\.number\s*\}\}/g, '7').replace(/\$\{\{[^}]*\}\}/g, 'owner/repo');
    const runs = steps.filter((step) => step.run?.includes('pyconc ') === true && step.run !== INSTALL);
    expect(runs).toHaveLength(2);
    const [abRun, gate] = runs;
    const first = await bash(expressions(abRun?.run ?? ''), dir, env);
    expect(first.exitCode).toBe(0);
    const second = await bash(expressions(gate?.run ?? ''), dir, env, gate?.shell !== 'bash {0}');
    expect(second.exitCode).toBe(1);
    expect(readFileSync(path.join(dir, 'comment.md'), 'utf8').split('\n')[0]).toMatch(/regression/);
    expect(readFileSync(path.join(dir, 'gh-args'), 'utf8')).toMatch(/^pr\ncomment\n7\n--repo\nowner\/repo\n--body-file\ncomment\.md\n$/);
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toMatch(/regression/);
    expect(JSON.parse(readFileSync(path.join(dir, 'verdict.json'), 'utf8'))).toMatchObject({ schema: 'pyconc/compare@1' });
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, 'bmf.json'), 'utf8')) as object).length).toBeGreaterThan(0);
  }, 180_000);

  it('gitlab-ci.yml: the same gate as a merge-request job', async () => {
    const job = (parse(readFileSync(path.join(EXAMPLES, 'gitlab-ci.yml'), 'utf8')) as {
      performance: { before_script: string[]; script: string[]; artifacts: { paths: string[] } };
    }).performance;
    expect(job.before_script).toContain(INSTALL);
    const dir = path.join(tmp, 'gitlab');
    cpSync(path.join(AB, 'head'), path.join(dir, 'mr', 'bench'), { recursive: true });
    cpSync(path.join(AB, 'base'), path.join(dir, 'base', 'bench'), { recursive: true });
    const cwd = path.join(dir, 'mr');
    const results = [];
    const env = { PATH: `${fakeBin(dir)}:${process.env['PATH'] ?? ''}` };
    for (const line of job.script) results.push(await bash(line, cwd, env));
    expect(results.map((result) => result.exitCode)).toEqual([0, 1]);
    expect(readFileSync(path.join(cwd, 'comment.md'), 'utf8').split('\n')[0]).toMatch(/regression/);
    for (const artifact of job.artifacts.paths) expect(() => readFileSync(path.join(cwd, artifact))).not.toThrow();
  }, 180_000);
});
