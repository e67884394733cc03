#!/usr/bin/env node
// Repeated catalogue runs of two builds of pyconc, interleaved (before, after, before, after, …) so the
// machine's drift hits both alike: the wall time of each run, and how often a claim's verdict changes
// between the runs of one build (bench/RESULTS.md, "Verdicts across repeated runs" and "The
// architecture step: before and after").
// Usage: node bench/flips.mjs --before DIR [--after DIR] [--runs 5] [--quick] [--json out.json] [--keep DIR]
//        node bench/flips.mjs --before-docs KEPT [--after DIR] [--runs 5] …
//   DIR: a checkout of pyconc with its dist/ built (bin/pyconc.js); --after defaults to this one.
//   KEPT: a --keep folder of an earlier run: its before-N.json documents stand for the before build,
//   and only the after build runs (not interleaved then: say so where the figures are quoted).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const BEFORE = flag('--before', null);
const BEFORE_DOCS = flag('--before-docs', null);
const AFTER = flag('--after', fileURLToPath(new URL('..', import.meta.url)));
const RUNS = Number(flag('--runs', '5'));
const QUICK = args.includes('--quick');
const JSON_OUT = flag('--json', null);
/** A folder to keep every run's results document in (they are removed otherwise). */
const KEEP = flag('--keep', null);
if (BEFORE === null && BEFORE_DOCS === null) {
  process.stderr.write('usage: node bench/flips.mjs --before DIR [--after DIR] [--runs 5] [--quick] [--json out.json]\n');
  process.exit(2);
}

const tmp = KEEP ?? mkdtempSync(path.join(os.tmpdir(), 'pyconc-flips-'));
if (KEEP !== null) mkdirSync(KEEP, { recursive: true });
const builds = { before: { dir: BEFORE, runs: [] }, after: { dir: AFTER, runs: [] } };

function run(build, index) {
  const kept = build === 'before' && BEFORE_DOCS !== null;
  const out = kept ? path.join(BEFORE_DOCS, `before-${index}.json`) : path.join(tmp, `${build}-${index}.json`);
  const started = process.hrtime.bigint();
  if (!kept) {
    try {
      execFileSync('node', [path.join(builds[build].dir, 'bin', 'pyconc.js'), 'run', ...(QUICK ? ['--quick'] : []), '-o', out], {
        stdio: ['ignore', 'ignore', 'ignore'],
        env: { ...process.env, NO_COLOR: '1' },
      });
    } catch {
      // Exit 1 (a failed cell) still leaves the document; its findings are what is counted.
    }
  }
  const document = JSON.parse(readFileSync(out, 'utf8'));
  const seconds = kept ? (Date.parse(document.finishedAt) - Date.parse(document.startedAt)) / 1000 : Number(process.hrtime.bigint() - started) / 1e9;
  const verdicts = new Map();
  for (const finding of document.findings) {
    if (finding.notMeasured === true || /^not measured/.test(finding.evidence)) continue;
    // The claim and where it was checked (the bracketed params/interpreter of the evidence).
    const where = /\[([^\]]*)\]$/.exec(finding.evidence)?.[1] ?? '';
    const label = finding.contradictedUnderLoad === true ? 'contradicted under load' : finding.verdict;
    verdicts.set(`${finding.scenario}: ${finding.claim}${where === '' ? '' : ` [${where}]`}`, label);
  }
  const cells = document.cells.filter((cell) => cell.status === 'ok').length;
  builds[build].runs.push({ seconds, verdicts, cells, load: kept ? document.machine.loadDuringRun?.loadAvgMax ?? Number.NaN : os.loadavg()[0] });
  process.stderr.write(`${build} ${index + 1}/${RUNS}: ${seconds.toFixed(1)} s, ${cells} ok cells, ${verdicts.size} claims judged\n`);
}

try {
  for (let i = 0; i < RUNS; i++) {
    run('before', i);
    run('after', i);
  }
} finally {
  if (KEEP === null) rmSync(tmp, { recursive: true, force: true });
}

function summary(build) {
  const runs = builds[build].runs;
  const claims = new Set(runs.flatMap((r) => [...r.verdicts.keys()]));
  let changed = 0;
  let flips = 0;
  const changes = [];
  for (const claim of claims) {
    const seen = runs.map((r) => r.verdicts.get(claim) ?? '–');
    if (new Set(seen).size > 1) {
      changed += 1;
      changes.push(`${claim}: ${seen.join(' → ')}`);
    }
    if (seen.includes('confirmed') && seen.includes('contradicted')) flips += 1;
  }
  const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b);
  return { build, claims: claims.size, changed, confirmedContradicted: flips, seconds, changes };
}

const rows = ['before', 'after'].map(summary);
const lines = ['| build | runs | claims judged | changed verdict at least once | confirmed ↔ contradicted | run time (s), min–median–max |', '|---|---:|---:|---:|---:|---|'];
for (const row of rows) {
  const s = row.seconds;
  lines.push(`| ${row.build} | ${s.length} | ${row.claims} | ${row.changed} | ${row.confirmedContradicted} | ${s[0]?.toFixed(1)}–${s[Math.floor(s.length / 2)]?.toFixed(1)}–${s.at(-1)?.toFixed(1)} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
for (const row of rows) process.stdout.write(`\n${row.build}: claims whose verdict changed\n${row.changes.map((c) => `- ${c}`).join('\n') || '- none'}\n`);
process.stdout.write(`\nload average (1 min) after each run: ${['before', 'after'].flatMap((b) => builds[b].runs.map((r) => `${b[0]}${r.load.toFixed(2)}`)).join(' ')}\n`);
if (JSON_OUT !== null) writeFileSync(JSON_OUT, `${JSON.stringify(rows, null, 2)}\n`);
