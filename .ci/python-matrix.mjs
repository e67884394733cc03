#!/usr/bin/env node
// The Python side of `npm test` across interpreters: the oldest CPython found (3.9 where there is
// one), the default `python3`, and the 3.14 and 3.15 that .ci/provide-pythons.sh provides. On each,
// the harness's unit tests (python/tests/run_suite.py) under a time limit that names the test it
// stopped in, then a quick end-to-end run of two scenarios through the built CLI. Ends with one
// line: version → passed/failed/skipped and seconds of each suite, and the end-to-end verdict.
// Exit 1 when anything failed, timed out, or an interpreter found was refused by pyconc's probe.
//
// What runs where (to keep `npm test` within about 8 minutes on a 2-core machine): the harness's
// own tests (group `core`: modes, toolkit, probe, private details) on every interpreter, since
// they are what a new CPython breaks; the catalogue workloads' tests (group `workloads`) once, on
// the default python3; the end-to-end run (cpu-pure and sleep-fanout, --quick, one run per cell)
// on every interpreter.
//   node .ci/python-matrix.mjs [--groups all] [--no-e2e] [--limit SECONDS]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
if (!existsSync(path.join(DIST, 'index.js'))) {
  process.stderr.write('python-matrix: dist/ is missing: run npm run build first\n');
  process.exit(2);
}
const { discoverPythons } = await import(path.join(DIST, 'env', 'discover-pythons.js'));
const { resolveInterpreter, HarnessUnusableError } = await import(path.join(DIST, 'python', 'interpreter.js'));

const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const EVERY_GROUP = flag('--groups') === 'all';
const E2E = !args.includes('--no-e2e');
/** Seconds a suite may take here before it is stopped and named (about three times a loaded run); --limit S for all. */
const LIMIT_S = flag('--limit') === undefined ? { core: 360, workloads: 360, all: 600 } : { core: Number(flag('--limit')), workloads: Number(flag('--limit')), all: Number(flag('--limit')) };
const E2E_LIMIT_S = 300;
const E2E_SCENARIOS = ['cpu-pure', 'sleep-fanout'];

/** Each role and the test groups its interpreter runs. */
const ROLES = [
  { role: 'oldest', groups: ['core'] },
  { role: 'default', groups: ['core', 'workloads'] },
  { role: '3.14', groups: ['core'] },
  { role: '3.15', groups: ['core'] },
];

async function probe(command) {
  try {
    return { python: await resolveInterpreter(command) };
  } catch (error) {
    if (error instanceof HarnessUnusableError) return { refused: error.message };
    return { missing: error instanceof Error ? error.message : String(error) };
  }
}

/** The interpreter of each role: { role, python } | { role, refused } | { role, missing }. */
async function interpreters() {
  const discovered = await discoverPythons();
  const byMinor = (minor) => discovered.filter((p) => p.minorHint === minor && !/t$/.test(path.basename(p.path)));
  const first = async (candidates) => {
    let last = { missing: 'none found' };
    for (const candidate of candidates) {
      last = await probe(candidate.path);
      if (last.python !== undefined && !last.python.freeThreadedBuild) return last;
    }
    return last;
  };
  const chosen = [];
  const minors = [...new Set(discovered.map((p) => p.minorHint).filter((m) => m !== null && m >= 9))].sort((a, b) => a - b);
  for (const { role, groups } of ROLES) {
    let found;
    if (role === 'default') found = await probe('python3');
    else if (role === 'oldest') found = minors.length === 0 ? { missing: 'none found' } : await first(byMinor(minors[0]));
    else {
      // The provided one first (.pyconc-pythons/3.N), then any other found.
      const candidates = byMinor(Number(role.split('.')[1])).sort((a, b) => Number(b.path.includes('.pyconc-pythons')) - Number(a.path.includes('.pyconc-pythons')));
      found = await first(candidates);
    }
    chosen.push({ role, groups: EVERY_GROUP ? ['all'] : groups, ...found });
  }
  // One interpreter, one row: the default may be the oldest, or the provided 3.15 may be python3.
  const seen = new Map();
  const rows = [];
  for (const row of chosen) {
    const key = row.python?.executable;
    if (key !== undefined && seen.has(key)) {
      const earlier = seen.get(key);
      earlier.role = `${earlier.role}, ${row.role}`;
      earlier.groups = [...new Set([...earlier.groups, ...row.groups])];
      continue;
    }
    if (key !== undefined) seen.set(key, row);
    rows.push(row);
  }
  return rows;
}

/** Runs `command` in its own process group; kills the group after `limitS`. */
function run(command, argv, limitS, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, limitS * 1000);
    const started = Date.now();
    child.on('close', async (code) => {
      clearTimeout(timer);
      // What a stopped suite left behind (its group is its own) is killed, after a moment in which
      // multiprocessing's resource tracker, which outlives its parent, removes the semaphores left.
      if (groupAlive(child.pid)) {
        await new Promise((done) => setTimeout(done, 3000));
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      resolve({ code, output, timedOut, seconds: (Date.now() - started) / 1000 });
    });
  });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function lastLine(file) {
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  return lines.at(-1) || null;
}

async function suite(python, group, tmp) {
  const tag = `${python.version}-${group}`;
  const progress = path.join(tmp, `${tag}.progress`);
  const summaryFile = path.join(tmp, `${tag}.json`);
  const limit = LIMIT_S[group];
  // faulthandler stops the suite first (with every thread's stack); the kill is the backstop.
  const result = await run(python.executable, ['python/tests/run_suite.py', '--group', group, '--progress', progress, '--summary', summaryFile, '--limit', String(limit)], limit + 30);
  const summary = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : null;
  const stoppedIn = summary === null ? lastLine(progress) : null;
  const ok = result.code === 0 && summary !== null;
  const counts = summary === null
    ? 'stopped'
    : `${summary.run - summary.failures - summary.errors - summary.skipped}/${summary.failures + summary.errors}/${summary.skipped}`;
  let line = `${group} ${counts} ${Math.round(summary?.seconds ?? result.seconds)}s`;
  const limitReached = result.timedOut || /Timeout \(\d+:\d\d:\d\d\)!/.test(result.output);
  if (summary === null) line += limitReached ? ` (time limit ${limit}s reached in ${stoppedIn ?? 'start-up'})` : ` (exit ${result.code}${stoppedIn ? ` in ${stoppedIn}` : ''})`;
  if (!ok) process.stdout.write(`\n--- python ${python.version} ${group}: output ---\n${result.output.split('\n').slice(-150).join('\n')}\n`);
  return { ok, line };
}

async function endToEnd(python, tmp) {
  const output = path.join(tmp, `${python.version}-e2e.json`);
  const argv = [path.join(ROOT, 'bin', 'pyconc.js'), 'run', ...E2E_SCENARIOS, '--quick', '--runs', '1', '--python', python.executable, '-o', output];
  const result = await run(process.execPath, argv, E2E_LIMIT_S, { env: { NO_COLOR: '1' } });
  let bad = [];
  if (existsSync(output)) {
    const document = JSON.parse(readFileSync(output, 'utf8'));
    bad = document.cells.filter((cell) => cell.status !== 'ok' && cell.status !== 'unsupported').map((cell) => `${cell.key.scenario}/${cell.key.mode}: ${cell.status} ${cell.reason ?? ''}`);
  }
  const ok = result.code === 0 && bad.length === 0 && existsSync(output);
  if (!ok) process.stdout.write(`\n--- python ${python.version} e2e ${E2E_SCENARIOS.join(' ')}: ${result.timedOut ? `time limit ${E2E_LIMIT_S}s reached` : `exit ${result.code}`} ---\n${bad.join('\n')}\n${result.output.split('\n').slice(-40).join('\n')}\n`);
  return { ok, line: `e2e ${ok ? 'ok' : 'FAILED'} ${Math.round(result.seconds)}s` };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-matrix-'));
const started = Date.now();
let failed = false;
const cells = [];
try {
  for (const row of await interpreters()) {
    if (row.python === undefined) {
      const refused = row.refused !== undefined;
      failed ||= refused;
      cells.push(`${row.role}: ${refused ? `REFUSED (${row.refused})` : 'not found'}`);
      process.stdout.write(`python ${row.role}: ${refused ? row.refused : `not found (${row.missing}${row.role.startsWith('3.1') ? '; .ci/provide-pythons.sh provides it' : ''})`}\n`);
      continue;
    }
    const parts = [];
    for (const group of row.groups) {
      const result = await suite(row.python, group, tmp);
      failed ||= !result.ok;
      parts.push(result.line);
      process.stdout.write(`python ${row.python.version} (${row.role}): ${result.line}\n`);
    }
    if (E2E) {
      const result = await endToEnd(row.python, tmp);
      failed ||= !result.ok;
      parts.push(result.line);
      process.stdout.write(`python ${row.python.version} (${row.role}): ${result.line}\n`);
    }
    cells.push(`${row.python.version} ${parts.join(', ')}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.stdout.write(`python matrix (passed/failed/skipped): ${cells.join(' · ')} · ${Math.round((Date.now() - started) / 1000)}s ${failed ? 'FAILED' : 'ok'}\n`);
process.exit(failed ? 1 : 0);
