import { describe, expect, it } from 'vitest';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { csvField } from '../../src/report/csv-reporter.js';
import { escapeMarkdown } from '../../src/report/markdown-reporter.js';
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
    makeScenario(),
    2,
  );
  return makeDocument(cells, {
    findings: [{ scenario: 'demo', claim: 'threads give no speedup', verdict: 'confirmed', evidence: 'threading w=2 speedup = 0.98' }],
    warnings: [{ code: 'machine-loaded', message: 'machine is loaded' }],
  });
}

describe('table reporter', () => {
  const text = REPORTERS.table(document(), { color: false });
  const lines = text.split('\n');

  it('prints one row per cell with wall, speedup and its CI, efficiency, CPU, RSS and status', () => {
    expect(text).toMatch(/demo  cpython-3\.11\.7 · tasks=8/);
    const mp = lines.find((line) => line.includes('multiprocessing'));
    expect(mp).toMatch(/210 ms ±0\.0%/);
    expect(mp).toMatch(/1\.90× \(1\.9–1\.9\)/);
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

  it('stays within 100 columns', () => {
    const widest = lines.reduce((a, b) => (b.length > a.length ? b : a), "");
    expect(widest.length, widest).toBeLessThanOrEqual(100);
  });

  it('has no colour codes when colour is off, and some when on', () => {
    expect(text).not.toMatch(/\x1b\[/);
    expect(REPORTERS.table(document(), { color: true })).toMatch(/\x1b\[/);
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
});

describe('csv reporter', () => {
  it('has a header and one row per cell', () => {
    const rows = REPORTERS.csv(document(), { color: false }).trim().split('\n');
    expect(rows[0]).toMatch(/^scenario,python,params,mode,workers,status/);
    expect(rows).toHaveLength(6);
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
