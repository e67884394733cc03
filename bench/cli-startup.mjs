#!/usr/bin/env node
// How long the CLI takes to start: `pyconc --help`, `pyconc --version` and `pyconc run --help`
// against `node -e 0` (Node's own start-up), measured side by side with `hyperfine -N` (no shell)
// in the same invocation, so that the machine's drift hits every command alike. Each command's
// modules load only when it runs (src/cli/program.ts), so --help and --version should cost little more
// than Node itself: the goal is at most 1.5x `node -e 0`.
//
// A round is one hyperfine invocation over all the commands; with several rounds the ratio is
// given per round and as their median, so one noisy round does not decide the figure.
// hyperfine: Debian's package (`apt-get install hyperfine`).
//
// Usage: npm run build && node bench/cli-startup.mjs [--runs 40] [--warmup 5] [--rounds 3]
// Prints a markdown table on stdout.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const runs = Number(flag('--runs', '40'));
const warmup = Number(flag('--warmup', '5'));
const rounds = Number(flag('--rounds', '3'));
const GOAL = 1.5;

const cli = path.join(root, 'bin', 'pyconc.js');
const BASELINE = 'node -e 0';
const commands = [BASELINE, `node ${cli} --help`, `node ${cli} --version`, `node ${cli} run --help`];
const label = (command) => command.replace(`node ${cli}`, 'pyconc');

const { stdout: hyperfineVersion } = await execa('hyperfine', ['--version']);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-cli-startup-'));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (seconds) => (seconds * 1000).toFixed(1);

/** One hyperfine run over every command: each command's mean, stddev, median and CPU time (s). */
async function round(index) {
  const file = path.join(tmp, `round-${index}.json`);
  await execa('hyperfine', ['-N', '--style', 'none', '--warmup', String(warmup), '--runs', String(runs), '--export-json', file, ...commands]);
  const { results } = JSON.parse(readFileSync(file, 'utf8'));
  return new Map(results.map((result) => [result.command, { mean: result.mean, stddev: result.stddev ?? 0, median: result.median, cpu: result.user + result.system }]));
}

const loadBefore = os.loadavg().map((value) => value.toFixed(2)).join(' ');
try {
  const measured = [];
  for (let index = 0; index < rounds; index++) {
    process.stderr.write(`round ${index + 1}/${rounds}\n`);
    measured.push(await round(index));
  }
  const lines = [
    `${hyperfineVersion}, Node ${process.version}, ${os.cpus().length} CPU(s), ${rounds} round(s) of ${runs} runs (${warmup} warmups) each; load average before: ${loadBefore}`,
    '',
    `| command | mean ± σ (ms), per round | median (ms), per round | CPU user+sys (ms), per round | median / ${BASELINE}, per round | median of rounds | ≤ ${GOAL}× |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const command of commands) {
    const rows = measured.map((byCommand) => byCommand.get(command));
    const ratios = measured.map((byCommand) => byCommand.get(command).median / byCommand.get(BASELINE).median);
    const ratio = median(ratios);
    lines.push(`| \`${label(command)}\` | ${rows.map((row) => `${ms(row.mean)} ± ${ms(row.stddev)}`).join(', ')} | ${rows.map((row) => ms(row.median)).join(', ')} | ${rows.map((row) => ms(row.cpu)).join(', ')} | ${ratios.map((value) => value.toFixed(2)).join(', ')} | ${ratio.toFixed(2)}× | ${command === BASELINE ? '–' : ratio <= GOAL ? 'yes' : 'no'} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
