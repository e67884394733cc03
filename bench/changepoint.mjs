#!/usr/bin/env node
// How well `history check`'s change-point detection finds steps: builds synthetic series from real
// per-sample wall times of this machine (a results document, e.g. `pyconc run cpu-pure --runs 20`),
// half with a step of 10–30% at a random run, half flat, adds every run to a real history store and
// runs the check over it. Reports the steps found at the right run (±1), the steps missed, the false
// steps on flat series, and how many series `history check` would fail (a regression in the latest runs).
// Usage: npm run build && node bench/changepoint.mjs RESULTS.json [--series 30] [--runs 12] [--samples 10] [--seed 1] [--threshold 10%] [--spread 1]
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkHistory } from '../dist/history/check.js';
import { addRuns, loadStore } from '../dist/history/store.js';
import { parseThreshold } from '../dist/commands/history-command.js';
import { readResults } from '../dist/results/read-results.js';
import { mulberry32 } from '../dist/stats/random.js';
import { PENALTY_PER_LOG_RUN } from '../dist/history/change-point.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    series: { type: 'string', default: '30' },
    runs: { type: 'string', default: '12' },
    samples: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    threshold: { type: 'string', default: '10%' },
    // Scales each sample's distance from its cell's median: 1 keeps this machine's noise, 0.25 a quieter machine of the same shape.
    spread: { type: 'string', default: '1' },
  },
});
const source = positionals[0];
if (source === undefined) throw new Error('usage: node bench/changepoint.mjs RESULTS.json [--series 30] [--runs 12] [--samples 10] [--seed 1]');
const seriesCount = Number(values.series);
const runCount = Number(values.runs);
const sampleCount = Number(values.samples);
const threshold = parseThreshold(values.threshold);
const random = mulberry32(Number(values.seed));

// Each ok cell's samples, relative to their median: the noise shapes of this machine.
const document = readResults(source);
const pools = document.cells
  .filter((cell) => cell.status === 'ok' && cell.samples.length >= 5)
  .map((cell) => {
    const walls = cell.samples.map((sample) => sample.wallNs).sort((a, b) => a - b);
    const middle = walls[Math.floor(walls.length / 2)];
    const spread = Number(values.spread);
    return { name: `${cell.key.mode}/w${cell.key.workers}`, relative: walls.map((wall) => 1 + (wall / middle - 1) * spread) };
  });
if (pools.length === 0) throw new Error(`${source}: no ok cell with at least 5 samples`);
const cv = (xs) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) / mean;
};

// The plan: series k uses pool k mod pools, a level of 50–150 ms, and (for the first half) a step.
const plans = Array.from({ length: seriesCount }, (_, k) => {
  const stepped = k < seriesCount / 2;
  return {
    k,
    pool: pools[k % pools.length],
    level: 50e6 + 100e6 * random(),
    // A step begins at run `at` (0-based), with at least 2 runs on either side.
    at: stepped ? 2 + Math.floor(random() * (runCount - 3)) : null,
    size: stepped ? 1.1 + 0.2 * random() : 1,
  };
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'pyconc-changepoint-'));
const store = path.join(dir, 'store');
const template = document.cells.find((cell) => cell.status === 'ok');
for (let run = 0; run < runCount; run++) {
  const cells = plans.map((plan) => {
    const factor = plan.at !== null && run >= plan.at ? plan.size : 1;
    const samples = Array.from({ length: sampleCount }, () => {
      const wall = plan.level * factor * plan.pool.relative[Math.floor(random() * plan.pool.relative.length)];
      return { ...template.samples[0], wallNs: wall, workNs: wall };
    });
    const key = { scenario: 'bench', mode: 'sequential', workers: 1, params: { series: plan.k }, python: template.key.python };
    return { ...template, key, id: `s${plan.k}`, samples, summary: null };
  });
  const startedAt = new Date(Date.UTC(2026, 0, 1 + run)).toISOString();
  const file = path.join(dir, `run-${run}.json`);
  writeFileSync(file, JSON.stringify({ ...document, startedAt, finishedAt: startedAt, cells, findings: [], warnings: [] }));
  addRuns(store, [file], { commit: `r${run + 1}` });
}

const check = checkHistory(loadStore(store), threshold);
const bySeries = new Map(check.cells.map((cell) => [cell.series.key.params.series, cell]));
let foundRight = 0;
let foundElsewhere = 0;
let missed = 0;
let falseOnFlat = 0;
let flatWithFalse = 0;
let failedStepped = 0;
let failedFlat = 0;
const rows = [];
for (const plan of plans) {
  const cell = bySeries.get(plan.k);
  const steps = cell.steps.map((found) => found.step.at);
  const regressed = check.regressions.includes(cell);
  if (plan.at === null) {
    falseOnFlat += steps.length;
    if (steps.length > 0) flatWithFalse++;
    if (regressed) failedFlat++;
  } else {
    const right = steps.some((at) => Math.abs(at - plan.at) <= 1);
    if (right) foundRight++;
    else missed++;
    foundElsewhere += steps.filter((at) => Math.abs(at - plan.at) > 1).length;
    if (regressed) failedStepped++;
  }
  rows.push(`| ${plan.k + 1} | ${plan.pool.name} (CV ${(cv(plan.pool.relative) * 100).toFixed(0)}%) | ${plan.at === null ? 'flat' : `+${((plan.size - 1) * 100).toFixed(0)}% at run ${plan.at + 1}`} | ${steps.length === 0 ? '–' : cell.steps.map((found) => `${((found.step.ratio - 1) * 100).toFixed(0)}% at run ${found.step.at + 1}`).join(', ')} | ${regressed ? 'fails' : 'passes'} |`);
}
const stepped = plans.filter((plan) => plan.at !== null).length;
const flat = seriesCount - stepped;
console.log(`# change points: ${seriesCount} series of ${runCount} runs × ${sampleCount} samples resampled from ${source} (${pools.length} cells), seed ${values.seed}, threshold ${values.threshold}, penalty ${PENALTY_PER_LOG_RUN}·ln(n), spread ×${values.spread}`);
console.log('');
console.log(`- stepped series: ${foundRight}/${stepped} steps found at the right run (±1), ${missed} missed, ${foundElsewhere} extra step(s) elsewhere; \`history check\` fails ${failedStepped}/${stepped}`);
console.log(`- flat series: ${falseOnFlat} false step(s) on ${flatWithFalse}/${flat} series; \`history check\` fails ${failedFlat}/${flat}`);
console.log('');
console.log('| series | noise from | truth | steps found | history check |');
console.log('|---:|---|---|---|---|');
for (const row of rows) console.log(row);
