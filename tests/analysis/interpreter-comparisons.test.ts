import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareInterpreters } from '../../src/analysis/interpreter-comparisons.js';
import { reportCommand } from '../../src/commands/report-command.js';
import { markdownReporter } from '../../src/report/markdown-reporter.js';
import { tableReporter } from '../../src/report/table-reporter.js';
import type { Cell, ResultsDocument } from '../../src/results/results-schema.js';
import { makeDocument, okCell } from '../helpers/document.js';
import { makeInterpreter } from '../helpers/scenario.js';

const on = (python: string, cell: Cell): Cell => okCell(cell.key.mode, cell.key.workers, cell.samples[0]?.wallNs ?? 0, { key: { ...cell.key, python } });
const OLD = 'cpython-3.9.18';
const NEW = 'cpython-3.12.1';
const cells = [
  on(OLD, okCell('sequential', 1, 2e8)),
  on(OLD, okCell('threading', 2, 2e8)),
  on(NEW, okCell('sequential', 1, 1e8)),
  on(NEW, okCell('threading', 2, 1e8)),
];
const interpreters = [{ ...makeInterpreter({ id: OLD, version: '3.9.18' }) }, { ...makeInterpreter({ id: NEW, version: '3.12.1' }) }];
/** A document as a finished run writes it: with its interpreter comparisons. */
const analysed = (document: ResultsDocument): ResultsDocument => ({ ...document, interpreterComparisons: compareInterpreters(document) });

describe('compareInterpreters', () => {
  it('puts the interpreters of each mode side by side, with the ratio to the first', () => {
    const [view, ...more] = compareInterpreters(makeDocument(cells, { interpreters }));
    expect(more).toEqual([]);
    expect(view?.first).toBe(OLD);
    expect(view?.rows.map((row) => [row.label, row.python, row.medianNs, row.vsFirst?.value ?? null])).toEqual([
      ['sequential', OLD, 2e8, null],
      ['sequential', NEW, 1e8, 2],
      ['threading w=2', OLD, 2e8, null],
      ['threading w=2', NEW, 1e8, 2],
    ]);
  });

  it('is empty for one interpreter, and the reporters then print none', () => {
    const single = analysed(makeDocument(cells.slice(0, 2)));
    expect(single.interpreterComparisons).toEqual([]);
    expect(tableReporter(single, { color: false, charts: false })).not.toContain('by interpreter');
  });

  it('is computed by `pyconc report` for a document written before runs recorded it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pyconc-old-'));
    try {
      const file = path.join(dir, 'old.json');
      writeFileSync(file, JSON.stringify(makeDocument(cells, { interpreters })));
      let text = '';
      const sink = { write: (chunk: string) => { text += chunk; return true; } };
      reportCommand(file, { format: 'table', color: false, charts: false, stepSummary: false }, { stdout: sink, stderr: sink, env: {} });
      expect(text).toMatch(/demo by interpreter {2}tasks=8/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is printed under the scenario in the table and in markdown', () => {
    const document = analysed(makeDocument(cells, { interpreters }));
    const table = tableReporter(document, { color: false, charts: false });
    expect(table).toMatch(/demo by interpreter {2}tasks=8/);
    expect(table).toContain(`vs ${OLD}`);
    expect(table).toMatch(/threading w=2 +│ cpython-3\.12\.1 .* 2\.0× \(2\.0–2\.0\)/);
    const markdown = markdownReporter(document, { color: false, charts: false });
    expect(markdown).toContain('#### demo by interpreter · tasks=8');
    expect(markdown).toContain('| threading w=2 | cpython-3.12.1 | 100 ms | 2.0× ');
  });
});

const OLD311 = 'cpython-3.11.9';
const NEW314 = 'cpython-3.14.0';
/** A cell on `python` whose samples spread ±2% around `ns`. */
const spread = (python: string, mode: 'sequential' | 'threading' | 'multiprocessing', workers: number, ns: number): Cell => {
  const one = okCell(mode, workers, ns, { key: { ...okCell(mode, workers, ns).key, python } });
  one.samples = [0.98, 1, 1.02, 0.99, 1.01, 1].map((f) => ({ ...one.samples[0]!, wallNs: ns * f, workNs: ns * f }));
  return one;
};
const interpreters314 = [{ ...makeInterpreter({ id: OLD311, version: '3.11.9' }) }, { ...makeInterpreter({ id: NEW314, version: '3.14.0' }) }];

describe('the interpreter comparisons in words', () => {
  // cpu-pure on this machine: 3.14 runs the Python a little faster, but its forkserver pool starts slowly.
  const cells = [
    spread(OLD311, 'sequential', 1, 400e6), spread(OLD311, 'threading', 2, 410e6), spread(OLD311, 'multiprocessing', 2, 260e6),
    spread(NEW314, 'sequential', 1, 330e6), spread(NEW314, 'threading', 2, 340e6), spread(NEW314, 'multiprocessing', 2, 900e6),
  ];
  const document = analysed(makeDocument(cells, { interpreters: interpreters314 }));

  it('says in words how the interpreter’s own speed compares, which mode is fastest on each, and what changed most', () => {
    const [finding, ...more] = compareInterpreters(document).flatMap((comparison) => comparison.findings);
    expect(more).toEqual([]);
    expect(finding?.subject).toBe(`demo [tasks=8]: ${NEW314} against ${OLD311}`);
    expect(finding?.text).toMatch(/^sequential 1\.2\d× \(1\.\d+–1\.\d+\): faster; fastest mode: sequential here, multiprocessing w=2 on cpython-3\.11\.9; most changed: multiprocessing w=2 0\.2\d+× \(0\.2\d+–0\.\d+\): slower$/);
  });

  it('says "no clear difference" where the interval straddles 1, and "on both" for the same fastest mode', () => {
    const same = makeDocument([spread(OLD311, 'sequential', 1, 400e6), spread(OLD311, 'multiprocessing', 2, 250e6), spread(NEW314, 'sequential', 1, 402e6), spread(NEW314, 'multiprocessing', 2, 252e6)], { interpreters: interpreters314 });
    expect(compareInterpreters(same)[0]?.findings[0]?.text).toMatch(/\): no clear difference; fastest mode on both: multiprocessing w=2$/);
  });

  it('is printed as "Interpreters compared" in the table and in markdown, and not at all for one interpreter', () => {
    expect(tableReporter(document, { color: false, charts: false })).toMatch(/Interpreters compared\n.*above 1× is faster\n {2}demo \[tasks=8\]: cpython-3\.14\.0 against cpython-3\.11\.9\n {4}sequential 1\.2/);
    expect(markdownReporter(document, { color: false, charts: false })).toMatch(/### Interpreters compared\n\n.*\n\n- \*\*demo \\\[tasks=8\\\]: cpython-3\.14\.0 against cpython-3\.11\.9\*\*: sequential/);
    expect(tableReporter(analysed(makeDocument(cells.slice(0, 3))), { color: false, charts: false })).not.toContain('Interpreters compared');
  });
});
