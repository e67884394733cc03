import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue, loadScenarioFile, selectScenarios } from '../../src/catalogue/load-catalogue.js';
import { InputError } from '../../src/core/errors.js';

const VALID = `name: mine
title: Mine
kind: io
description: waits
workload: mine.py
params:
  tasks: {default: 8, quick: 4, description: how many}
  latency_ms: {default: [10, 20], description: latency}
modes: [sequential, threading, asyncio]
unsupported:
  multiprocessing: no
  async-threads: no
  async-processes: no
  process-loops: no
workers: {default: [2, auto]}
ideal: {model: io, tasks: tasks, latencyMs: latency_ms}
expectations:
  - {claim: threads help, mode: threading, metric: speedup, op: ">=", value: 1.5}
`;

const root = mkdtempSync(path.join(os.tmpdir(), 'pyconc-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(root, 'case-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function loadError(yaml: string, name = 'mine.yaml'): string {
  const dir = dirWith({ [name]: yaml, 'mine.py': '' });
  try {
    loadScenarioFile(path.join(dir, name), false);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('loadScenarioFile', () => {
  it('normalises a valid file', () => {
    const dir = dirWith({ 'mine.yaml': VALID, 'mine.py': '' });
    const scenario = loadScenarioFile(path.join(dir, 'mine.yaml'), false);
    expect(scenario.workload).toBe(path.join(dir, 'mine.py'));
    expect(scenario.params['tasks']).toEqual({ type: 'number', defaults: [8], quick: [4], description: 'how many' });
    expect(scenario.params['latency_ms']?.quick).toEqual([10, 20]);
    expect(scenario.workers).toEqual({ defaults: [2, 'auto'], quick: [2, 'auto'] });
    expect(scenario.unsupported['process-loops']).toBe('no');
  });

  it('names the file and the misspelt field, with a suggestion', () => {
    const message = loadError(VALID.replace('title: Mine', 'titel: Mine'));
    expect(message).toMatch(/mine\.yaml: unknown field "titel"/);
    expect(message).toContain('did you mean "title"');
  });

  /** The error with the file named by its base name (the tests write it into a temporary folder). */
  const plainError = (yaml: string): string => loadError(yaml).replace(/\S*\/mine\.yaml/g, 'mine.yaml');

  // Issue 21, item 11: `worker:` got "did you mean "workload"?", "(and 1 more problem(s))" was never
  // shown, and a missing field read as zod's "Invalid input: expected string, received undefined".
  it('suggests the key meant from the right set, and does not name the field a misspelling explains as missing', () => {
    expect(plainError(VALID.replace('workers: {default', 'worker: {default'))).toBe('mine.yaml: unknown field "worker" (did you mean "workers"?)');
    // expectation.when was missing from the hand-written key lists: suggestions now come from the schema itself.
    const wen = VALID.replace('op: ">=", value: 1.5}', 'op: ">=", value: 1.5, wen: {gil: true}}');
    expect(plainError(wen)).toBe('mine.yaml: unknown field "wen" in expectations[0] (did you mean "when"?)');
    expect(plainError(wen.replace('wen: {gil', 'when: {gli')).split('\n')).toEqual([
      'mine.yaml: unknown field "gli" in expectations[0].when (did you mean "gil"?)',
      'mine.yaml: expectations[0].when: name gil or startMethod',
    ]);
  });

  it('names a missing required field as missing, and shows every problem, one line each', () => {
    expect(plainError(VALID.replace('title: Mine\n', ''))).toBe('mine.yaml: title: missing (expected string)');
    const lines = plainError(VALID.replace('title: Mine\n', '').replace('kind: io', 'kind: network').replace('quick: 4,', 'quik: 4,')).split('\n');
    expect(lines).toEqual([
      'mine.yaml: unknown field "quik" in params.tasks (did you mean "quick"?)',
      'mine.yaml: title: missing (expected string)',
      'mine.yaml: kind: expected one of io, cpu, mixed, got "network"',
    ]);
  });

  it('reports nested unknown keys with their path', () => {
    expect(loadError(VALID.replace('quick: 4,', 'quik: 4,'))).toMatch(/unknown field "quik" in params\.tasks.*did you mean "quick"/);
  });

  it('reports a wrong type with the field path', () => {
    expect(loadError(VALID.replace('kind: io', 'kind: network'))).toMatch(/mine\.yaml: kind: /);
    expect(loadError(VALID.replace('value: 1.5', 'value: fast'))).toMatch(/expectations\[0\]\.value/);
  });

  it('rejects invalid YAML with the line', () => {
    expect(loadError('name: [unclosed\n')).toMatch(/mine\.yaml: invalid YAML at line \d+: /);
  });

  it('loads a scenario that lists only some modes: the others are "not declared", never an error', () => {
    const dir = dirWith({ 'mine.yaml': VALID.replace(/unsupported:\n( {2}.*\n)+/, ''), 'mine.py': '' });
    const scenario = loadScenarioFile(path.join(dir, 'mine.yaml'), false);
    expect(scenario.modes).toEqual(['sequential', 'threading', 'asyncio']);
    expect(scenario.unsupported).toEqual({});
    expect(scenario.notDeclared).toEqual(['multiprocessing', 'async-threads', 'async-processes', 'process-loops', 'interpreters']);
  });

  it('keeps unsupported: for documenting why a mode is left out', () => {
    const dir = dirWith({ 'mine.yaml': VALID.replace('  process-loops: no\n', ''), 'mine.py': '' });
    const scenario = loadScenarioFile(path.join(dir, 'mine.yaml'), false);
    expect(scenario.unsupported['multiprocessing']).toBe('no');
    expect(scenario.notDeclared).toEqual(['process-loops', 'interpreters']);
  });

  it('checks parameter values against their declared bounds', () => {
    expect(loadError(VALID.replace('tasks: {default: 8, quick: 4, description: how many}', 'tasks: {default: 8, quick: 0, min: 1, integer: true, description: how many}'))).toMatch(
      /params\.tasks\.quick: expected a number ≥ 1, got 0$/,
    );
  });

  it('rejects a mode both supported and unsupported', () => {
    expect(loadError(VALID.replace('  multiprocessing: no', '  threading: no'))).toMatch(/unsupported\.threading: the mode is also listed/);
  });

  it('checks the name against the file name and the workload path', () => {
    expect(loadError(VALID, 'other.yaml')).toMatch(/name: expected "other"/);
    expect(loadError(VALID.replace('workload: mine.py', 'workload: gone.py'))).toMatch(/workload: module not found/);
  });

  it('checks that expectations refer to real modes and params', () => {
    expect(loadError(VALID.replace('mode: threading, metric', 'mode: multiprocessing, metric'))).toMatch(/expectations\[0\]\.mode/);
    expect(loadError(VALID.replace('op: ">="', 'op: ">=", params: {taks: 8}'))).toMatch(/expectations\[0\]\.params\.taks: unknown parameter.*tasks/);
  });

  it('checks exclude entries against the parameters and their values', () => {
    const withExclude = (entries: string): string => loadError(VALID.replace('modes: [', `exclude: ${entries}\nmodes: [`));
    expect(withExclude('[{params: {latncy_ms: 10}}]')).toMatch(/exclude\[0\]\.params\.latncy_ms: unknown parameter.*latency_ms/);
    expect(withExclude('[{params: {latency_ms: 15}}]')).toMatch(/exclude\[0\]\.params\.latency_ms: 15 is not one of the parameter's default or quick values/);
    expect(withExclude('[{params: {}}]')).toMatch(/exclude\[0\]\.params: expected at least one/);
    expect(withExclude('[{parms: {tasks: 8}}]')).toMatch(/"parms" in exclude\[0\] \(did you mean "params"\?\)/);
    expect(withExclude('[{params: {tasks: 8}, modes: [sequential]}]')).toMatch(/exclude\[0\]\.modes: sequential cannot be left out/);
    expect(withExclude('[{params: {tasks: 8}, modes: [multiprocessing]}]')).toMatch(/exclude\[0\]\.modes: "multiprocessing" is not one of this scenario's modes/);
    expect(withExclude('[{params: {latency_ms: 10}}, {params: {tasks: 8}}]')).toMatch(/exclude: every combination of the default parameters is excluded/);
    const claimOnLeftOut = VALID.replace('modes: [', 'exclude: [{params: {latency_ms: 20}, modes: [threading]}]\nmodes: [').replace('value: 1.5}', 'value: 1.5, params: {latency_ms: 20}}');
    expect(loadError(claimOnLeftOut)).toMatch(/expectations\[0\]: its threading cells are left out by exclude\[0\], so the claim could never be checked/);
    const dir = dirWith({ 'mine.yaml': VALID.replace('modes: [', 'exclude: [{params: {latency_ms: 20, tasks: 8}, modes: [asyncio]}]\nmodes: ['), 'mine.py': '' });
    expect(loadScenarioFile(path.join(dir, 'mine.yaml'), false).exclude).toEqual([{ params: { latency_ms: 20, tasks: 8 }, modes: ['asyncio'] }]);
  });

  it('reads report settings, with defaults when absent', () => {
    const load = (yaml: string) => {
      const dir = dirWith({ 'mine.yaml': yaml, 'mine.py': '' });
      return loadScenarioFile(path.join(dir, 'mine.yaml'), false).report;
    };
    expect(load(VALID)).toEqual({ metrics: [], speedup: true });
    expect(load(`${VALID}report: {metrics: [us_per_unit, kb_per_unit], speedup: false}\n`)).toEqual({ metrics: ['us_per_unit', 'kb_per_unit'], speedup: false });
    expect(load(`${VALID}report: {metrics: [items_per_s]}\n`)).toEqual({ metrics: ['items_per_s'], speedup: true });
  });

  it('checks report settings: known keys, snake_case metric names, at most three, no repeats', () => {
    const withReport = (report: string): string => loadError(`${VALID}report: ${report}\n`);
    expect(withReport('{metrics: [a], speedups: false}')).toMatch(/mine\.yaml: unknown field "speedups" in report \(did you mean "speedup"\?\)/);
    expect(withReport('{metrics: [Items-per-s]}')).toMatch(/mine\.yaml: report\.metrics\[0\]: a snake_case metric name/);
    expect(withReport('{metrics: us_per_unit}')).toMatch(/mine\.yaml: report\.metrics: /);
    expect(withReport('{metrics: [a, b, c, d]}')).toMatch(/mine\.yaml: report\.metrics: at most 3 metrics/);
    expect(withReport('{metrics: [a, b, a]}')).toMatch(/mine\.yaml: report\.metrics\[2\]: "a" is listed twice/);
    expect(withReport('{speedup: no}')).toMatch(/mine\.yaml: report\.speedup: /);
  });

  it('reads goal: the figure the recommendation ranks by, its direction the registry\'s unless given', () => {
    const load = (yaml: string) => {
      const dir = dirWith({ 'mine.yaml': yaml, 'mine.py': '' });
      return loadScenarioFile(path.join(dir, 'mine.yaml'), false).goal;
    };
    expect(load(VALID)).toEqual({ metric: 'wallMs', better: 'lower' });
    expect(load(`${VALID}goal: latencyP99Ms\n`)).toEqual({ metric: 'latencyP99Ms', better: 'lower' });
    expect(load(`${VALID}goal: metric:items_per_s\n`)).toEqual({ metric: 'metric:items_per_s', better: 'higher' });
    expect(load(`${VALID}goal: {metric: "metric:score", better: higher}\n`)).toEqual({ metric: 'metric:score', better: 'higher' });
    expect(loadError(`${VALID}goal: speedup\n`)).toMatch(/mine\.yaml: goal: speedup is a figure of a whole cell, not of each sample/);
    expect(loadError(`${VALID}goal: {metric: wallMs, bettr: lower}\n`)).toMatch(/mine\.yaml: .*goal/);
  });

  it('rejects mixed parameter types', () => {
    expect(loadError(VALID.replace('default: [10, 20]', 'default: [10, fast]'))).toMatch(/params\.latency_ms\.default/);
  });
});

describe('loadCatalogue', () => {
  it('loads the built-in catalogue', () => {
    const names = loadCatalogue().map((scenario) => scenario.name);
    expect(names).toContain('sleep-fanout');
    expect(names).toContain('cpu-pure');
  });

  it('reports only metrics the built-in workloads return', () => {
    const reported = loadCatalogue().filter((scenario) => scenario.report.metrics.length > 0);
    expect(reported.map((scenario) => scenario.name)).toEqual(['latency-under-load', 'lock-contention', 'producer-consumer', 'spawn-overhead']);
    for (const scenario of reported) {
      const source = readFileSync(scenario.workload, 'utf8');
      for (const metric of scenario.report.metrics) expect(source, `${scenario.name}: ${metric}`).toContain(`"${metric}"`);
    }
    expect(reported.find((scenario) => scenario.name === 'spawn-overhead')?.report).toEqual({ metrics: ['us_per_unit', 'kb_per_unit'], speedup: false });
    // Where wall time is not what matters, the scenario says which figure is (and a metric goal is one the workload reports).
    const goals = Object.fromEntries(loadCatalogue().filter((scenario) => scenario.goal.metric !== 'wallMs').map((scenario) => [scenario.name, scenario.goal]));
    expect(goals).toEqual({
      'latency-under-load': { metric: 'metric:io_p99_ms', better: 'lower' },
      'producer-consumer': { metric: 'metric:items_per_s', better: 'higher' },
      'spawn-overhead': { metric: 'metric:us_per_unit', better: 'lower' },
    });
  });

  it('adds user directories and refuses duplicate names', () => {
    const dir = dirWith({ 'mine.yaml': VALID, 'mine.py': '' });
    expect(loadCatalogue([dir]).map((scenario) => scenario.name)).toContain('mine');
    const clash = dirWith({ 'cpu-pure.yaml': VALID.replace('name: mine', 'name: cpu-pure').replace('mine.py', 'x.py'), 'x.py': '' });
    expect(() => loadCatalogue([clash])).toThrow(/already used by/);
  });

  it('fails clearly on a missing directory', () => {
    expect(() => loadCatalogue(['/nonexistent/pyconc'])).toThrow(/scenario directory not found/);
  });
});

describe('selectScenarios', () => {
  it('suggests the nearest name', () => {
    expect(() => selectScenarios(loadCatalogue(), ['cpu-pur'])).toThrow(/unknown scenario "cpu-pur" \(did you mean "cpu-pure"\?\)/);
  });
});
