import { describe, expect, it } from 'vitest';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import type { Scenario } from '../../src/catalogue/scenario-schema.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { csvField } from '../../src/report/csv-reporter.js';
import { metricTitle } from '../../src/core/metrics.js';
import { escapeMarkdown } from '../../src/report/markdown-reporter.js';
import { breakTitle } from '../../src/report/table-reporter.js';
import { scenarioRecord } from '../../src/results/build-document.js';
import type { Cell } from '../../src/results/results-schema.js';
import { makeDocument, okCell } from '../helpers/document.js';
import { makeScenario } from '../helpers/scenario.js';

function document() {
  const cells = summariseGroup(
    [
      okCell('sequential', 1, 400e6),
      okCell('threading', 2, 410e6),
      okCell('multiprocessing', 2, 210e6),
      { ...okCell('asyncio', 1, 0), status: 'unsupported', reason: 'no async stage', samples: [] },
      { ...okCell('async-threads', 2, 0), status: 'failed', reason: 'ValueError: boom | *bold*', samples: [] },
    ],
    makeScenario().ideal,
    2,
  );
  return makeDocument(cells, {
    findings: [{ scenario: 'demo', claim: 'threads give no speedup', verdict: 'confirmed', evidence: 'threading w=2 speedup = 0.98' }],
    warnings: [{ code: 'machine-loaded', message: 'machine is loaded' }],
  });
}

/** An ok cell of the given scenario whose samples report these workload metrics. */
function metricCell(scenario: string, mode: Cell['key']['mode'], wallNs: number, metrics: Record<string, number>): Cell {
  const cell = okCell(mode, mode === 'sequential' ? 1 : 8, wallNs);
  return { ...cell, key: { ...cell.key, scenario }, samples: cell.samples.map((sample) => ({ ...sample, metrics })) };
}

/** A document of one scenario's group, recording the scenario as a run does. */
function scenarioDocument(scenario: Scenario, cells: Cell[]) {
  return makeDocument(summariseGroup(cells, (scenario).ideal, 2), { scenarios: [scenarioRecord(scenario)] });
}

/** Like spawn-overhead: costs per unit as metrics, no ideal model, no meaningful speedup. */
function spawnDocument() {
  const scenario = makeScenario({ name: 'spawn', title: 'Start-up cost', ideal: null, report: { metrics: ['us_per_unit', 'kb_per_unit'], speedup: false } });
  return scenarioDocument(scenario, [
    metricCell('spawn', 'sequential', 20e3, { us_per_unit: 0.0595 }),
    metricCell('spawn', 'threading', 3.2e6, { us_per_unit: 84.04, kb_per_unit: 98.7 }),
    metricCell('spawn', 'multiprocessing', 468e6, { us_per_unit: 58_412, kb_per_unit: 9377 }),
    metricCell('spawn', 'asyncio', 0.7e6, { us_per_unit: 11.2, kb_per_unit: 0 }),
    { ...metricCell('spawn', 'async-processes', 0, {}), status: 'unsupported', reason: 'a pool reuses its processes', samples: [] },
  ]);
}

/** Like lock-contention: a metric next to slow-downs with a wide speedup column, and an unsupported mode. */
function lockDocument() {
  const scenario = makeScenario({ name: 'lock', ideal: null, report: { metrics: ['ns_per_increment'], speedup: true } });
  return scenarioDocument(scenario, [
    metricCell('lock', 'sequential', 43.4e6, { ns_per_increment: 2712.5 }),
    metricCell('lock', 'threading', 149.4e6, { ns_per_increment: 9337.5 }),
    metricCell('lock', 'async-processes', 124e6, { ns_per_increment: 7750 }),
    { ...metricCell('lock', 'process-loops', 0, {}), status: 'unsupported', reason: 'a lock blocks the loop', samples: [] },
  ]);
}

function widest(text: string): string {
  return text.split('\n').reduce((a, b) => (b.length > a.length ? b : a), '');
}

describe('table reporter', () => {
  const text = REPORTERS.table(document(), { color: false });
  const lines = text.split('\n');

  it('prints one row per cell with wall, speedup and its CI, efficiency, CPU, RSS and status', () => {
    expect(text).toMatch(/demo {2}cpython-3\.11\.7 · tasks=8/);
    const mp = lines.find((line) => line.includes('multiprocessing'));
    expect(mp).toMatch(/210 ms ±0\.0%/);
    expect(mp).toMatch(/1\.9× \(1\.9–1\.9\)/);
    expect(mp).toMatch(/95%/); // ideal: 400 ms / 2 CPUs over 210 ms
    expect(mp).toMatch(/2\.0 MB/);
    expect(lines.find((line) => line.includes('sequential'))).toMatch(/1 \(baseline\)/);
  });

  it('explains unsupported and failed cells in footnotes', () => {
    expect(lines.find((line) => line.includes('asyncio'))).toMatch(/unsupported \[1\]/);
    expect(lines.find((line) => line.includes('async-threads'))).toMatch(/FAILED \[2\]/);
    expect(text).toMatch(/\[1\] asyncio: no async stage/);
    expect(text).toMatch(/\[2\] async-threads w=2: ValueError: boom/);
  });

  it('prints findings and warnings after the tables', () => {
    expect(text.indexOf('Findings')).toBeGreaterThan(text.indexOf('multiprocessing'));
    expect(text).toMatch(/confirmed\s+demo: threads give no speedup/);
    expect(text).toMatch(/Warnings\n\s+! machine is loaded/);
  });

  it('stays within 100 columns, with metric columns too', () => {
    for (const table of [text, REPORTERS.table(spawnDocument(), { color: false }), REPORTERS.table(lockDocument(), { color: false })]) {
      expect(widest(table).length, widest(table)).toBeLessThanOrEqual(100);
    }
  });

  it('has no colour codes when colour is off, and some when on', () => {
    expect(text).not.toMatch(/\x1b\[/);
    expect(REPORTERS.table(document(), { color: true })).toMatch(/\x1b\[/);
  });
});

describe('table reporter, scenarios with report settings', () => {
  const text = REPORTERS.table(spawnDocument(), { color: false });
  const lines = text.split('\n');
  const row = (mode: string) => lines.find((line) => line.includes(` ${mode} `))?.split('│').map((column) => column.trim()) ?? [];

  it('shows the metrics as columns after RSS, and neither speedup nor an empty ideal column', () => {
    expect(row('mode')).toEqual(['', 'mode', 'w', 'wall ±CI*', 'CPU', 'RSS', 'µs/unit', 'KB/unit', 'status', '']);
    expect(text).not.toMatch(/speedup|baseline|ideal/);
  });

  it('gives the medians three significant figures, and – where a cell has no such metric', () => {
    expect(row('sequential').slice(6, 8)).toEqual(['0.0595', '–']);
    expect(row('threading').slice(6, 8)).toEqual(['84.0', '98.7']);
    expect(row('multiprocessing').slice(6, 8)).toEqual(['58.4k', '9380']);
    expect(row('asyncio').slice(6, 8)).toEqual(['11.2', '0']);
    expect(row('async-processes').slice(6, 9)).toEqual(['–', '–', 'unsupported [1]']);
  });

  it('leaves the CPU share out below a millisecond, where reading the CPU time is most of it', () => {
    expect(row('sequential')[4]).toBe('–'); // 20 µs
    expect(row('asyncio')[4]).toBe('–'); // 0.7 ms
    expect(row('threading')[4]).toBe('100%'); // 3.2 ms
  });

  it('breaks metric titles over two lines only when the table would be wider than 100 columns', () => {
    expect(lines.some((line) => line.includes('µs/unit'))).toBe(true);
    const lock = REPORTERS.table(lockDocument(), { color: false }).split('\n');
    expect(lock.find((line) => line.includes(' mode '))).toMatch(/RSS │\s+ns\/ │ status/);
    expect(lock.find((line) => line.includes(' incr '))).toMatch(/^│\s+│.*│ incr │\s+│$/);
    expect(lock.find((line) => line.includes('threading'))).toMatch(/0\.29× \(0\.29–0\.29\).*9340/);
  });

  it('shows the plain columns for scenarios the document does not record (documents from before report settings)', () => {
    const document = spawnDocument();
    const old = REPORTERS.table({ ...document, scenarios: [{ name: 'spawn', title: 'Start-up cost' }] }, { color: false });
    expect(old).toMatch(/speedup, 95% CI/);
    expect(old).not.toMatch(/µs\/unit/);
    expect(REPORTERS.table({ ...document, scenarios: undefined }, { color: false })).toMatch(/1 \(baseline\)/);
  });
});

describe('metric titles', () => {
  it('reads _per_ as a slash and respells a few words', () => {
    expect(['us_per_unit', 'kb_per_unit', 'items_per_s', 'ns_per_increment', 'io_p99_ms', 'cpu_done_ms'].map(metricTitle)).toEqual([
      'µs/unit', 'KB/unit', 'items/s', 'ns/incr', 'I/O p99 ms', 'CPU done ms',
    ]);
  });

  it('breaks after the last space, else after the last slash', () => {
    expect(breakTitle('I/O p99 ms')).toBe('I/O p99\nms');
    expect(breakTitle('ns/incr')).toBe('ns/\nincr');
    expect(breakTitle('items')).toBe('items');
  });
});

describe('markdown reporter', () => {
  it('renders a GitHub table and escapes text from workloads', () => {
    const text = REPORTERS.markdown(document(), { color: false });
    expect(text).toMatch(/^### demo/m);
    expect(text).toMatch(/\| mode \| w \|/);
    expect(text).toContain('ValueError: boom \\| \\*bold\\*');
    expect(escapeMarkdown('<script>')).toBe('\\<script\\>');
  });

  it('has the metric columns and no speedup where the scenario says so', () => {
    const text = REPORTERS.markdown(spawnDocument(), { color: false });
    expect(text).toContain('| mode | w | wall ±CI\\* | mean ± σ | min … max | CPU | RSS | µs/unit | KB/unit | status |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    expect(text).toMatch(/^\| multiprocessing \| 8 \| 468 ms ±0\.0% \| 468 ms ± 0 ns \| 468 ms … 468 ms \| 100% \| 2\.0 MB \| 58\.4k \| 9380 \| ok \|$/m);
    expect(text).not.toMatch(/baseline/);
  });
});

describe('csv reporter', () => {
  it('has a header and one row per cell', () => {
    const rows = REPORTERS.csv(document(), { color: false }).trim().split('\n');
    expect(rows[0]).toMatch(/^scenario,python,params,mode,workers,status/);
    expect(rows).toHaveLength(6);
    expect(rows[0]).not.toMatch(/metric_/);
  });
  it('has one header for the whole file, with a column for every workload metric of any scenario', () => {
    const spawn = spawnDocument();
    const lock = lockDocument();
    const rows = REPORTERS.csv({ ...spawn, cells: [...spawn.cells, ...lock.cells] }, { color: false }).trim().split('\n');
    const header = rows[0]?.split(',') ?? [];
    expect(header.slice(-4)).toEqual(['reason', 'metric_us_per_unit', 'metric_kb_per_unit', 'metric_ns_per_increment']);
    const field = (mode: string, name: string) => rows.find((row) => row.split(',')[3] === mode)?.split(',')[header.indexOf(name)];
    expect(field('multiprocessing', 'metric_us_per_unit')).toBe('58412');
    expect(field('sequential', 'metric_kb_per_unit')).toBe('');
    expect(field('async-processes', 'metric_kb_per_unit')).toBe('');
    expect(rows.find((row) => row.startsWith('lock,') && row.includes(',threading,'))?.split(',').slice(-3)).toEqual(['', '', '9337.5']);
  });
  it('quotes and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('=cmd()')).toBe("'=cmd()");
    expect(csvField(-1)).toBe('-1');
  });
});

describe('json reporter', () => {
  it('prints the document', () => {
    expect(JSON.parse(REPORTERS.json(document(), { color: false })).schema).toBe('pyconc/results@1');
  });
});
