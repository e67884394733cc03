import { describe, expect, it } from 'vitest';
import { collectRunWarnings } from '../../src/analysis/run-warnings.js';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { scenarioRecord } from '../../src/results/build-document.js';
import type { Finding } from '../../src/results/results-schema.js';
import { makeDocument } from '../helpers/document.js';
import { timedCell } from '../helpers/samples.js';
import { makeScenario } from '../helpers/scenario.js';

const SETTINGS = { minRuns: 5, maxRuns: 30, warmup: 1, precision: 0.03, maxTimeS: 5, timeoutS: 60 };

/** A default run's cell: 5 samples, all within 0.02% of 2.00 s, stopped by the time budget. */
function defaultRunDocument(extraFindings: Finding[] = []) {
  const scenario = makeScenario({ name: 'demo', title: 'Pure-Python CPU kernel', ideal: { model: 'cpu' } });
  const cells = summariseGroup(
    [
      timedCell('sequential', 1, [2000.37, 2000.5, 2000.51, 2000.52, 2000.64]),
      timedCell('threading', 2, [2001.1, 2001.3, 2001.2, 2001.4, 2001.2]),
      timedCell('multiprocessing', 2, [1010, 1012, 1011, 1013, 1011], { stopReason: 'max-runs' }),
    ],
    scenario.ideal,
    2,
  );
  const base = makeDocument(cells, { settings: SETTINGS, scenarios: [scenarioRecord(scenario)] });
  return { ...base, findings: extraFindings, warnings: collectRunWarnings(base, [scenario]) };
}

describe('item 1: an interval of 5 samples is marked, with its real coverage, and why sampling stopped is shown', () => {
  const document = defaultRunDocument();
  const text = REPORTERS.table(document, { color: false });

  it('marks min–max of fewer than 6 samples and says it covers ~94% (1 − 2⁻⁴), not 95%', () => {
    expect(text).toMatch(/wall ±CI\*/);
    expect(text.split('\n').find((line) => line.includes('sequential'))).toMatch(/2\.00 s ±0\.0%/);
    expect(text).toContain('* fewer than 6 samples: the interval is min–max, covering the median ~94% (5 samples), not 95%');
  });

  it('shows each cell’s stop reason', () => {
    expect(text).toContain('sampling stopped: max runs (multiprocessing w=2, 5 runs); time budget spent (the other 2, 5 runs)');
  });

  it('gives no precision warning for cells whose printed interval is within ±3%', () => {
    expect(document.warnings.map((warning) => warning.code)).not.toContain('precision-not-reached');
  });
});

describe('item 7: output for other readers', () => {
  const notMeasured: Finding[] = [1, 2, 3].map((k) => ({ scenario: 'demo', claim: `claim ${k}`, verdict: 'inconclusive', evidence: 'not measured: threading ran at w=2 only; the claim needs w=8', notMeasured: true }));
  const document = { ...defaultRunDocument(notMeasured), warnings: [{ code: 'outliers', scenario: 'demo', message: 'outlier samples (modified z-score above 3.5): threading w=2 (1)' }] };
  const markdown = REPORTERS.markdown(document, { color: false });
  const table = REPORTERS.table(document, { color: false });

  it('says machine, interpreter and settings in one line at the top of markdown and table output', () => {
    expect(table.split('\n')[0]).toBe('Test CPU, 2 CPUs, linux 6.1 · cpython-3.11.7 · 5–30 runs, ±3% target, 5 s per cell, 1 warmup');
    expect(markdown.split('\n')[0]).toBe('_Test CPU, 2 CPUs, linux 6.1 · cpython-3.11.7 · 5–30 runs, ±3% target, 5 s per cell, 1 warmup_');
  });

  it('puts the scenario’s title in markdown headings', () => {
    expect(markdown).toMatch(/^### demo — Pure-Python CPU kernel · cpython-3\.11\.7 · tasks=8$/m);
  });

  it('names the scenario of each markdown warning', () => {
    expect(markdown).toContain('- demo: outlier samples \\(modified z-score above 3.5\\): threading w=2 \\(1\\)');
  });

  it('collapses not-measured claims into one line in markdown, as the table does', () => {
    expect(markdown).not.toMatch(/claim 1/);
    expect(markdown).toContain('- 3 claim\\(s\\) not measured by this run');
    expect(table).toContain('3 claim(s) not measured by this run');
  });
});

describe('csv', () => {
  it('carries the efficiency interval, suspect, whether the wall interval is exact, the stop reason and the real concurrency', () => {
    const rows = REPORTERS.csv(defaultRunDocument(), { color: false }).trim().split('\n');
    const header = rows[0]?.split(',') ?? [];
    const field = (mode: string, name: string) => rows.find((row) => row.split(',')[3] === mode)?.split(',')[header.indexOf(name)];
    expect(field('multiprocessing', 'stop_reason')).toBe('max-runs');
    expect(field('sequential', 'wall_ci_exact')).toBe('false');
    expect(field('multiprocessing', 'in_flight')).toBe('2');
    expect(field('multiprocessing', 'cpus')).toBe('2');
    expect(Number(field('multiprocessing', 'efficiency_ci_low'))).toBeLessThan(Number(field('multiprocessing', 'efficiency_ci_high')));
    expect(field('threading', 'suspect')).toBe('false');
  });
});
