#!/usr/bin/env node
// The catalogue's headline cells across interpreters (3.9, 3.11, 3.13 from pyenv and the 3.14 and
// 3.15 that .ci/provide-pythons.sh unpacks), in one pyconc run so their samples interleave, then the
// setup and work of each pool model on cpu-pure, for each interpreter that has the interpreters mode
// (bench/RESULTS.md, "Interpreters as a dimension").
// Usage: node bench/versions.mjs [--runs 5] [--quick] [--python314 PATH] [--python315 PATH] [--json out.json]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = flag('--runs', '5');
const QUICK = args.includes('--quick');
const JSON_OUT = flag('--json', null);
const PROVIDED = ['3.14', '3.15'].map((v) => flag(`--python${v.replace('.', '')}`, path.join(ROOT, '.pyconc-pythons', v, 'bin', `python${v}`)));
const PYENV = path.join(os.homedir(), '.pyenv', 'versions');

/** The newest pyenv build of each minor version asked for. */
function pyenvPython(minor) {
  if (!existsSync(PYENV)) return null;
  const versions = execFileSync('ls', [PYENV], { encoding: 'utf8' }).split('\n').filter((v) => v.startsWith(`${minor}.`));
  const newest = versions.sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2])).at(-1);
  const python = newest === undefined ? null : path.join(PYENV, newest, 'bin', 'python3');
  return python !== null && existsSync(python) ? python : null;
}

const pythons = [...['3.9', '3.11', '3.13'].map(pyenvPython), ...PROVIDED.map((p) => (existsSync(p) ? p : null))].filter((p) => p !== null);
const HEADLINE = [
  ['sleep-fanout', 'asyncio'],
  ['http-fetch', 'threading'],
  ['http-fetch', 'asyncio'],
  ['cpu-pure', 'threading'],
  ['cpu-pure', 'multiprocessing'],
  ['cpu-gil-release', 'threading'],
];
const POOLS = ['threading', 'multiprocessing', 'interpreters'];

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-versions-'));
const out = path.join(tmp, 'versions.json');
const command = [
  'run', 'sleep-fanout', 'http-fetch', 'cpu-pure', 'cpu-gil-release',
  '--python', pythons.join(','),
  '--modes', 'sequential,threading,multiprocessing,asyncio,interpreters',
  ...(QUICK ? ['--quick'] : []), '--runs', RUNS, '-o', out,
];
process.stderr.write(`pyconc ${command.join(' ')}\n`);
const started = Date.now();
try {
  execFileSync('node', [path.join(ROOT, 'bin', 'pyconc.js'), ...command], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
} catch (error) {
  // Exit 1 (a failed cell) still leaves a document; anything else is the bench's failure.
  if (!existsSync(out)) throw error;
}
const seconds = (Date.now() - started) / 1000;
const document = JSON.parse(readFileSync(out, 'utf8'));
rmSync(tmp, { recursive: true, force: true });

const version = (id) => document.interpreters.find((interpreter) => interpreter.id === id)?.version ?? id;
const ids = [...new Set(document.cells.map((cell) => cell.key.python))];
const cellOf = (scenario, mode, python) => document.cells.find((cell) => cell.key.scenario === scenario && cell.key.mode === mode && cell.key.python === python && !cell.baselineCopy);
const ratio = (interval) => (interval === null || interval === undefined ? '–' : `${interval.value.toFixed(2)}× (${interval.ciLow.toFixed(2)}–${interval.ciHigh.toFixed(2)})`);
const ms = (stats) => (stats === undefined ? '–' : `${(stats.median / 1e6).toFixed(stats.median < 1e7 ? 2 : 0)} ms`);
const speedupText = (cell) => (cell === undefined ? 'not run' : cell.status !== 'ok' ? cell.status : ratio(cell.summary?.speedup));

const lines = [];
lines.push(`| cell | ${ids.map(version).join(' | ')} |`, `|---|${ids.map(() => '---:').join('|')}|`);
for (const [scenario, mode] of HEADLINE) {
  const first = cellOf(scenario, mode, ids[0]);
  const params = first === undefined ? '' : ` (${Object.entries(first.key.params).map(([k, v]) => `${k}=${v}`).join(' ')})`;
  lines.push(`| ${scenario} ${mode} w=${first?.key.workers ?? '?'}${params} | ${ids.map((id) => speedupText(cellOf(scenario, mode, id))).join(' | ')} |`);
}
const withPool = ids.filter((id) => document.interpreters.find((interpreter) => interpreter.id === id)?.hasInterpreterPool);
for (const id of withPool) {
  lines.push('', `Pool models on ${version(id)}, cpu-pure:`, '', '| mode | setup | work | wall | wall speedup | work speedup |', '|---|---:|---:|---:|---:|---:|');
  for (const mode of ['sequential', ...POOLS]) {
    const cell = cellOf('cpu-pure', mode, id);
    const s = cell?.summary;
    lines.push(cell === undefined || s === null || cell.status !== 'ok'
      ? `| ${mode} | ${cell?.status ?? 'not run'} | | | | |`
      : `| ${mode} | ${ms(s.setupNs)} | ${ms(s.workNs)} | ${ms(s.wallNs)} | ${mode === 'sequential' ? '1' : ratio(s.speedup)} | ${mode === 'sequential' ? '1' : ratio(s.workSpeedup)} |`);
  }
}
const load = document.machine.loadDuringRun;
lines.push('', `${document.cells.length} cells in ${seconds.toFixed(0)} s; other work took ${load?.otherCpus ?? '?'} of ${document.machine.usableCpus} usable CPUs on average during the run.`);
process.stdout.write(`${lines.join('\n')}\n`);
if (JSON_OUT !== null) writeFileSync(JSON_OUT, JSON.stringify(document, null, 2));
