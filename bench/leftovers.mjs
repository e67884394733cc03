#!/usr/bin/env node
// Leftovers after timeouts and interruptions: runs many samples that time out (hanging workloads with
// children in and out of their process group, loopback servers, SIGTERM ignored, hung pool workers)
// and many runs interrupted at a random point (SIGINT, SIGTERM, a double SIGINT), then counts what
// is left: processes carrying the bench's marker, fixture servers still listening, entries in the
// TMPDIR the runs were given, torn or temporary results files, new POSIX semaphores in /dev/shm.
// Prints a Markdown report; exits 1 if anything was left behind.
// Usage: node bench/leftovers.mjs [--timeouts N] [--interrupts N] [--timeout S] [--seed N] [--python python3]
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = path.join(root, 'bin', 'pyconc.js');
const fixtures = path.join(root, 'tests', 'fixtures', 'misbehaving');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const timeouts = Number(flag('--timeouts', '50'));
const interrupts = Number(flag('--interrupts', '50'));
const timeoutS = flag('--timeout', '0.5');
const python = flag('--python', 'python3');
let seed = Number(flag('--seed', String(Date.now() % 100000)));
const firstSeed = seed;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648; // a small LCG: the same seed replays the same run
  return seed / 2147483648;
};

const marker = `pyconc-bench-${randomUUID()}`;
const sandbox = mkdtempSync(path.join(os.tmpdir(), 'pyconc-leftovers-'));
const tmpDir = path.join(sandbox, 'tmp');
const portDir = path.join(sandbox, 'ports');
const outDir = path.join(sandbox, 'out');
for (const dir of [tmpDir, portDir, outDir]) mkdirSync(dir);
const env = { NO_COLOR: '1', TMPDIR: tmpDir, PYCONC_TEST_MARKER: marker };
const common = ['--scenarios', fixtures, '--python', python, '--param', `marker=${marker}`];
// The fixtures that start a loopback server record its port there (a --param only they define).
const withPorts = (argv) => (argv.some((arg) => arg === 'fx-hangs' || arg === 'fx-ignores-term') ? [...argv, '--param', `portdir=${portDir}`] : argv);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const range = (n) => Array.from({ length: n }, (_, i) => i + 1).join(',');

function markedProcesses() {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (cmdline.includes(marker) || environ.includes(`PYCONC_TEST_MARKER=${marker}`)) found.push(`${name} ${cmdline.slice(0, 120)}`);
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

function listeningPorts() {
  const ports = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && fields[1] !== undefined) ports.add(parseInt(fields[1].split(':')[1], 16));
    }
  }
  return ports;
}

const shmEntries = () => (existsSync('/dev/shm') ? readdirSync('/dev/shm').filter((name) => name.startsWith('sem.') || name.startsWith('psm_')) : []);
const shmBefore = new Set(shmEntries());

// Phase 1: samples that time out, in a row, in a few CLI runs (each --param value is its own cell).
const timeoutPlans = [
  { scenario: 'fx-hangs', count: timeouts, what: 'hung task; children in and out of the group; a loopback server' },
  { scenario: 'fx-ignores-term', count: Math.max(1, Math.round(timeouts / 5)), what: 'SIGTERM ignored (SIGKILL after the grace period); children; a server' },
  { scenario: 'fx-pool-hangs', count: Math.max(1, Math.round(timeouts / 5)), what: 'tasks hung in multiprocessing pool workers', extra: ['--modes', 'multiprocessing'] },
];
const timeoutRows = [];
for (const plan of timeoutPlans) {
  const started = Date.now();
  const result = await execa('node', [bin, 'run', ...withPorts([plan.scenario]), ...common, '--runs', '1', '--warmup', '0', '--timeout', timeoutS, '--format', 'json', '--param', `tasks=${range(plan.count)}`, ...(plan.extra ?? [])], { reject: false, env, cwd: root });
  let cells = [];
  try {
    cells = JSON.parse(result.stdout).cells;
  } catch {
    console.error(result.stderr);
  }
  timeoutRows.push({ ...plan, exitCode: result.exitCode, timedOut: cells.filter((cell) => cell.status === 'timeout').length, seconds: (Date.now() - started) / 1000 });
}
await sleep(500);
const afterTimeouts = { processes: markedProcesses().length, tmp: readdirSync(tmpDir).length };

// Phase 2: runs interrupted at a random point.
// Each lasts well over the 2.5 s window the signal falls in, so that every run is interrupted mid-way.
const interruptPlans = [
  { name: 'fx-slow, 3 modes', argv: ['fx-slow', '--runs', '5', '--param', 'tasks=2', '--param', 'sleep_ms=150'] },
  { name: 'fx-hangs (1 s timeout) then fx-slow', argv: ['fx-hangs', 'fx-slow', '--runs', '3', '--timeout', '1', '--param', 'tasks=2', '--param', 'sleep_ms=150'] },
  { name: 'fx-pool-hangs, multiprocessing', argv: ['fx-pool-hangs', '--runs', '2', '--timeout', '3', '--modes', 'multiprocessing', '--param', 'tasks=2'] },
  { name: 'fx-ignores-term', argv: ['fx-ignores-term', '--runs', '1', '--timeout', '3'] },
];
const outcomes = { 130: 0, finishedFirst: 0, other: 0 };
const exitDelays = [];
const byKind = { SIGINT: 0, SIGTERM: 0, 'SIGINT twice': 0 };
const problems = [];
let tornFiles = 0;
let interruptedDocs = 0;
const phase2Started = Date.now();
for (let i = 0; i < interrupts; i++) {
  const plan = interruptPlans[Math.floor(random() * interruptPlans.length)];
  const kind = random() < 0.2 ? 'SIGINT twice' : random() < 0.3 ? 'SIGTERM' : 'SIGINT';
  byKind[kind] += 1;
  const output = path.join(outDir, `r-${i}.json`);
  const child = execa('node', [bin, 'run', ...withPorts(plan.argv), ...common, '-o', output], { reject: false, env, cwd: root, stdin: 'ignore' });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // Signal handlers are in place once the CLI prints its plan; then a random point in the run.
  while (!/scenario\(s\)/.test(stderr) && child.exitCode === null) await sleep(10);
  await sleep(Math.floor(random() * 2500));
  child.kill(kind === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  if (kind === 'SIGINT twice') {
    while (!/stopping/.test(stderr) && child.exitCode === null) await sleep(5);
    await sleep(Math.floor(random() * 300));
    child.kill('SIGINT');
  }
  const signalled = Date.now();
  const result = await child;
  exitDelays.push(Date.now() - signalled);
  if (result.exitCode === 130) outcomes[130] += 1;
  else if (result.exitCode === 0 || result.exitCode === 1) outcomes.finishedFirst += 1;
  else {
    outcomes.other += 1;
    problems.push(`run ${i} (${plan.name}, ${kind}): exit ${result.exitCode ?? result.signal}: ${stderr.trim().split('\n').at(-1)}`);
  }
  if (existsSync(output)) {
    try {
      if (JSON.parse(readFileSync(output, 'utf8')).interrupted === true) interruptedDocs += 1;
    } catch {
      tornFiles += 1;
    }
  }
}
const phase2Seconds = (Date.now() - phase2Started) / 1000;

// Leftovers, counted after a short grace for processes already on their way out.
let processes = markedProcesses();
for (let waited = 0; processes.length > 0 && waited < 2000; waited += 100) {
  await sleep(100);
  processes = markedProcesses();
}
const ports = readdirSync(portDir).map((name) => Number(readFileSync(path.join(portDir, name), 'utf8')));
const listening = listeningPorts();
const stillListening = ports.filter((port) => listening.has(port));
const tmpLeft = readdirSync(tmpDir);
const outTemps = readdirSync(outDir).filter((name) => name.endsWith('.tmp') || name.endsWith('.probe'));
const shmLeft = shmEntries().filter((name) => !shmBefore.has(name));

const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m) ?? [])[1] ?? os.cpus()[0]?.model ?? '?';
const totalTimeouts = timeoutRows.reduce((sum, row) => sum + row.timedOut, 0);
const lines = [
  `### Run of ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Machine: ${cpu}, ${os.cpus().length} logical CPUs (\`nproc\` ${os.availableParallelism()}), ${os.type()} ${os.release()}, Node ${process.version}, \`${python}\`.`,
  `Command: \`node bench/leftovers.mjs --timeouts ${timeouts} --interrupts ${interrupts} --timeout ${timeoutS} --seed ${firstSeed}\``,
  '',
  `**Timeouts** (\`--timeout ${timeoutS}\`, one CLI run per line, one timed-out sample per cell):`,
  '',
  '| fixture | what hangs | cells | timed out | exit | seconds |',
  '|---|---|---:|---:|---:|---:|',
  ...timeoutRows.map((row) => `| \`${row.scenario}\` | ${row.what} | ${row.count} | ${row.timedOut} | ${row.exitCode} | ${row.seconds.toFixed(1)} |`),
  `| **total** | | | **${totalTimeouts}** | | |`,
  '',
  `After the timeouts: ${afterTimeouts.processes} marked process(es), ${afterTimeouts.tmp} TMPDIR entr(ies).`,
  '',
  `**Interruptions**: ${interrupts} runs, signal at a random point 0–2.5 s after the plan line (${byKind.SIGINT} SIGINT, ${byKind.SIGTERM} SIGTERM, ${byKind['SIGINT twice']} double SIGINT), ${phase2Seconds.toFixed(0)} s in all:`,
  '',
  '| outcome | runs |',
  '|---|---:|',
  `| exit 130 (interrupted) | ${outcomes[130]} |`,
  `| finished before the signal (exit 0/1) | ${outcomes.finishedFirst} |`,
  `| anything else | ${outcomes.other} |`,
  `| results files with \`"interrupted": true\` | ${interruptedDocs} |`,
  `| results files that are not valid JSON (torn) | ${tornFiles} |`,
  '',
  `From the (last) signal to the exit: median ${median(exitDelays)} ms, max ${Math.max(...exitDelays)} ms.`,
  '',
  '**Leftovers** after both phases:',
  '',
  '| what | count |',
  '|---|---:|',
  `| processes carrying the marker (environment or command line) | ${processes.length} |`,
  `| fixture loopback servers still listening (of ${ports.length} started) | ${stillListening.length} |`,
  `| entries in the runs' TMPDIR | ${tmpLeft.length} |`,
  `| temporary results files (\`.*.tmp\`, \`.*.probe\`) beside the outputs | ${outTemps.length} |`,
  `| new POSIX semaphores / shared memory in /dev/shm | ${shmLeft.length} |`,
];
if (problems.length > 0 || processes.length > 0 || tmpLeft.length > 0) {
  lines.push('', 'Details:', '', ...problems.map((p) => `- ${p}`), ...processes.map((p) => `- process ${p}`), ...tmpLeft.map((t) => `- tmp ${t}`));
}
console.log(lines.join('\n'));
for (const pid of processes.map((p) => Number(p.split(' ')[0]))) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}
rmSync(sandbox, { recursive: true, force: true });
const dirty = processes.length + stillListening.length + tmpLeft.length + outTemps.length + shmLeft.length + tornFiles + outcomes.other;
process.exitCode = dirty === 0 ? 0 : 1;
