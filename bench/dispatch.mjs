#!/usr/bin/env node
// How much the pool modes cost per task: 1000 trivial tasks (i * i) on 2 workers, chunks of 10.
// pyconc's threading and multiprocessing cells (bench/fixtures/dispatch/trivial-squares.yaml) side
// by side with the stdlib's ThreadPool and Pool imap(..., chunksize=10), pool start included,
// consumed fully (bench/fixtures/dispatch/dispatch_reference.py, a python3 process of its own per
// sample, timing itself with perf_counter_ns), interleaved round by round. Like with like: pyconc's
// setup + work (its wall inside the harness, shutdown left out) against the reference's pool start
// + imap. Then threading's dispatch cost per task: a many-trivial-tasks run at chunksize 1 and auto.
// Usage: node bench/dispatch.mjs [--rounds 5] [--runs 4] [--python python3] [--tasks 1000] [--many 20000]
//   [--pyconc DIR]: run another built checkout's pyconc (one without --chunksize: a before/after figure).
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const fixtures = path.join(root, 'bench', 'fixtures', 'dispatch');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const python = option('--python', 'python3');
const rounds = Number(option('--rounds', '5'));
const runs = Number(option('--runs', '4'));
const tasks = Number(option('--tasks', '1000'));
const many = Number(option('--many', '20000'));
const other = option('--pyconc', null);
const pyconcBin = path.join(other === null ? root : path.resolve(other), 'bin', 'pyconc.js');
const chunkFlag = (value) => (other === null ? ['--chunksize', value] : []);
const WORKERS = 2;
const CHUNK = 10;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-dispatch-'));
let counter = 0;

/** One `pyconc run` of the fixture scenario; returns its cells by mode. */
async function pyconc(extra) {
  counter += 1;
  const output = path.join(tmp, `run-${counter}.json`);
  const argv = [pyconcBin, 'run', 'trivial-squares', '--scenarios', fixtures, '--python', python,
    '--workers', String(WORKERS), '--warmup', '1', '--runs', String(runs), '--format', 'json', '-o', output, ...extra];
  const result = await execa('node', argv, { reject: false, env: { NO_COLOR: '1' } });
  if (result.exitCode !== 0) throw new Error(`pyconc run exited ${result.exitCode}: ${result.stderr.slice(-500)}`);
  const doc = JSON.parse(readFileSync(output, 'utf8'));
  return Object.fromEntries(doc.cells.map((cell) => [cell.key.mode, cell]));
}

async function reference(kind) {
  const result = await execa(python, [path.join(fixtures, 'dispatch_reference.py'), kind, String(tasks), String(WORKERS), String(CHUNK)]);
  return JSON.parse(result.stdout);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (ns) => (ns / 1e6).toFixed(2);

const figures = { threading: [], multiprocessing: [], thread: [], process: [], threadingWall: [], multiprocessingWall: [] };
for (let round = 0; round < rounds; round += 1) {
  // Alternate who goes first, so drift in the machine's load hits both sides alike.
  const steps = [
    async () => {
      const cells = await pyconc(['--modes', 'threading,multiprocessing', ...chunkFlag(String(CHUNK)), '--param', `tasks=${tasks}`]);
      for (const mode of ['threading', 'multiprocessing']) {
        const cell = cells[mode];
        if (cell?.status !== 'ok') throw new Error(`${mode}: ${cell?.status} ${cell?.reason}`);
        if (other === null && cell.chunksize !== CHUNK) throw new Error(`${mode} used chunksize ${cell.chunksize}, not ${CHUNK}`);
        figures[mode].push(...cell.samples.map((s) => s.setupNs + s.workNs));
        figures[`${mode}Wall`].push(...cell.samples.map((s) => s.wallNs));
      }
    },
    async () => {
      for (let k = 0; k < runs; k += 1) {
        figures.thread.push((await reference('thread')).startImapNs);
        figures.process.push((await reference('process')).startImapNs);
      }
    },
  ];
  for (const step of round % 2 === 0 ? steps : steps.reverse()) await step();
}

console.log(`## bench/dispatch.mjs${other === null ? '' : ` (pyconc from ${other}: its own dispatch)`}: ${tasks} trivial tasks, ${WORKERS} workers, chunks of ${CHUNK} (${rounds} rounds x ${runs} samples each side, ${python})\n`);
console.log('| pyconc cell | pyconc setup+work, median ms | (wall, with shutdown) | stdlib reference | pool start + imap, median ms | ratio pyconc / reference |');
console.log('|---|---:|---:|---|---:|---:|');
for (const [mode, kind, name] of [['threading', 'thread', 'ThreadPool'], ['multiprocessing', 'process', 'Pool']]) {
  const ours = median(figures[mode]);
  const theirs = median(figures[kind]);
  console.log(`| ${mode} | ${ms(ours)} | ${ms(median(figures[`${mode}Wall`]))} | ${name}.imap(chunksize=${CHUNK}) | ${ms(theirs)} | ${(ours / theirs).toFixed(2)}x |`);
}
console.log('\n(issue goal: within 2x, target 1.2x)\n');

// Dispatch cost per task in the threading mode: work time / tasks, chunks of 1 against auto.
const perTask = {};
for (const [label, extra] of [['1', chunkFlag('1')], ['auto', []]]) {
  const cells = await pyconc(['--modes', 'threading', '--param', `tasks=${many}`, ...extra]);
  perTask[label] = { threading: median(cells.threading.samples.map((s) => s.workNs)) / many, chunksize: cells.threading.chunksize };
  perTask.sequential = median(cells.sequential.samples.map((s) => s.workNs)) / many;
}
console.log(`| ${many} trivial tasks, ${WORKERS} workers | work ns per task (median) |\n|---|---:|`);
console.log(`| sequential (the task and its timing alone) | ${perTask.sequential.toFixed(0)} |`);
for (const label of ['1', 'auto']) console.log(`| threading, chunksize ${label} (${perTask[label].chunksize ?? '–'}) | ${perTask[label].threading.toFixed(0)} |`);
console.log(`\nthreading's dispatch cost: ~${(perTask['1'].threading - perTask.sequential).toFixed(0)} ns per task handed over alone, ~${(perTask.auto.threading - perTask.sequential).toFixed(0)} ns per task in auto chunks (over sequential's)`);
