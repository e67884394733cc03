import { describe, expect, it } from 'vitest';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import { collectRunWarnings, MAX_WARNING_CHARS, negligibleSpread } from '../../src/analysis/run-warnings.js';
import type { Scenario } from '../../src/catalogue/scenario-schema.js';
import type { Cell } from '../../src/results/results-schema.js';
import { MACHINE, makeDocument, okCell } from '../helpers/document.js';
import { timedCell } from '../helpers/samples.js';
import { makeScenario } from '../helpers/scenario.js';

function codes(scenario: Scenario, cells: Cell[]): string[] {
  const document = makeDocument(summariseGroup(cells, (scenario).ideal, 2));
  return collectRunWarnings(document, [scenario]).map((warning) => warning.code);
}

describe('collectRunWarnings', () => {
  const cells = (): Cell[] => [okCell('sequential', 1, 100e6), okCell('multiprocessing', 4, 60e6)];

  it('warns of more workers than CPUs where the scenario claims CPU scaling (an ideal of model cpu)', () => {
    expect(codes(makeScenario({ ideal: { model: 'cpu' } }), cells())).toContain('oversubscribed');
  });

  it('does not for scenarios without that model, whatever their kind (spawn-overhead starts no-op units)', () => {
    expect(codes(makeScenario({ kind: 'cpu', ideal: null }), cells())).not.toContain('oversubscribed');
  });
});

describe('warnings that do not drown the results', () => {
  const scenario = makeScenario({ ideal: { model: 'cpu' }, modes: ['sequential', 'threading', 'multiprocessing', 'asyncio', 'async-threads', 'async-processes', 'process-loops'] });
  const warningsOf = (cells: Cell[], overrides: Parameters<typeof makeDocument>[1] = {}) =>
    collectRunWarnings(
      makeDocument(summariseGroup(cells, scenario.ideal, 2), {
        settings: { minRuns: 5, maxRuns: 30, warmup: 1, precision: 0.03, maxTimeS: 5, timeoutS: 60 },
        ...overrides,
      }),
      [scenario],
    );

  it('gives no outlier or variation warning where the samples lie within 1% (2000.37–2000.64 ms: CV 0.006%)', () => {
    const tight = timedCell('sequential', 1, [2000.37, 2000.5, 2000.5, 2000.51, 2000.51, 2000.64]);
    const [summary] = summariseGroup([tight], null, 2).map((cell) => cell.summary);
    expect(summary?.wallNs.outliers).toBeGreaterThan(0); // the modified z-score alone would flag it
    expect(summary?.wallNs.cv).toBeLessThan(0.0001);
    expect(negligibleSpread({ summary: summary ?? null })).toBe(true);
    expect(warningsOf([tight]).map((warning) => warning.code)).not.toContain('outliers');
  });

  it('warns of precision only for cells whose printed interval is wider than the target, not for 5 tight samples printed ±0.0%*', () => {
    const tight = timedCell('sequential', 1, [2000.37, 2000.5, 2000.51, 2000.52, 2000.64]);
    const wide = timedCell('threading', 2, [584, 300, 700, 1450, 520]);
    const warnings = warningsOf([tight, wide]);
    const precision = warnings.filter((warning) => warning.code === 'precision-not-reached');
    expect(precision).toHaveLength(1);
    expect(precision[0]?.message).toBe('wider than the ±3% precision target: threading w=2 (±148%); each spent its time budget: raise --max-time');
  });

  it('names the worst three cells and how many more, one line per kind and scenario, at most 200 characters', () => {
    // cpu-pure on a busy machine: every one of 11 cells above 10% CV.
    const noisy = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((k) => timedCell(k === 1 ? 'sequential' : 'threading', k === 1 ? 1 : k, [400, 500 + k, 620, 800, 410 + k * 20]));
    const warnings = warningsOf(noisy);
    const variation = warnings.filter((warning) => warning.code === 'high-variation');
    expect(variation).toHaveLength(1);
    expect(variation[0]?.message).toBe('high variation (CV above 10%): sequential (30%), threading w=2 (29%), threading w=3 (28%) and 8 more');
    for (const warning of warnings) expect(warning.message.length).toBeLessThanOrEqual(MAX_WARNING_CHARS);
  });

  it('keeps a default run of three noisy scenarios to about a dozen lines', () => {
    const cellsOf = (name: string) => ['sequential', 'threading', 'multiprocessing', 'asyncio', 'async-threads', 'async-processes', 'process-loops'].map((mode, k) =>
      timedCell(mode as Cell['key']['mode'], mode === 'sequential' ? 1 : 2, [584, 300 + k, 700, 1450, 520], { scenario: name }));
    const scenarios = ['cpu-pure', 'fetch-compute', 'sleep-fanout'].map((name) => makeScenario({ name, ideal: null }));
    const cells = scenarios.flatMap((s) => summariseGroup(cellsOf(s.name), null, 2));
    const document = makeDocument(cells, { settings: { minRuns: 5, maxRuns: 30, warmup: 1, precision: 0.03, maxTimeS: 5, timeoutS: 60 } });
    const busy = { ...document.machine, loadDuringRun: { otherCpus: 1.2, loadAvgMax: 3.1, seconds: 90 } };
    const lines = collectRunWarnings({ ...document, machine: busy }, scenarios);
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines[0]?.message).toBe('machine was busy: other work took 1.2 of 2 usable CPUs on average during the run; results are noisy and parallel speedups understated');
  });

  it('judges the load by what other work took during the run, not by the load average of the minute before', () => {
    const cells = [timedCell('sequential', 1, [100, 100.1, 100.2, 100.1, 100])];
    const loadedBefore = { ...MACHINE, loadAvg: [1.96, 1, 1] as [number, number, number] };
    expect(warningsOf(cells, { machine: { ...loadedBefore, loadDuringRun: { otherCpus: 0.1, loadAvgMax: 2.1, seconds: 60 } } }).map((w) => w.code)).not.toContain('machine-loaded');
    expect(warningsOf(cells, { machine: loadedBefore }).map((w) => w.message)).toContain('machine is loaded: load 1.96 on 2 usable CPUs; results will be noisy');
  });

  it('names each cell’s interpreter where the run had several, so two "sequential" cells are told apart', () => {
    const noisy = [100, 140, 90, 160, 100];
    const on = (python: string) => {
      const cell = timedCell('sequential', 1, noisy);
      return { ...cell, key: { ...cell.key, python } };
    };
    // Summarised one interpreter at a time, as the run does (a group is one interpreter's cells).
    const cells = [...summariseGroup([on('cpython-3.11.7')], scenario.ideal, 2), ...summariseGroup([on('cpython-3.14.8')], scenario.ideal, 2)];
    const document = makeDocument(cells, { settings: { minRuns: 5, maxRuns: 30, warmup: 1, precision: 0.03, maxTimeS: 5, timeoutS: 60 } });
    const variation = collectRunWarnings(document, [scenario]).find((w) => w.code === 'high-variation');
    expect(variation?.message).toMatch(/sequential @cpython-3\.1[14]\.\d+ \(\d+%\) and sequential @cpython-3\.1[14]\.\d+ \(\d+%\)/);
  });

  it('names the scenario whose cells met other work when the run’s average stayed under the threshold', () => {
    const quiet = { ...MACHINE, loadDuringRun: { otherCpus: 0.28, loadAvgMax: 3, seconds: 180 } };
    const busy = { ...timedCell('sequential', 1, [100, 100.1, 100.2, 100.1, 100]), loadDuringGroup: { otherCpus: 0.86, loadAvgMax: 3, seconds: 30 } };
    const warnings = warningsOf([busy], { machine: quiet }).filter((w) => w.code === 'machine-loaded');
    expect(warnings).toEqual([{ code: 'machine-loaded', scenario: busy.key.scenario, message: expect.stringMatching(/^machine was busy: other work took 0\.86 of 2 usable CPUs on average while some of its cells ran; rerun/) }]);
    const calm = { ...busy, loadDuringGroup: { otherCpus: 0.1, loadAvgMax: 1, seconds: 30 } };
    expect(warningsOf([calm], { machine: quiet }).map((w) => w.code)).not.toContain('machine-loaded');
  });
});
