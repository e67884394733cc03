import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyConfig, loadConfig } from '../../src/cli/config-file.js';
import { buildProgram } from '../../src/cli/program.js';
import { InputError } from '../../src/core/errors.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'pyconc-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(root, 'case-'));
  for (const [name, json] of Object.entries(files)) writeFileSync(path.join(dir, name), typeof json === 'string' ? json : JSON.stringify(json));
  return dir;
}

const program = () => buildProgram({ setExit: () => {}, interrupt: new AbortController(), runStarted: () => {} });

/** The run command after parsing `args`, with the config of `dir` applied. */
function runFlags(dir: string, args: string[]): Record<string, unknown> {
  const built = program();
  const run = built.commands.find((command) => command.name() === 'run');
  if (run === undefined) throw new Error('no run command');
  run.action(() => {});
  built.parse(['node', 'pyconc', 'run', ...args]);
  const config = loadConfig(built, dir);
  if (config !== null) applyConfig(run, config);
  return run.opts();
}

describe('the config file', () => {
  it('gives defaults for any flag; flags on the command line win', () => {
    const dir = dirWith({ 'pyconc.config.json': { run: { 'max-time': 5, modes: 'threading', param: 'tasks=4', 'step-summary': false } } });
    const flags = runFlags(dir, ['--modes', 'asyncio']);
    expect(flags).toMatchObject({ maxTime: '5', modes: 'asyncio', param: ['tasks=4'], stepSummary: false });
  });

  it('holds --values-per-process and --show like any run flag', () => {
    const dir = dirWith({ 'pyconc.config.json': { run: { 'values-per-process': 3, show: 'warm' } } });
    expect(runFlags(dir, [])).toMatchObject({ valuesPerProcess: '3', show: 'warm' });
    expect(runFlags(dir, ['--values-per-process', '5'])).toMatchObject({ valuesPerProcess: '5' });
  });

  it('may be a pyconc key of package.json', () => {
    const dir = dirWith({ 'package.json': { name: 'x', pyconc: { run: { quick: true } } } });
    expect(runFlags(dir, [])).toMatchObject({ quick: true });
  });

  it('refuses unknown keys, naming the file and the field with a hint', () => {
    const dir = dirWith({ 'pyconc.config.json': { run: { 'max-tme': 5 } } });
    expect(() => loadConfig(program(), dir)).toThrow(InputError);
    expect(() => loadConfig(program(), dir)).toThrow(/^pyconc\.config\.json: unknown field "max-tme" in run \(did you mean "max-time"\?\)$/);
    const bad = dirWith({ 'pyconc.config.json': '{ not json' });
    expect(() => loadConfig(program(), bad)).toThrow(/^pyconc\.config\.json: cannot read the config \(not valid JSON\)$/);
  });

  it("turns the gate's thresholds into compare's defaults", () => {
    const dir = dirWith({ 'pyconc.config.json': { gate: { threshold: '5%', thresholds: { 'cpu-pure': '15%' } } } });
    const built = program();
    const compare = built.commands.find((command) => command.name() === 'compare');
    if (compare === undefined) throw new Error('no compare command');
    compare.action(() => {});
    built.parse(['node', 'pyconc', 'compare', 'a.json']);
    const config = loadConfig(built, dir);
    if (config !== null) applyConfig(compare, config);
    expect(compare.opts()).toMatchObject({ threshold: '5%', scenarioThreshold: ['cpu-pure=15%'] });
  });
});
