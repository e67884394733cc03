#!/usr/bin/env node
// Runs the default (adaptive) measurement of cpu-pure and sleep-fanout twice in a row and reports,
// per cell, both medians, their relative difference and how many samples adaptive stopping used.
// Usage: node bench/repeatability.mjs [scenario...]
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const scenarios = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['cpu-pure', 'sleep-fanout'];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-repeat-'));

async function runOnce(label) {
  const output = path.join(tmp, `${label}.json`);
  const start = Date.now();
  const result = await execa('node', [path.join(root, 'bin', 'pyconc.js'), 'run', ...scenarios, '-o', output], { reject: false, env: { NO_COLOR: '1' } });
  if (result.exitCode !== 0) throw new Error(`run ${label} exited ${result.exitCode}: ${result.stderr.slice(-500)}`);
  return { doc: JSON.parse(readFileSync(output, 'utf8')), seconds: (Date.now() - start) / 1000 };
}

const first = await runOnce('first');
const second = await runOnce('second');
const key = (cell) => JSON.stringify(cell.key);
const secondCells = new Map(second.doc.cells.map((cell) => [key(cell), cell]));
console.log(`# repeatability: ${scenarios.join(', ')}; run 1 ${first.seconds.toFixed(0)} s, run 2 ${second.seconds.toFixed(0)} s; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('\n| scenario | params | mode | workers | median 1 (ms) | median 2 (ms) | rel. diff | samples 1 | samples 2 | stop 1 | stop 2 |');
console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---|---|');
const diffs = [];
for (const a of first.doc.cells) {
  const b = secondCells.get(key(a));
  if (a.status !== 'ok' || b?.status !== 'ok') continue;
  const m1 = a.summary.wallNs.median / 1e6;
  const m2 = b.summary.wallNs.median / 1e6;
  const diff = (m2 - m1) / m1;
  diffs.push(Math.abs(diff));
  const params = Object.entries(a.key.params).map(([k, v]) => `${k}=${v}`).join(' ');
  console.log(`| ${a.key.scenario} | ${params} | ${a.key.mode} | ${a.key.workers} | ${m1.toFixed(1)} | ${m2.toFixed(1)} | ${(diff * 100).toFixed(1)}% | ${a.samples.length} | ${b.samples.length} | ${a.stopReason} | ${b.stopReason} |`);
}
diffs.sort((x, y) => x - y);
const med = diffs.length === 0 ? NaN : diffs[diffs.length >> 1];
console.log(`\nmedian |relative difference| ${(med * 100).toFixed(1)}%, max ${(Math.max(...diffs) * 100).toFixed(1)}% over ${diffs.length} cells`);
