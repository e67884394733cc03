#!/usr/bin/env node
// The CI gate measured on this machine (bench/RESULTS.md, "The CI gate"):
//   false alarms: --runs A/A runs of a small suite (identical trees), regressions flagged over all cells;
//   power: --runs A/B runs with a 10%, 25% and 50% slowdown in one scenario (how often it is caught,
//          how often an unchanged cell is flagged);
//   the wall time of one A/B run;
//   and the A/A and 25% cases judged from two *separate* runs (`compare a.json b.json`) instead of one
//   interleaved run.
// Usage: node bench/gate.mjs [--runs 20] [--max-time 3] [--json out.json]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'pyconc.js');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(flag('--runs', '20'));
const MAX_TIME = flag('--max-time', '3');
const JSON_OUT = flag('--json', null);

const CPU_YAML = `name: gate-cpu
title: Gate CPU
kind: cpu
description: a pure-Python loop per task; the slowed scenario.
workload: gate_cpu.py
params:
  tasks: {default: 4, description: tasks, min: 1, integer: true}
  spin: {default: 60000, description: loop iterations per task, min: 1, integer: true}
modes: [sequential, threading]
workers: {default: [2]}
`;
const CPU_PY = (factor) => `WORK = ${factor}\n\n\ndef compute(i, params):\n    total = 0\n    for k in range(int(params["spin"] * WORK)):\n        total += k % 7\n    return i * i\n`;
const IO_YAML = `name: gate-io
title: Gate I/O
kind: io
description: each task sleeps; never slowed.
workload: gate_io.py
params:
  tasks: {default: 8, description: tasks, min: 1, integer: true}
  latency_ms: {default: 5, description: sleep per task, min: 0}
modes: [sequential, threading]
workers: {default: [4]}
`;
const IO_PY = `import time\n\n\ndef fetch(i, params, ctx):\n    time.sleep(params["latency_ms"] / 1000)\n    return i\n`;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-gate-bench-'));
function tree(name, factor) {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'gate-cpu.yaml'), CPU_YAML);
  writeFileSync(path.join(dir, 'gate_cpu.py'), CPU_PY(factor));
  writeFileSync(path.join(dir, 'gate-io.yaml'), IO_YAML);
  writeFileSync(path.join(dir, 'gate_io.py'), IO_PY);
  return dir;
}
const base = tree('base', 1.0);
const same = tree('same', 1.0);
const slowed = { 10: tree('slow10', 1.1), 25: tree('slow25', 1.25), 50: tree('slow50', 1.5) };

function pyconc(argv) {
  try {
    return { stdout: execFileSync('node', [BIN, ...argv], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } }), code: 0 };
  } catch (error) {
    return { stdout: String(error.stdout ?? ''), code: error.status ?? -1 };
  }
}

/** The verdict of every compared pair: [{scenario, verdict}]. */
function verdicts(files) {
  const { stdout } = pyconc(['compare', ...files, '--format', 'json']);
  return JSON.parse(stdout).pairs.map((pair) => ({ scenario: pair.scenario, verdict: pair.verdict }));
}

function abRun(head, out) {
  const started = process.hrtime.bigint();
  const { code } = pyconc(['run', '--scenarios', head, '--baseline-scenarios', base, '--max-time', MAX_TIME, '-o', out, '--no-step-summary']);
  if (code !== 0) throw new Error(`A/B run failed with exit ${code}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function separateRuns(head, outA, outB) {
  const started = process.hrtime.bigint();
  for (const [dir, out] of [[base, outA], [head, outB]]) {
    const { code } = pyconc(['run', 'gate-cpu', 'gate-io', '--scenarios', dir, '--max-time', MAX_TIME, '-o', out, '--no-step-summary']);
    if (code !== 0) throw new Error(`run failed with exit ${code}`);
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const rows = [];
function tally(label, slowScenario, results, seconds) {
  const flagged = (list, pick) => list.filter((v) => pick(v) && v.verdict === 'regression').length;
  const cells = results.flat();
  const affected = cells.filter((v) => v.scenario === slowScenario);
  const unaffected = cells.filter((v) => v.scenario !== slowScenario);
  const runsCaught = results.filter((run) => run.some((v) => v.scenario === slowScenario && v.verdict === 'regression')).length;
  const row = {
    label,
    runs: results.length,
    cellsPerRun: results[0]?.length ?? 0,
    affectedCaught: slowScenario === null ? null : `${flagged(affected, () => true)}/${affected.length}`,
    runsCaught: slowScenario === null ? null : `${runsCaught}/${results.length}`,
    falseAlarms: `${flagged(unaffected, () => true)}/${unaffected.length}`,
    inconclusive: cells.filter((v) => v.verdict === 'inconclusive').length,
    unchanged: cells.filter((v) => v.verdict === 'unchanged').length,
    medianSeconds: [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)],
  };
  rows.push(row);
  process.stderr.write(`${JSON.stringify(row)}\n`);
}

const load = () => os.loadavg()[0].toFixed(2);
const loads = [load()];
try {
  for (const [label, head, slow] of [['A/A interleaved', same, null], ['A/B 10% interleaved', slowed[10], 'gate-cpu'], ['A/B 25% interleaved', slowed[25], 'gate-cpu'], ['A/B 50% interleaved', slowed[50], 'gate-cpu']]) {
    const results = [];
    const seconds = [];
    for (let i = 0; i < RUNS; i++) {
      const out = path.join(tmp, `ab-${i}.json`);
      seconds.push(abRun(head, out));
      results.push(verdicts([out]));
    }
    tally(label, slow, results, seconds);
    loads.push(load());
  }
  for (const [label, head, slow] of [['A/A separate runs', same, null], ['A/B 25% separate runs', slowed[25], 'gate-cpu']]) {
    const results = [];
    const seconds = [];
    for (let i = 0; i < RUNS; i++) {
      const a = path.join(tmp, `a-${i}.json`);
      const b = path.join(tmp, `b-${i}.json`);
      seconds.push(separateRuns(head, a, b));
      results.push(verdicts([a, b]));
    }
    tally(label, slow, results, seconds);
    loads.push(load());
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const header = '| case | runs | cells/run | slowed cells flagged | runs that caught it | unchanged cells flagged | inconclusive | unchanged | median s/run |';
const lines = [header, '|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
for (const row of rows) {
  lines.push(`| ${row.label} | ${row.runs} | ${row.cellsPerRun} | ${row.affectedCaught ?? '–'} | ${row.runsCaught ?? '–'} | ${row.falseAlarms} | ${row.inconclusive} | ${row.unchanged} | ${row.medianSeconds.toFixed(1)} |`);
}
process.stdout.write(`${lines.join('\n')}\n\nload average (1 min) at the start and after each case: ${loads.join(', ')}\n`);
if (JSON_OUT !== null) writeFileSync(JSON_OUT, `${JSON.stringify({ runs: RUNS, maxTime: MAX_TIME, rows, loads }, null, 2)}\n`);
