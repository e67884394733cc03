import { describe, expect, it } from 'vitest';
import { interpreterFindings } from '../../src/report/interpreter-findings.js';
import { interpreterViews } from '../../src/report/interpreter-view.js';
import { markdownReporter } from '../../src/report/markdown-reporter.js';
import { tableReporter } from '../../src/report/table-reporter.js';
import type { Cell } from '../../src/results/results-schema.js';
import { makeDocument, okCell } from '../helpers/document.js';
import { makeInterpreter } from '../helpers/scenario.js';

const OLD = 'cpython-3.11.9';
const NEW = 'cpython-3.14.0';
/** A cell on `python` whose samples spread ±2% around `ns`. */
const cell = (python: string, mode: 'sequential' | 'threading' | 'multiprocessing', workers: number, ns: number): Cell => {
  const one = okCell(mode, workers, ns, { key: { ...okCell(mode, workers, ns).key, python } });
  one.samples = [0.98, 1, 1.02, 0.99, 1.01, 1].map((f) => ({ ...one.samples[0]!, wallNs: ns * f, workNs: ns * f }));
  return one;
};
const interpreters = [{ ...makeInterpreter({ id: OLD, version: '3.11.9' }) }, { ...makeInterpreter({ id: NEW, version: '3.14.0' }) }];

describe('interpreterFindings', () => {
  // cpu-pure on this machine: 3.14 runs the Python a little faster, but its forkserver pool starts slowly.
  const cells = [
    cell(OLD, 'sequential', 1, 400e6), cell(OLD, 'threading', 2, 410e6), cell(OLD, 'multiprocessing', 2, 260e6),
    cell(NEW, 'sequential', 1, 330e6), cell(NEW, 'threading', 2, 340e6), cell(NEW, 'multiprocessing', 2, 900e6),
  ];
  const document = makeDocument(cells, { interpreters });

  it('says in words how the interpreter’s own speed compares, which mode is fastest on each, and what changed most', () => {
    const [finding, ...more] = interpreterFindings(interpreterViews(document));
    expect(more).toEqual([]);
    expect(finding?.subject).toBe(`demo [tasks=8]: ${NEW} against ${OLD}`);
    expect(finding?.text).toMatch(/^sequential 1\.2\d× \(1\.\d+–1\.\d+\): faster; fastest mode: sequential here, multiprocessing w=2 on cpython-3\.11\.9; most changed: multiprocessing w=2 0\.2\d+× \(0\.2\d+–0\.\d+\): slower$/);
  });

  it('says "no clear difference" where the interval straddles 1, and "on both" for the same fastest mode', () => {
    const same = makeDocument([cell(OLD, 'sequential', 1, 400e6), cell(OLD, 'multiprocessing', 2, 250e6), cell(NEW, 'sequential', 1, 402e6), cell(NEW, 'multiprocessing', 2, 252e6)], { interpreters });
    expect(interpreterFindings(interpreterViews(same))[0]?.text).toMatch(/\): no clear difference; fastest mode on both: multiprocessing w=2$/);
  });

  it('is printed as "Interpreters compared" in the table and in markdown, and not at all for one interpreter', () => {
    expect(tableReporter(document, { color: false, charts: false })).toMatch(/Interpreters compared\n.*above 1× is faster\n {2}demo \[tasks=8\]: cpython-3\.14\.0 against cpython-3\.11\.9\n {4}sequential 1\.2/);
    expect(markdownReporter(document, { color: false, charts: false })).toMatch(/### Interpreters compared\n\n.*\n\n- \*\*demo \\\[tasks=8\\\]: cpython-3\.14\.0 against cpython-3\.11\.9\*\*: sequential/);
    expect(tableReporter(makeDocument(cells.slice(0, 3)), { color: false, charts: false })).not.toContain('Interpreters compared');
  });
});
