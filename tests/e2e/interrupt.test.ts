import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { Sandbox } from '../helpers/leftovers.js';

// Ctrl-C and SIGTERM in the middle of a run, against the built CLI and the real python3.
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'misbehaving');

let sandbox: Sandbox;
afterEach(() => sandbox?.dispose());

/** Starts the CLI without waiting for it; `waitFor` polls its stderr (or anything) until a condition holds. */
function startCli(args: string[]) {
  const child = execa('node', [BIN, ...args], {
    reject: false,
    cwd: ROOT,
    env: { NO_COLOR: '1', ...sandbox.env() },
    stdin: 'ignore',
    timeout: 60_000,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const waitFor = async (what: string, condition: () => boolean): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!condition()) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`gave up waiting for ${what}; stderr so far:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, stderr: () => stderr, waitFor };
}

interface DocumentJson {
  interrupted: boolean;
  finishedAt: string | null;
  cells: { key: { mode: string; params: Record<string, unknown> }; status: string; reason: string | null; samples: unknown[] }[];
}

async function expectNothingLeftBehind(): Promise<void> {
  expect(await sandbox.leftoverProcesses()).toEqual([]);
  expect(sandbox.stillListening()).toEqual([]);
  expect(sandbox.leftoverTempEntries()).toEqual([]);
}

describe('interruption: stop starting samples, kill the running one, keep what finished, exit 130', () => {
  it('SIGINT after the first group: its cells are kept, the document says interrupted, tables are printed', async () => {
    sandbox = new Sandbox();
    const output = path.join(sandbox.root, 'results.json');
    const cli = startCli([
      'run', 'fx-slow', '--scenarios', FIXTURES, '--runs', '2', '--warmup', '0', '-o', output,
      '--param', 'tasks=2', '--param', 'sleep_ms=100,400', '--param', `marker=${sandbox.marker}`,
    ]);
    await cli.waitFor('the first group to finish', () => /async-threads w=\d+ .*sleep_ms=100: 2 runs/.test(cli.stderr()));
    expect(existsSync(output)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300)); // into the second group's first samples
    cli.child.kill('SIGINT');
    const result = await cli.child;

    expect(result.exitCode).toBe(130);
    expect(cli.stderr()).toMatch(/pyconc: SIGINT: stopping after killing the running sample/);
    expect(cli.stderr()).not.toMatch(/internal error|\n\s+at /);
    const document = JSON.parse(readFileSync(output, 'utf8')) as DocumentJson;
    expect(document.interrupted).toBe(true);
    expect(document.finishedAt).not.toBeNull();
    const first = document.cells.filter((cell) => cell.key.params['sleep_ms'] === 100 && cell.status === 'ok');
    expect(first.map((cell) => cell.key.mode)).toEqual(['sequential', 'threading', 'async-threads']);
    for (const cell of first) expect(cell.samples).toHaveLength(2);
    const second = document.cells.filter((cell) => cell.key.params['sleep_ms'] === 400 && cell.status !== 'unsupported');
    expect(second.some((cell) => cell.status === 'skipped' && /^interrupted after \d sample\(s\)$/.test(cell.reason ?? ''))).toBe(true);
    // The tables for what it has.
    expect(String(result.stdout)).toMatch(/fx-slow — Slow/);
    expect(String(result.stdout)).toMatch(/sleep_ms=100/);
    await expectNothingLeftBehind();
  });

  it('SIGTERM (a CI job being stopped) in the first sample: same contract', async () => {
    sandbox = new Sandbox();
    const output = path.join(sandbox.root, 'results.json');
    const cli = startCli([
      'run', 'fx-slow', '--scenarios', FIXTURES, '--runs', '3', '--warmup', '0', '-o', output, '--format', 'markdown',
      '--param', 'tasks=4', '--param', 'sleep_ms=200', '--param', `marker=${sandbox.marker}`,
    ]);
    // The sample's child carries the marker: the first sample is running.
    await cli.waitFor('the first sample to start', () => sandbox.leftoverProcessesNow().some((found) => found.args.includes('fx-slow-child')));
    cli.child.kill('SIGTERM');
    const result = await cli.child;

    expect(result.exitCode).toBe(130);
    expect(cli.stderr()).toMatch(/pyconc: SIGTERM: stopping/);
    const document = JSON.parse(readFileSync(output, 'utf8')) as DocumentJson;
    expect(document.interrupted).toBe(true);
    expect(document.cells.filter((cell) => cell.status !== 'unsupported').every((cell) => cell.status === 'skipped')).toBe(true);
    expect(String(result.stdout)).toMatch(/^### fx-slow/m);
    await expectNothingLeftBehind();
  });

  it('a second SIGINT exits at once, killing the sample that ignores SIGTERM and everything it started', async () => {
    sandbox = new Sandbox();
    const output = path.join(sandbox.root, 'results.json');
    writeFileSync(output, '{"precious": true}');
    const cli = startCli([
      'run', 'fx-ignores-term', '--scenarios', FIXTURES, '--runs', '1', '--warmup', '0', '-o', output,
      '--param', `marker=${sandbox.marker}`, '--param', `portdir=${sandbox.portDir}`,
    ]);
    await cli.waitFor('the sample to start its server', () => readdirSync(sandbox.portDir).length > 0);
    cli.child.kill('SIGINT');
    // The first SIGINT is being handled (the sample got SIGTERM, which it ignores; SIGKILL is half a second away).
    await cli.waitFor('the first SIGINT to be handled', () => /SIGINT: stopping/.test(cli.stderr()));
    cli.child.kill('SIGINT');
    const result = await cli.child;

    expect(result.exitCode).toBe(130);
    expect(cli.stderr()).toMatch(/pyconc: SIGINT again: running samples killed, exiting now/);
    expect(String(result.stdout)).toBe('');
    // Nothing had finished: the existing file was never rewritten, let alone torn.
    expect(readFileSync(output, 'utf8')).toBe('{"precious": true}');
    expect(sandbox.recordedPortCount()).toBe(1);
    await expectNothingLeftBehind();
  });
});
