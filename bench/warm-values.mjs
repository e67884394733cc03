#!/usr/bin/env node
// What K values per process buy: the same cells (bench/fixtures/warm/small-kernel.yaml: sequential,
// threading w=2, multiprocessing w=2) run with the adaptive stop rule at --values-per-process 1, 3
// and 5, on a small kernel (~5 ms sequential: start-up dominates a sample) and a large one
// (~150 ms), configurations interleaved round by round. Per configuration: how many processes the
// cells took and how long the run took to reach the precision target, on which statistic (the cold
// wall with K = 1, the warm work time with K > 1), and what the warm values look like (ICC: the
// share of their variance between processes; design effect K / (1 + (K − 1)·ICC): how many
// independent values K values of one process are worth).
// Usage: node bench/warm-values.mjs [--rounds 2] [--python python3] [--precision 3] [--max-time 3]
//   [--ks 1,3,5] [--spans 5000,150000]
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const fixtures = path.join(root, 'bench', 'fixtures', 'warm');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const python = option('--python', 'python3');
const rounds = Number(option('--rounds', '2'));
const precision = option('--precision', '3');
const maxTime = option('--max-time', '3');
const ks = option('--ks', '1,3,5').split(',').map(Number);
const spans = option('--spans', '5000,150000').split(',').map(Number);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-warm-'));
let counter = 0;

/** One adaptive `pyconc run` of the fixture; returns its document and the tool's wall seconds. */
async function pyconc(span, k) {
  counter += 1;
  const output = path.join(tmp, `run-${counter}.json`);
  const argv = [path.join(root, 'bin', 'pyconc.js'), 'run', 'small-kernel', '--scenarios', fixtures, '--python', python,
    '--param', `span=${span}`, '--precision', precision, '--max-time', maxTime, '--min-runs', '5', '--max-runs', '30',
    '--values-per-process', String(k), '--format', 'json', '-o', output];
  const started = process.hrtime.bigint();
  const result = await execa('node', argv, { reject: false, env: { NO_COLOR: '1' } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.exitCode !== 0) throw new Error(`pyconc run exited ${result.exitCode}: ${result.stderr.slice(-500)}`);
  return { doc: JSON.parse(readFileSync(output, 'utf8')), seconds };
}

function median(values) {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The half-width (relative, larger side) of the interval the stop rule judged. */
function judgedHalfWidth(cell) {
  const stats = cell.stopStatistic === 'warm-work' ? cell.summary?.warmWorkNs : cell.summary?.wallNs;
  if (stats === undefined) return Number.NaN;
  return Math.max(stats.median - stats.ciLow, stats.ciHigh - stats.median) / stats.median;
}

const results = new Map(); // `${span}:${k}` → [{ doc, seconds }]
for (let round = 0; round < rounds; round += 1) {
  // Alternate the order each round, so drift does not favour one configuration.
  const configs = spans.flatMap((span) => ks.map((k) => [span, k]));
  for (const [span, k] of round % 2 === 0 ? configs : configs.reverse()) {
    const run = await pyconc(span, k);
    const key = `${span}:${k}`;
    results.set(key, [...(results.get(key) ?? []), run]);
    process.stderr.write(`round ${round + 1}: span=${span} K=${k}: ${run.seconds.toFixed(1)} s\n`);
  }
}

const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const ms = (ns) => fmt(ns / 1e6, ns < 1e7 ? 2 : 1);
console.log(`\n### Warm values per process (${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} CPUs)\n`);
console.log(`\`node bench/warm-values.mjs --rounds ${rounds} --precision ${precision} --max-time ${maxTime} --ks ${ks.join(',')} --spans ${spans.join(',')}\`, `
  + `${python}; medians over ${rounds} run(s) per row and the run's 3 cells (sequential, threading w=2, multiprocessing w=2).\n`);
console.log('| kernel | K | stop statistic | processes per cell | cells at ±target | run s | judged ±% | cold wall ms | warm work ms | ICC | design effect |');
console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const span of spans) {
  for (const k of ks) {
    const runs = results.get(`${span}:${k}`) ?? [];
    const cells = runs.flatMap((run) => run.doc.cells.filter((cell) => cell.status === 'ok'));
    const statistic = [...new Set(cells.map((cell) => cell.stopStatistic ?? 'wall'))].join(', ');
    const atPrecision = cells.filter((cell) => cell.stopReason === 'precision').length;
    const icc = median(cells.map((cell) => cell.summary?.warmWorkNs?.icc ?? Number.NaN));
    const design = k > 1 && Number.isFinite(icc) ? k / (1 + (k - 1) * icc) : Number.NaN;
    console.log(`| span=${span} | ${k} | ${statistic} | ${fmt(median(cells.map((cell) => cell.samples.length)), 0)} | ${atPrecision}/${cells.length} `
      + `| ${fmt(median(runs.map((run) => run.seconds)))} | ${fmt(100 * median(cells.map(judgedHalfWidth)))} `
      + `| ${ms(median(cells.map((cell) => cell.summary?.wallNs.median)))} | ${ms(median(cells.map((cell) => cell.summary?.warmWorkNs?.median ?? Number.NaN)))} `
      + `| ${fmt(icc, 2)} | ${fmt(design, 2)} |`);
  }
}
console.log('\nPer mode, K > 1 (medians over runs): cold wall, warm work, their ratio (what start-up and a first run cost), ICC.\n');
console.log('| kernel | K | mode | cold wall ms | warm work ms | cold / warm | ICC | processes |');
console.log('|---|---:|---|---:|---:|---:|---:|---:|');
for (const span of spans) {
  for (const k of ks.filter((value) => value > 1)) {
    const runs = results.get(`${span}:${k}`) ?? [];
    for (const mode of ['sequential', 'threading', 'multiprocessing']) {
      const cells = runs.flatMap((run) => run.doc.cells.filter((cell) => cell.status === 'ok' && cell.key.mode === mode));
      const cold = median(cells.map((cell) => cell.summary?.wallNs.median));
      const warm = median(cells.map((cell) => cell.summary?.warmWorkNs?.median ?? Number.NaN));
      console.log(`| span=${span} | ${k} | ${mode} | ${ms(cold)} | ${ms(warm)} | ${fmt(cold / warm, 2)} | ${fmt(median(cells.map((cell) => cell.summary?.warmWorkNs?.icc ?? Number.NaN)), 2)} `
        + `| ${fmt(median(cells.map((cell) => cell.samples.length)), 0)} |`);
    }
  }
}
