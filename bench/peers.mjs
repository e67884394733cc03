#!/usr/bin/env node
// The tool's own speed against its peers, side by side in one run: on three kernels
// (bench/fixtures/peers/: ~0.3 s and ~5 ms of pure Python, an I/O fan-out), how long pyconc,
// pyperf and hyperfine each take (wall seconds of the tool's process) until the 95% CI of the
// median is within ±5% and ±3%, the median each measures, and pyconc's time as a ratio to each.
// Then the per-sample overhead (bench/sample-overhead.mjs, per mode against the imports it needs).
//
// pyconc stops by itself (`--precision X`); for pyperf and hyperfine one run with a fixed count is
// timed and the time to ±X% is that of the first prefix of their raw values whose median CI (the
// same binomial order-statistic interval pyconc uses, dist/stats/) is within ±X%: hyperfine's run
// ends at total − the durations of the runs after the prefix; pyperf's at total − (date of the last
// worker − date of the prefix's last worker; each worker stamps its date when it ends).
//
// pyperf is not part of the project. Bring its source once, outside the tree, e.g.
//   git clone https://github.com/psf/pyperf /work/peers/pyperf   (or export a snapshot there)
// and pass the folder: it runs from source with PYTHONPATH (psutil is optional).
// hyperfine: Debian's package (`apt-get install hyperfine`).
//
// Usage: npm run build && node bench/peers.mjs --pyperf DIR [--reps N] [--targets 5,3]
//   [--workloads cpu-large,cpu-small,io-fanout] [--python python3] [--max-time S]
//   [--hyperfine-runs N] [--pyperf-processes N] [--pyconc-args "--values-per-process 3"]
//   [--skip-overhead] [--overhead-runs N]
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../dist/stats/descriptive.js';
import { medianConfidenceInterval } from '../dist/stats/median-ci.js';
import { relativeCiHalfWidth } from '../dist/stats/relative-precision.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const fixtures = path.join(root, 'bench', 'fixtures', 'peers');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

const pyperfDir = flag('--pyperf', undefined);
if (!pyperfDir || !existsSync(path.join(pyperfDir, 'pyperf', '__init__.py'))) {
  console.error('bench/peers.mjs: --pyperf DIR must name a folder holding pyperf/__init__.py (pyperf\'s source, see the comment at the top)');
  process.exit(2);
}
const reps = Number(flag('--reps', '1'));
const targets = list(flag('--targets', '5,3')).map((t) => Number(t) / 100); // fractions: 0.05 is ±5%
const workloads = list(flag('--workloads', 'cpu-large,cpu-small,io-fanout'));
const maxTime = Number(flag('--max-time', '60'));
const pyconcExtra = flag('--pyconc-args', '').split(/\s+/).filter(Boolean);
// Counts for one timed run of each peer: enough for ±3% when the machine is quiet, not more.
const hyperfineRuns = { 'cpu-large': 80, 'cpu-small': 300, 'io-fanout': 300 };
const pyperfProcesses = { 'cpu-large': 20, 'cpu-small': 40, 'io-fanout': 40 };
const countFor = (table, name, workload) => Number(flag(name, String(table[workload] ?? 40)));

const { stdout: executable } = await execa(flag('--python', 'python3'), ['-c', 'import sys; print(sys.executable)']);
const { stdout: version } = await execa(executable, ['-c', 'import platform; print(platform.python_version())']);
const { stdout: hyperfineVersion } = await execa('hyperfine', ['--version']);
const { stdout: pyperfVersion } = await execa(executable, ['-c', 'import pyperf; print(pyperf.__version__)'], { env: { PYTHONPATH: pyperfDir } });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-peers-'));
let fileCount = 0;
const tmpFile = (stem) => path.join(tmp, `${stem}-${++fileCount}.json`);

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

/** The first prefix of `values` (n ≥ 6) whose median CI is within ±target, as its length, or undefined. */
function firstPrecisePrefix(values, target) {
  for (let k = 6; k <= values.length; k++) {
    if (relativeCiHalfWidth(values.slice(0, k)) <= target) return k;
  }
  return undefined;
}

function describe(values) {
  const ci = medianConfidenceInterval(values);
  return { median: median(values), ciLow: ci.low, ciHigh: ci.high };
}

async function runPyconc(workload, target) {
  const output = tmpFile(`pyconc-${workload}`);
  const argv = [
    path.join(root, 'bin', 'pyconc.js'), 'run', `peers-${workload}`, '--scenarios', fixtures, '--modes', 'sequential',
    '--python', executable, '--precision', String(target * 100), '--max-time', String(maxTime), '--max-runs', '100000',
    '--no-charts', '-o', output, ...pyconcExtra,
  ];
  const start = process.hrtime.bigint();
  const result = await execa('node', argv, { reject: false, env: { NO_COLOR: '1' } });
  const wall = seconds(start);
  if (result.exitCode !== 0) throw new Error(`pyconc exited ${result.exitCode}: ${result.stderr.slice(-400)}`);
  const cell = JSON.parse(readFileSync(output, 'utf8')).cells[0];
  // With --values-per-process K > 1 (in --pyconc-args) the stop rule judges the warm work times, whose
  // interval is a cluster bootstrap over processes; else each sample's wall time (one value a process).
  const warm = cell.stopStatistic === 'warm-work' && cell.summary.warmWorkNs !== undefined;
  const { median: m, ciLow, ciHigh, n } = warm ? cell.summary.warmWorkNs : { ...cell.summary.wallNs, n: cell.samples.length };
  return {
    [target]: { seconds: cell.stopReason === 'precision' ? wall : undefined, spent: wall, n },
    median: m / 1e9, ciLow: ciLow / 1e9, ciHigh: ciHigh / 1e9, n, stop: cell.stopReason, label: warm ? 'pyconc (warm values)' : 'pyconc',
  };
}

async function runHyperfine(workload) {
  const output = tmpFile(`hyperfine-${workload}`);
  const runs = countFor(hyperfineRuns, '--hyperfine-runs', workload);
  const command = `${executable} ${path.join(fixtures, 'run_kernel.py')} ${workload}`;
  const start = process.hrtime.bigint();
  await execa('hyperfine', ['-N', '--style', 'none', '--warmup', '1', '--runs', String(runs), '--export-json', output, command]);
  const wall = seconds(start);
  const times = JSON.parse(readFileSync(output, 'utf8')).results[0].times;
  const result = { ...describe(times), n: times.length };
  for (const target of targets) {
    const k = firstPrecisePrefix(times, target);
    const after = k === undefined ? 0 : times.slice(k).reduce((a, b) => a + b, 0);
    result[target] = { seconds: k === undefined ? undefined : wall - after, spent: wall, n: k ?? times.length };
  }
  return result;
}

async function runPyperf(workload) {
  const output = tmpFile(`pyperf-${workload}`);
  const processes = countFor(pyperfProcesses, '--pyperf-processes', workload);
  const argv = [path.join(fixtures, 'pyperf_kernel.py'), workload, '--quiet', '--processes', String(processes), '-o', output];
  const start = process.hrtime.bigint();
  await execa(executable, argv, { env: { PYTHONPATH: pyperfDir }, cwd: tmp });
  const wall = seconds(start);
  const runs = JSON.parse(readFileSync(output, 'utf8')).benchmarks[0].runs.filter((run) => run.values);
  const ends = runs.map((run) => Date.parse(run.metadata.date.replace(' ', 'T')) / 1000);
  const values = runs.flatMap((run) => run.values);
  const result = { ...describe(values), n: values.length };
  for (const target of targets) {
    const k = firstPrecisePrefix(values, target);
    // Each worker gives its values together: the prefix ends with the worker that gave its k-th value.
    const worker = k === undefined ? runs.length - 1 : Math.ceil(k / runs[0].values.length) - 1;
    const after = (ends.at(-1) ?? 0) - (ends[worker] ?? 0);
    result[target] = { seconds: k === undefined ? undefined : wall - after, spent: wall, n: k === undefined ? values.length : (worker + 1) * runs[0].values.length };
  }
  return result;
}

const tools = {
  pyconc: async (workload) => {
    const byTarget = {};
    let last;
    for (const target of targets) {
      last = await runPyconc(workload, target);
      byTarget[target] = last[target];
    }
    return { ...last, ...byTarget };
  },
  pyperf: runPyperf,
  hyperfine: runHyperfine,
};
const toolNames = Object.keys(tools);

const started = new Date();
const loadBefore = os.loadavg();
console.error(`peers: ${workloads.join(', ')} × ${reps} repetition(s); ${executable} (Python ${version}), ${hyperfineVersion}, pyperf ${pyperfVersion}`);
const results = {}; // workload → tool → list of results, one per repetition
const everyRun = []; // the same, in the order they ran
for (let rep = 0; rep < reps; rep++) {
  for (const [w, workload] of workloads.entries()) {
    // Rotate the order per repetition and workload, so that drift in the machine's speed hits all tools alike.
    const shift = (rep + w) % toolNames.length;
    const order = [...toolNames.slice(shift), ...toolNames.slice(0, shift)];
    for (const tool of order) {
      const start = process.hrtime.bigint();
      const load = os.loadavg()[0];
      const outcome = { ...(await tools[tool](workload)), load };
      console.error(`  rep ${rep + 1} ${workload} ${tool}: ${seconds(start).toFixed(1)} s, ${outcome.n} values, median ${(outcome.median * 1e3).toFixed(2)} ms, load ${load.toFixed(1)}`);
      ((results[workload] ??= {})[tool] ??= []).push(outcome);
      everyRun.push({ rep: rep + 1, workload, tool, wall: seconds(start), ...outcome });
    }
  }
}

// Markdown summary: per workload, each tool's time to each target (median over repetitions), its median and CI.
const pct = (t) => Number((t * 100).toFixed(2));
const ms = (s) => (s * 1e3).toFixed(s < 0.01 ? 2 : 1);
const medianOf = (xs) => (xs.length === 0 ? undefined : median(xs));
const timeTo = (outcomes, target) => {
  const reached = outcomes.map((o) => o[target].seconds).filter((s) => s !== undefined);
  return { seconds: reached.length === outcomes.length ? medianOf(reached) : undefined, outcomes };
};
const cellTime = (t, target) => {
  if (t.seconds !== undefined) return `${t.seconds.toFixed(1)} (${Math.round(medianOf(t.outcomes.map((o) => o[target].n)))})`;
  return `not reached in ${medianOf(t.outcomes.map((o) => o[target].spent)).toFixed(0)} s`;
};

console.log(`# pyconc against pyperf and hyperfine: time to a precise median`);
console.log(`\n${started.toISOString()}, ${reps} repetition(s), ${os.cpus()[0]?.model ?? '?'} ×${os.cpus().length}, load ${loadBefore.map((x) => x.toFixed(2)).join(' ')} → ${os.loadavg().map((x) => x.toFixed(2)).join(' ')};`);
console.log(`Python ${version} (\`${executable}\`), ${hyperfineVersion}, pyperf ${pyperfVersion}; pyconc extra args: ${pyconcExtra.join(' ') || 'none'}.`);
const header = targets.map((t) => `time to ±${pct(t)}%, s (values)`);
console.log(`\n| kernel | tool | ${header.join(' | ')} | median ms (95% CI) | values | load | ${targets.map((t) => `pyconc ÷ tool at ±${pct(t)}%`).join(' | ')} |`);
console.log(`|---|---|${targets.map(() => '---:').join('|')}|---|---:|---:|${targets.map(() => '---:').join('|')}|`);
const goals = [];
for (const workload of workloads) {
  const pyconcTimes = targets.map((t) => timeTo(results[workload].pyconc, t));
  for (const tool of toolNames) {
    const outcomes = results[workload][tool];
    const times = targets.map((t) => timeTo(outcomes, t));
    const last = outcomes.at(-1);
    const ratios = times.map((t, i) => {
      if (tool === 'pyconc') return '1';
      const p = pyconcTimes[i]?.seconds;
      return p === undefined || t.seconds === undefined ? '–' : `${(p / t.seconds).toFixed(2)}×`;
    });
    const interval = `${ms(last.median)} (${ms(last.ciLow)}–${ms(last.ciHigh)})`;
    console.log(`| ${workload} | ${last.label ?? tool} | ${times.map((t, i) => cellTime(t, targets[i])).join(' | ')} | ${interval} | ${last.n} | ${last.load.toFixed(1)} | ${ratios.join(' | ')} |`);
  }
  const goal = { 'cpu-small': 0.5, 'cpu-large': 0.8 }[workload];
  if (goal !== undefined) {
    const a = results[workload].pyconc.at(-1);
    const b = results[workload].pyperf.at(-1);
    const overlap = a.ciLow <= b.ciHigh && b.ciLow <= a.ciHigh;
    for (const [i, target] of targets.entries()) {
      const p = pyconcTimes[i]?.seconds;
      const q = timeTo(results[workload].pyperf, target).seconds;
      const ratio = p !== undefined && q !== undefined ? p / q : undefined;
      const verdict = ratio === undefined ? 'not measurable (a target not reached)' : ratio <= goal ? 'met' : 'missed';
      goals.push(`- ${workload}, ±${pct(target)}%: pyconc ÷ pyperf ${ratio === undefined ? '–' : ratio.toFixed(2)} (goal ≤ ${goal}): ${verdict}; medians' intervals ${overlap ? 'overlap' : 'do not overlap'}`);
    }
  }
}
console.log(`\nTimes are the tool process's wall seconds (median over repetitions) until the median's 95% CI was within the target, with the values used in brackets; the median, CI and load (1-minute average at the tool's start) are of the last repetition's full run. hyperfine's values are whole processes (interpreter start-up included); pyconc's and pyperf's the timed call.`);
console.log(`\nGoals:\n${goals.join('\n')}`);
console.log(`\nEvery run, in the order they ran (a tool's process wall time; its median and CI; the time to each target, – where not reached):`);
console.log(`\n| rep | kernel | tool | load | wall s | values | median ms (95% CI) | ${targets.map((t) => `±${pct(t)}% at, s`).join(' | ')} |`);
console.log(`|---:|---|---|---:|---:|---:|---|${targets.map(() => '---:').join('|')}|`);
for (const r of everyRun) {
  const at = targets.map((t) => (r[t].seconds === undefined ? '–' : r[t].seconds.toFixed(1)));
  console.log(`| ${r.rep} | ${r.workload} | ${r.label ?? r.tool} | ${r.load.toFixed(1)} | ${r.wall.toFixed(1)} | ${r.n} | ${ms(r.median)} (${ms(r.ciLow)}–${ms(r.ciHigh)}) | ${at.join(' | ')} |`);
}
rmSync(tmp, { recursive: true, force: true });

if (!args.includes('--skip-overhead')) {
  const overheadArgs = [path.join(root, 'bench', 'sample-overhead.mjs'), '--runs', flag('--overhead-runs', '20'), '--python', executable, '--skip-quick'];
  const { stdout } = await execa('node', overheadArgs, { stderr: 'inherit' });
  console.log(`\n${stdout}`);
}
