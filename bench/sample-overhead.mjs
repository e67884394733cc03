#!/usr/bin/env node
// Measures what one pyconc sample costs beyond the interpreter's own start-up, per mode:
// the whole-process wall time of `python harness.py run <noop spec>` minus `python -c pass`,
// both spawned the way pyconc spawns them, and minus `python -c "import …"` of the modules the mode
// needs (what any program using that model pays at the least). Then `pyconc --help` against
// `node -e 0` (the CLI's own start-up), and `pyconc run --quick` end to end.
// Usage: node bench/sample-overhead.mjs [--runs N] [--python python3] [--skip-quick]
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const runs = Number(flag('--runs', '30'));
const pythonCommand = flag('--python', 'python3');
// What each mode needs to import at the least: the standard library module(s) of its model.
const modeImports = {
  sequential: null,
  threading: 'concurrent.futures',
  multiprocessing: 'multiprocessing',
  asyncio: 'asyncio',
  'async-threads': 'asyncio, concurrent.futures',
  'async-processes': 'asyncio, concurrent.futures, multiprocessing',
  'process-loops': 'asyncio, multiprocessing',
  interpreters: 'concurrent.futures',
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Times commands round-robin (A B C, A B C, …) so that the machine's drift hits each alike: two
 * warmup rounds (page cache, __pycache__), then `runs` rounds. A command is [file, argv, {fd3}].
 */
async function timeInterleaved(commands) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs + 2; i++) {
    for (const [index, [file, argv, options = {}]] of commands.entries()) {
      const start = process.hrtime.bigint();
      await execa(file, argv, { stdio: ['ignore', 'ignore', 'pipe', ...(options.fd3 ? ['pipe'] : [])] });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (i >= 2) times[index]?.push(ms);
    }
  }
  return times.map((t) => ({ median: median(t), min: Math.min(...t) }));
}

const { stdout: executable } = await execa(pythonCommand, ['-c', 'import sys; print(sys.executable)']);
const { stdout: version } = await execa(executable, ['-c', 'import platform; print(platform.python_version())']);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-bench-'));
const harness = path.join(root, 'python', 'harness.py');
const [major, minor] = version.split('.').map(Number);
const modes = Object.keys(modeImports).filter((mode) => mode !== 'interpreters' || major > 3 || (major === 3 && minor >= 14));
console.log(`# sample overhead: ${executable} (Python ${version}), ${runs} runs each, ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}`);

const passCommand = [executable, ['-c', 'pass']];
const [bare, shim] = await timeInterleaved([passCommand, ...(pythonCommand === executable ? [] : [[pythonCommand, ['-c', 'pass']]])]);
console.log(`\n| command | median ms | min ms | minus python -c pass (median) | the mode's imports: \`python -c "import …"\` median ms | harness minus the imports (median) |`);
console.log('|---|---:|---:|---:|---|---:|');
if (shim) console.log(`| \`${pythonCommand} -c pass\` (through the shim) | ${shim.median.toFixed(1)} | ${shim.min.toFixed(1)} | ${(shim.median - bare.median).toFixed(1)} | | |`);
console.log(`| \`python -c pass\` | ${bare.median.toFixed(1)} | ${bare.min.toFixed(1)} | 0 | | |`);
for (const mode of modes) {
  const spec = {
    protocol: 'pyconc/harness@1', workload: path.join(root, 'bench', 'noop_workload.py'), scenario: 'noop',
    mode, workers: 2, params: { tasks: 1 }, startMethod: null, tmpDir: path.join(tmp, mode),
  };
  const modules = modeImports[mode];
  // Each mode's sample is timed round-robin with `python -c pass` and its own imports, so the differences are of neighbours.
  const sample = [executable, ['-X', 'faulthandler', harness, 'run', JSON.stringify(spec), '--reply-fd', '3'], { fd3: true }];
  const [t, pass, imports] = await timeInterleaved([sample, passCommand, ...(modules ? [[executable, ['-c', `import ${modules}`]]] : [])]);
  const base = imports ?? pass;
  const label = modules ? `\`${modules}\`: ${base.median.toFixed(1)}` : 'none';
  console.log(`| harness \`${mode}\` (workers=2, 1 no-op task) | ${t.median.toFixed(1)} | ${t.min.toFixed(1)} | ${(t.median - pass.median).toFixed(1)} | ${label} | ${(t.median - base.median).toFixed(1)} |`);
}
rmSync(tmp, { recursive: true, force: true });

const [node, help] = await timeInterleaved([[process.execPath, ['-e', '0']], [process.execPath, [path.join(root, 'bin', 'pyconc.js'), '--help']]]);
console.log(`\n| command | median ms | min ms | minus \`node -e 0\` (median) |\n|---|---:|---:|---:|`);
console.log(`| \`node -e 0\` | ${node.median.toFixed(1)} | ${node.min.toFixed(1)} | 0 |`);
console.log(`| \`node bin/pyconc.js --help\` | ${help.median.toFixed(1)} | ${help.min.toFixed(1)} | ${(help.median - node.median).toFixed(1)} |`);

if (!args.includes('--skip-quick')) {
  const start = process.hrtime.bigint();
  const result = await execa('node', [path.join(root, 'bin', 'pyconc.js'), 'run', '--quick'], { reject: false, env: { NO_COLOR: '1' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`\n\`pyconc run --quick\` (whole catalogue): ${seconds.toFixed(1)} s, exit ${result.exitCode}`);
}
