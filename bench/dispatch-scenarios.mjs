#!/usr/bin/env node
// The two dispatch scenarios, data-transfer and task-granularity: how long each adds to a default
// and a quick run, and how their claims come out over repeated runs (each claim's verdict and
// value in every run), plus every cell's median speedup and work speedup, run by run.
// Usage: node bench/dispatch-scenarios.mjs [--runs 3] [--python python3] [--skip-default] [--skip-quick]
// Prints markdown (for bench/RESULTS.md) on stdout; progress on stderr.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option('--runs', '3'));
const python = option('--python', 'python3');
const scenarios = ['data-transfer', 'task-granularity'];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-dispatch-scenarios-'));

/** One `pyconc run SCENARIO` (quick or not): the command's seconds, the cells' run time, exit code, busy CPUs and document. */
async function runOnce(scenario, quick, index) {
  const output = path.join(tmp, `${scenario}-${quick ? 'quick' : 'default'}-${index}.json`);
  const extra = quick ? ['--quick'] : [];
  const start = process.hrtime.bigint();
  const result = await execa('node', [path.join(root, 'bin', 'pyconc.js'), 'run', scenario, '--python', python, ...extra, '-o', output], {
    reject: false,
    env: { NO_COLOR: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const busy = /other work took ([\d.]+) of (\d+) usable CPUs/.exec(result.stdout);
  process.stderr.write(`${scenario}${quick ? ' --quick' : ''} #${index + 1}: ${seconds.toFixed(1)} s, exit ${result.exitCode}${busy ? `, busy ${busy[1]}/${busy[2]}` : ''}\n`);
  if (!existsSync(output)) throw new Error(`pyconc run ${scenario} wrote no results (exit ${result.exitCode}): ${result.stderr.trim().split('\n').at(-1)}`);
  const doc = JSON.parse(readFileSync(output, 'utf8'));
  // From the document's start to its end: the cells alone, what the scenario adds to a catalogue run (no CLI start, no probe).
  const elapsed = (Date.parse(doc.finishedAt) - Date.parse(doc.startedAt)) / 1000;
  return { scenario, quick, seconds, elapsed, exitCode: result.exitCode, busy: busy ? Number(busy[1]) : 0, doc };
}

const fmt = (x, digits = 2) => (x === undefined || x === null || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const params = (key) => Object.entries(key.params).filter(([name]) => !['tasks', 'spin'].includes(name)).map(([k, v]) => `${k}=${v}`).join(' ');

function timing(label, results) {
  console.log(`\n### ${label}: run time per scenario (${runs} runs each)\n`);
  console.log('| scenario | cells run | samples | run time of its cells, s (each run) | whole command, s (each run) | busy CPUs (each run) | exit |');
  console.log('|---|---:|---:|---|---|---|---|');
  for (const scenario of scenarios) {
    const own = results.filter((r) => r.scenario === scenario);
    if (own.length === 0) continue;
    const doc = own[0].doc;
    const ok = doc.cells.filter((c) => c.status === 'ok');
    const samples = own.map((r) => r.doc.cells.reduce((n, c) => n + c.samples.length + c.warmups.length, 0));
    console.log(
      `| ${scenario} | ${ok.length} | ${samples.join(', ')} | ${own.map((r) => r.elapsed.toFixed(1)).join(', ')} | ${own.map((r) => r.seconds.toFixed(1)).join(', ')} | ${own.map((r) => r.busy.toFixed(2)).join(', ')} | ${[...new Set(own.map((r) => r.exitCode))].join(', ')} |`,
    );
  }
}

function findings(label, results) {
  console.log(`\n### ${label}: claims, run by run (verdict, value and 95% CI)\n`);
  console.log('| scenario | claim | verdicts | values |');
  console.log('|---|---|---|---|');
  for (const scenario of scenarios) {
    const own = results.filter((r) => r.scenario === scenario);
    const claims = [...new Set(own.flatMap((r) => r.doc.findings.map((f) => f.claim)))];
    for (const claim of claims) {
      const found = own.map((r) => r.doc.findings.find((f) => f.claim === claim));
      const verdicts = found.map((f) => (f === undefined ? 'absent' : f.notMeasured ? 'not measured' : f.verdict));
      const values = found.map((f) => (/ = ([\d.]+ \(95% CI [\d.]+–[\d.]+\))/.exec(f?.evidence ?? '')?.[1] ?? '–'));
      console.log(`| ${scenario} | ${claim} | ${verdicts.join(', ')} | ${values.join('; ')} |`);
    }
  }
}

function cells(label, results) {
  console.log(`\n### ${label}: each cell's median speedup and work speedup, run by run\n`);
  console.log('| scenario | params | mode | wall ms (each run) | speedup (each run) | work speedup (each run) |');
  console.log('|---|---|---|---|---|---|');
  for (const scenario of scenarios) {
    const own = results.filter((r) => r.scenario === scenario);
    if (own.length === 0) continue;
    for (const cell of own[0].doc.cells.filter((c) => c.status === 'ok' && c.key.mode !== 'sequential')) {
      const same = own.map((r) => r.doc.cells.find((c) => c.id === cell.id));
      const wall = same.map((c) => fmt(c?.summary?.wallNs?.median / 1e6, 0)).join(', ');
      const speedup = same.map((c) => fmt(c?.summary?.speedup?.value)).join(', ');
      const work = same.map((c) => fmt(c?.summary?.workSpeedup?.value)).join(', ');
      console.log(`| ${scenario} | ${params(cell.key)} | ${cell.key.mode} | ${wall} | ${speedup} | ${work} |`);
    }
  }
}

const interpreter = await execa(python, ['-c', 'import sys; print(sys.version.split()[0])'], { reject: false });
console.log(`## data-transfer and task-granularity: ${new Date().toISOString()}`);
console.log(`\nMachine: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} logical CPUs, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the start; Python ${interpreter.stdout.trim()} (\`${python}\`), Node ${process.version}.`);
console.log(`Command: \`node bench/dispatch-scenarios.mjs ${args.join(' ')}\`.`);
for (const quick of [true, false]) {
  if (args.includes(quick ? '--skip-quick' : '--skip-default')) continue;
  const results = [];
  // Scenario by scenario, run after run, alternating: the machine's drift falls on both alike.
  for (let index = 0; index < runs; index++) for (const scenario of scenarios) results.push(await runOnce(scenario, quick, index));
  const label = quick ? '`pyconc run --quick`' : '`pyconc run` (default)';
  timing(label, results);
  findings(label, results);
  cells(label, results);
}
rmSync(tmp, { recursive: true, force: true });
