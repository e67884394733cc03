import { describe, expect, it } from 'vitest';
import { interpreterViews } from '../../src/report/interpreter-view.js';
import { markdownReporter } from '../../src/report/markdown-reporter.js';
import { tableReporter } from '../../src/report/table-reporter.js';
import type { Cell } from '../../src/results/results-schema.js';
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

describe('interpreterViews', () => {
  it('puts the interpreters of each mode side by side, with the ratio to the first', () => {
    const [view, ...more] = interpreterViews(makeDocument(cells, { interpreters }));
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
    const single = makeDocument(cells.slice(0, 2));
    expect(interpreterViews(single)).toEqual([]);
    expect(tableReporter(single, { color: false, charts: false })).not.toContain('by interpreter');
  });

  it('is printed under the scenario in the table and in markdown', () => {
    const document = makeDocument(cells, { interpreters });
    const table = tableReporter(document, { color: false, charts: false });
    expect(table).toMatch(/demo by interpreter {2}tasks=8/);
    expect(table).toContain(`vs ${OLD}`);
    expect(table).toMatch(/threading w=2 +│ cpython-3\.12\.1 .* 2\.0× \(2\.0–2\.0\)/);
    const markdown = markdownReporter(document, { color: false, charts: false });
    expect(markdown).toContain('#### demo by interpreter · tasks=8');
    expect(markdown).toContain('| threading w=2 | cpython-3.12.1 | 100 ms | 2.0× ');
  });
});
