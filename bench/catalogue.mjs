#!/usr/bin/env node
// Times the whole catalogue's default run and quick run, and lists, per scenario, the speedup of
// every mode (median, 95% CI) from the default run plus the findings' verdicts.
// Also the time each scenario took (from the progress lines). Usage:
// node bench/catalogue.mjs [--skip-default] [--python python3]
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const python = args.includes('--python') ? args[args.indexOf('--python') + 1] : 'python3';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-catalogue-'));

async function timed(label, extra) {
  const output = path.join(tmp, `${label}.json`);
  const start = process.hrtime.bigint();
  const child = execa('node', [path.join(root, 'bin', 'pyconc.js'), 'run', '--python', python, ...extra, '-o', output], { reject: false, env: { NO_COLOR: '1' } });
  // Progress lines ("[3/17] cpu-pure threading w=2 …: 5 runs, …") name the scenario of the cell that
  // just finished: the time of each scenario's last line, minus the previous one's, is its share.
  const lastLine = new Map();
  let pending = '';
  child.stderr.on('data', (chunk) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^\[\d+\/\d+\] (\S+) /.exec(line);
      if (match) lastLine.set(match[1], Number(process.hrtime.bigint() - start) / 1e9);
    }
  });
  const result = await child;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let previous = 0;
  const perScenario = [...lastLine].map(([scenario, at]) => {
    const share = at - previous;
    previous = at;
    return [scenario, share];
  });
  return { label, seconds, perScenario, exitCode: result.exitCode, doc: JSON.parse(readFileSync(output, 'utf8')) };
}

function report(run) {
  const cells = run.doc.cells;
  const samples = cells.reduce((n, c) => n + c.samples.length + c.warmups.length, 0);
  const counts = {};
  for (const c of cells) counts[c.status] = (counts[c.status] ?? 0) + 1;
  const verdicts = {};
  for (const f of run.doc.findings) verdicts[f.verdict] = (verdicts[f.verdict] ?? 0) + 1;
  console.log(`\n## \`pyconc run${run.label === 'quick' ? ' --quick' : ''}\`: ${run.seconds.toFixed(1)} s, exit ${run.exitCode}, ${cells.length} cells (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}), ${samples} samples; findings: ${Object.entries(verdicts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  console.log('\n| scenario | seconds | cells run | samples (with warmups) | timed work, s |\n|---|---:|---:|---:|---:|');
  for (const [scenario, share] of run.perScenario) {
    const own = cells.filter((c) => c.key.scenario === scenario && c.status === 'ok');
    const all = own.flatMap((c) => [...c.samples, ...c.warmups]);
    const work = all.reduce((sum, s) => sum + s.wallNs, 0) / 1e9;
    console.log(`| ${scenario} | ${share.toFixed(1)} | ${own.length} | ${all.length} | ${work.toFixed(1)} |`);
  }
}

function speedups(run) {
  console.log(`\n### Speedups against sequential (${run.label} run; median and 95% CI; samples per cell in brackets)\n`);
  console.log('| scenario | params | mode | w | wall | speedup | samples |');
  console.log('|---|---|---|---:|---:|---|---:|');
  for (const c of run.doc.cells) {
    if (c.status !== 'ok') continue;
    const s = c.summary;
    const params = Object.entries(c.key.params).map(([k, v]) => `${k}=${v}`).join(' ');
    const sp = s.speedup ? `${s.speedup.value.toFixed(2)}× (${s.speedup.ciLow.toFixed(2)}–${s.speedup.ciHigh.toFixed(2)})${s.suspect ? ' suspect' : ''}` : '–';
    console.log(`| ${c.key.scenario} | ${params} | ${c.key.mode} | ${c.key.mode === 'sequential' ? '' : c.key.workers} | ${(s.wallNs.median / 1e6).toFixed(1)} ms | ${sp} | ${c.samples.length} |`);
  }
  console.log('\n### Findings\n');
  for (const f of run.doc.findings) console.log(`- **${f.verdict}** ${f.scenario}: ${f.claim} — ${f.evidence}`);
}

console.log(`# catalogue timing: ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, ${new Date().toISOString()}`);
const quick = await timed('quick', ['--quick']);
report(quick);
if (!args.includes('--skip-default')) {
  const full = await timed('default', []);
  report(full);
  speedups(full);
} else {
  speedups(quick);
}
