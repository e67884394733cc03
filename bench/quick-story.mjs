#!/usr/bin/env node
// Do quick runs still tell the story? Runs `pyconc run --quick` of the whole catalogue N times in a
// row and reports, per run, its wall time and whether cpu-pure's multiprocessing cell has a speedup
// interval wholly above 1 (the lesson a quick run must not lose on a multi-core machine), then the
// counts against the goals: the interval above 1 in at least 9 runs of 10, each run ≤ 45 s (goal 30 s).
// Usage: npm run build && node bench/quick-story.mjs [--runs 10] [--python python3] [--pyconc-args "…"] [--keep DIR]
// (--keep DIR keeps each run's results document there, quick-N.json, for `pyconc report`.)
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const runs = Number(flag('--runs', '10'));
const python = flag('--python', 'python3');
const extra = flag('--pyconc-args', '').split(/\s+/).filter(Boolean);
const limitS = 45;
const goalS = 30;
const keep = flag('--keep', undefined);
if (keep) mkdirSync(keep, { recursive: true });
const tmp = keep ?? mkdtempSync(path.join(os.tmpdir(), 'pyconc-quick-story-'));

const started = new Date();
const loadBefore = os.loadavg();
const rows = [];
for (let run = 1; run <= runs; run++) {
  const output = path.join(tmp, `quick-${run}.json`);
  const start = process.hrtime.bigint();
  const result = await execa('node', [path.join(root, 'bin', 'pyconc.js'), 'run', '--quick', '--python', python, '-o', output, ...extra], {
    reject: false,
    env: { NO_COLOR: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let cells = [];
  try {
    cells = JSON.parse(readFileSync(output, 'utf8')).cells;
  } catch {
    // no document: the row says so below
  }
  const cell = cells.find((c) => c.key.scenario === 'cpu-pure' && c.key.mode === 'multiprocessing');
  const speedup = cell?.summary?.speedup ?? null;
  const ok = cells.filter((c) => c.status === 'ok').length;
  const bad = cells.filter((c) => c.status === 'failed' || c.status === 'timeout').length;
  rows.push({ run, seconds, exit: result.exitCode, speedup, above: speedup !== null && speedup.ciLow > 1, ok, bad, samples: cell?.samples.length ?? 0 });
  console.error(`  run ${run}/${runs}: ${seconds.toFixed(1)} s, exit ${result.exitCode}, cpu-pure multiprocessing ${speedup ? speedup.value.toFixed(2) : '–'}`);
}
if (!keep) rmSync(tmp, { recursive: true, force: true });

const fmt = (s) => (s ? `${s.value.toFixed(2)}× (${s.ciLow.toFixed(2)}–${s.ciHigh.toFixed(2)})` : '–');
const sorted = rows.map((r) => r.seconds).sort((a, b) => a - b);
const medianS = sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
const above = rows.filter((r) => r.above).length;
console.log(`# Quick runs: does cpu-pure's multiprocessing speedup stay above 1?`);
console.log(`\n${started.toISOString()}, ${os.cpus()[0]?.model ?? '?'} ×${os.cpus().length}, load ${loadBefore.map((x) => x.toFixed(2)).join(' ')} → ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; \`pyconc run --quick --python ${python}${extra.length ? ` ${extra.join(' ')}` : ''}\``);
console.log(`\n| run | wall s | exit | cells ok | failed or timed out | cpu-pure multiprocessing speedup (95% CI) | samples | CI above 1 |`);
console.log('|---:|---:|---:|---:|---:|---|---:|---|');
for (const r of rows) {
  console.log(`| ${r.run} | ${r.seconds.toFixed(1)} | ${r.exit} | ${r.ok} | ${r.bad} | ${fmt(r.speedup)} | ${r.samples} | ${r.above ? 'yes' : '**no**'} |`);
}
const need = Math.ceil(0.9 * runs);
console.log(`\n- speedup interval above 1: ${above} of ${runs} runs (goal: at least ${need}): ${above >= need ? 'met' : 'missed'}`);
console.log(`- wall time: median ${medianS.toFixed(1)} s, max ${sorted.at(-1)?.toFixed(1)} s; runs ≤ ${limitS} s: ${rows.filter((r) => r.seconds <= limitS).length} of ${runs}, ≤ ${goalS} s (goal): ${rows.filter((r) => r.seconds <= goalS).length} of ${runs}`);
