import { execa } from 'execa';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT } from '../helpers/cli.js';

// The CI examples of docs/ci.md are real files; here their pyconc commands run locally, against two
// tiny scenario trees whose head computes something else (every cell fails: deterministic, where a
// regression may read inconclusive on a loaded machine; tests/e2e/gate.test.ts has the regression).
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

async function bash(script: string, cwd: string, env: Record<string, string>, flags: readonly string[] = ['-e']) {
  return execa('bash', [...flags, '-c', script], { cwd, env: { NO_COLOR: '1', ...env }, reject: false, stdin: 'ignore' });
}

/** A checkout of a fixture tree: its files only (a cache an older pyconc left there is no part of a checkout). */
function checkout(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (source) => path.basename(source) !== '__pycache__' });
}

/** A copy of the head tree whose workload computes something else: its cells fail on their checksum. */
function brokenHead(to: string): void {
  checkout(path.join(AB, 'head'), to);
  const workload = path.join(to, 'ab_demo.py');
  writeFileSync(workload, readFileSync(workload, 'utf8').replace('return i * i', 'return i * i + 1'));
}

interface Step {
  id?: string;
  run?: string;
  shell?: string;
  uses?: string;
  env?: Record<string, string>;
}

/** GitHub's `${{ … }}` expressions, as far as the example uses them: the PR number, a step's outputs with a fallback, the rest a stand-in. */
function expressions(text: string, outputs: Readonly<Record<string, Record<string, string>>>): string {
  return text
    .replace(/\$\{\{\s*github\.event\.pull_request\.number\s*\}\}/g, '7')
    .replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\|\|\s*(\S+)\s*\}\}/g, (_, step: string, name: string, fallback: string) => outputs[step]?.[name] ?? fallback)
    .replace(/\$\{\{[^}]*\}\}/g, 'owner/repo');
}

/** Runs a workflow step as the runner would: its shell, its env (expressions evaluated) and $GITHUB_OUTPUT; records the step's outputs. */
async function runStep(step: Step, dir: string, env: Record<string, string>, outputs: Record<string, Record<string, string>>) {
  const outputFile = path.join(dir, `output-${step.id ?? 'step'}`);
  writeFileSync(outputFile, '');
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expressions(value, outputs)]));
  // GitHub runs `run:` with `bash -e {0}` unless the step names another shell (`bash {0}`: without -e).
  const result = await bash(expressions(step.run ?? '', outputs), dir, { ...env, ...stepEnv, GITHUB_OUTPUT: outputFile }, step.shell === 'bash {0}' ? [] : ['-e']);
  if (step.id !== undefined) {
    outputs[step.id] = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter((line) => line.includes('=')).map((line) => line.split('=', 2) as [string, string]));
  }
  return result;
}

describe('docs/examples', () => {
  // Issue 21, item 2: `run` exited 1 on the failed cells, so the compare and comment steps never ran and
  // the pull request got no explanation.
  it('github-actions.yml: a head whose benchmark computes something else gets the verdict commented, then the job fails', async () => {
    const workflow = parse(readFileSync(path.join(EXAMPLES, 'github-actions.yml'), 'utf8')) as { jobs: { gate: { steps: Step[] } } };
    const steps = workflow.jobs.gate.steps;
    expect(steps.filter((step) => step.uses?.startsWith('actions/checkout') === true)).toHaveLength(2);
    expect(steps.map((step) => step.run)).toContain(INSTALL);
    const dir = path.join(tmp, 'github');
    brokenHead(path.join(dir, 'head', 'bench'));
    checkout(path.join(AB, 'base'), path.join(dir, 'base', 'bench'));
    const env = { PATH: `${fakeBin(dir)}:${process.env['PATH'] ?? ''}`, GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md') };
    const runs = steps.filter((step) => step.run?.includes('pyconc ') === true && step.run !== INSTALL);
    expect(runs).toHaveLength(2);
    const outputs: Record<string, Record<string, string>> = {};
    const exitCodes = [];
    for (const step of runs) exitCodes.push((await runStep(step, dir, env, outputs)).exitCode);
    // The A/B step itself passes (its exit code kept for the end); the last step comments, then fails.
    expect(exitCodes).toEqual([0, 1]);
    const comment = readFileSync(path.join(dir, 'comment.md'), 'utf8');
    expect(comment.split('\n')[0]).toMatch(/^pyconc compare: 2 failed /);
    expect(comment).toMatch(/checksum \w+ differs from the baseline tree's/);
    expect(readFileSync(path.join(dir, 'gh-args'), 'utf8')).toMatch(/^pr\ncomment\n7\n--repo\nowner\/repo\n--body-file\ncomment\.md\n$/);
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toMatch(/2 failed/);
    expect(JSON.parse(readFileSync(path.join(dir, 'verdict.json'), 'utf8'))).toMatchObject({ schema: 'pyconc/compare@1', summary: { exitCode: 1 } });
    // The checkouts stay clean: no bytecode cache written into the scenario folders (issue 21, item 14).
    for (const tree of ['head', 'base']) expect(readdirSync(path.join(dir, tree, 'bench'))).toEqual(['ab-demo.yaml', 'ab_demo.py']);
    // Bencher gets the candidate's cells only (issue 21, item 6), and every one of them failed here.
    expect(JSON.parse(readFileSync(path.join(dir, 'bmf.json'), 'utf8'))).toEqual({});
  }, 180_000);

  it('gitlab-ci.yml: the same gate as a merge-request job: the verdict shown, then the job fails', async () => {
    const job = (parse(readFileSync(path.join(EXAMPLES, 'gitlab-ci.yml'), 'utf8')) as {
      performance: { before_script: string[]; script: string[]; artifacts: { paths: string[] } };
    }).performance;
    expect(job.before_script).toContain(INSTALL);
    const dir = path.join(tmp, 'gitlab');
    brokenHead(path.join(dir, 'mr', 'bench'));
    checkout(path.join(AB, 'base'), path.join(dir, 'base', 'bench'));
    const cwd = path.join(dir, 'mr');
    // GitLab runs a job's script lines in one bash, with errexit and pipefail.
    const result = await bash(job.script.join('\n'), cwd, { PATH: `${fakeBin(dir)}:${process.env['PATH'] ?? ''}` }, ['-e', '-o', 'pipefail']);
    expect(String(result.stderr)).not.toMatch(/command not found|syntax error/);
    // The failed cells made `run` exit 1 and `compare` exit 1; the verdict still reached the log first.
    expect(String(result.stdout)).toMatch(/^pyconc compare: 2 failed /m);
    expect(result.exitCode).toBe(1);
    expect(readFileSync(path.join(cwd, 'comment.md'), 'utf8').split('\n')[0]).toMatch(/^pyconc compare: 2 failed /);
    for (const artifact of job.artifacts.paths) expect(() => readFileSync(path.join(cwd, artifact))).not.toThrow();
  }, 180_000);
});
