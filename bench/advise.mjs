#!/usr/bin/env node
// `pyconc advise` on each fixture function (python/tests/fixtures/advise/), several times, with the
// default budget: how long each run took (goal: at most 60 s, median ≤ 40 s), what it recommended
// each time (goal: the same model in every run where the best beats the runner-up by more than 20%,
// and "tied" rather than a coin flip where it does not), and the probe's classification.
// Rounds are interleaved (each round runs every fixture once), so drift hits every fixture alike.
// Usage: npm run build && node bench/advise.mjs [--runs 5] [--budget 60] [--python python3]
//        [--fixtures waits,pure,…] [--keep DIR]   (--keep keeps each advice document, FIXTURE-N.json)
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const fixturesDir = path.join(root, 'python', 'tests', 'fixtures', 'advise');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};

/** Each fixture: its target and flags (none but twins' --sync: the probe chooses the task count, as a user's first try would). */
const FIXTURES = {
  waits: ['adv_waits.py:wait'],
  pure: ['adv_pure.py:spin'],
  releases: ['adv_releases.py:digest'],
  large: ['adv_large.py:blob'],
  tiny: ['adv_tiny.py:square'],
  twins: ['adv_twins.py:fetch', '--sync', 'fetch_sync'],
  clock: ['adv_clock.py:stamp'],
  lambda: ['adv_lambda.py:spin'],
};
const runs = Number(flag('--runs', '5'));
const budget = flag('--budget', '60');
const python = flag('--python', 'python3');
const names = flag('--fixtures', Object.keys(FIXTURES).join(',')).split(',').filter((name) => name in FIXTURES);
const keep = flag('--keep', undefined);
if (keep) mkdirSync(keep, { recursive: true });
const tmp = keep ?? mkdtempSync(path.join(os.tmpdir(), 'pyconc-bench-advise-'));

/** What a run said, in a few words: `threading w=16`, `do not parallelise`, `under load`. */
function answer(advice) {
  const pick = advice.recommendation;
  if (advice.verdict === 'do-not-parallelise') return 'do not parallelise';
  if (pick === null) return advice.verdict.replace(/-/g, ' ');
  return `${pick.mode}${pick.mode === 'sequential' ? '' : ` w=${pick.workers}`}`;
}

/** The recommendation's speedup over the best other model's (its runner-up), and whether the judgement called that one tied. */
function gap(advice) {
  const pick = advice.recommendation;
  if (pick === null || pick.speedup === null) return null;
  const others = advice.alternatives.filter((one) => one.mode !== pick.mode && one.mode !== 'sequential' && one.speedup !== null);
  const runnerUp = others.sort((a, b) => b.speedup.value - a.speedup.value)[0];
  if (runnerUp === undefined) return null;
  return { ratio: pick.speedup.value / runnerUp.speedup.value, tied: runnerUp.verdict === 'tied', name: `${runnerUp.mode} w=${runnerUp.workers}` };
}

const started = new Date();
const loadBefore = os.loadavg();
const results = new Map(names.map((name) => [name, []]));
for (let run = 1; run <= runs; run++) {
  for (const name of names) {
    const output = path.join(tmp, `${name}-${run}.json`);
    const start = process.hrtime.bigint();
    const result = await execa('node', [path.join(root, 'bin', 'pyconc.js'), 'advise', ...FIXTURES[name], '--budget', budget, '--python', python, '-o', output], {
      cwd: fixturesDir,
      reject: false,
      env: { NO_COLOR: '1' },
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    let advice = null;
    try {
      advice = JSON.parse(readFileSync(output, 'utf8'));
    } catch {
      // No document: the run failed; its exit code and last line say why.
    }
    const row = { run, seconds, exitCode: result.exitCode, advice, error: advice === null ? result.stderr.trim().split('\n').at(-1) : null };
    results.get(name).push(row);
    console.error(`[${run}/${runs}] ${name}: ${seconds.toFixed(1)} s, exit ${result.exitCode}, ${advice === null ? row.error : `${advice.probe.classification} → ${answer(advice)}`}`);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[(sorted.length - 1) >> 1];
};
console.log(`# pyconc advise, ${runs} run(s) per fixture, --budget ${budget}, ${python}`);
console.log(`\n${started.toISOString()}; ${os.cpus().length} logical CPUs; load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('\n| fixture | classification (each run) | recommendation (each run) | same model | runner-up gap (each run) | seconds (each run) | median s | max s |');
console.log('|---|---|---|---|---|---|---:|---:|');
for (const name of names) {
  const rows = results.get(name);
  const ok = rows.filter((row) => row.advice !== null);
  const classes = [...new Set(ok.map((row) => row.advice.probe.classification))];
  const answers = rows.map((row) => (row.advice === null ? `exit ${row.exitCode}` : answer(row.advice)));
  const models = ok.map((row) => row.advice.recommendation?.mode ?? row.advice.verdict);
  const same = models.length === 0 ? '–' : `${Math.max(...[...new Set(models)].map((mode) => models.filter((one) => one === mode).length))}/${rows.length}`;
  const gaps = ok.map((row) => gap(row.advice)).map((one) => (one === null ? '–' : `${one.ratio.toFixed(2)}× over ${one.name}${one.tied ? ' (tied)' : ''}`));
  const seconds = rows.map((row) => row.seconds);
  console.log(`| ${name} | ${classes.join(', ')} | ${answers.join('; ')} | ${same} | ${gaps.join('; ')} | ${seconds.map((s) => s.toFixed(0)).join(', ')} | ${median(seconds).toFixed(1)} | ${Math.max(...seconds).toFixed(1)} |`);
}
const all = [...results.values()].flat().map((row) => row.seconds);
console.log(`\nAll runs: median ${median(all).toFixed(1)} s, max ${Math.max(...all).toFixed(1)} s (goals: median ≤ 40 s, each ≤ ${budget} s).`);
if (!keep) rmSync(tmp, { recursive: true, force: true });
