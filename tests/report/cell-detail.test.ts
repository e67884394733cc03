import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/core/errors.js';
import { cellDetail, findCell, histogram } from '../../src/report/cell-detail.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { parseResults } from '../../src/results/read-results.js';
import { ROOT, runCli } from '../helpers/cli.js';

// Issue 21, item 16: what hyperfine and pyperf users looked for and did not find: mean ± σ and
// min … max of a cell, and its raw samples from the terminal. A real quick run of this machine.
const FILE = path.join(ROOT, 'tests', 'fixtures', 'html', 'quick-run.json');
const document = parseResults(readFileSync(FILE, 'utf8'), 'quick-run.json');

describe('findCell', () => {
  it('finds a cell by its id, a unique prefix of it, or its name', () => {
    expect(findCell(document, '29b491b506', 'q.json').key.mode).toBe('threading');
    expect(findCell(document, '29b491', 'q.json').id).toBe('29b491b506');
    expect(findCell(document, 'cpu-pure/threading/w2/tasks=8/span=15000', 'q.json').id).toBe('29b491b506');
    expect(findCell(document, 'cpu-pure/threading/w2/tasks=8/span=15000@cpython-3.11.7', 'q.json').id).toBe('29b491b506');
  });

  it('names the cells when none matches, and the matches when several do', () => {
    expect(() => findCell(document, 'cpu-pure/threadin', 'q.json')).toThrow(InputError);
    expect(() => findCell(document, 'cpu-pure/threadin', 'q.json')).toThrow(/^--cell cpu-pure\/threadin: no such cell in q\.json; its cells: [0-9a-f]{10} \S+@cpython-3\.11\.7, /);
    const [a, b] = ['aaaa000001', 'aaaa000002'];
    const twins = { cells: document.cells.slice(0, 2).map((cell, index) => ({ ...cell, id: index === 0 ? a : b })) };
    expect(() => findCell(twins, 'aaaa', 'q.json')).toThrow(UsageError);
    expect(() => findCell(twins, 'aaaa', 'q.json')).toThrow(/^--cell aaaa: 2 cells of q\.json match \(aaaa000001 .*, aaaa000002 .*\); give more of the id$/);
  });
});

describe('cellDetail', () => {
  it('shows mean ± σ, min … max, every sample in run order and a histogram', () => {
    const text = cellDetail(findCell(document, '29b491', 'q.json'), false);
    const lines = text.split('\n');
    expect(lines[0]).toBe('cpu-pure/threading/w2/tasks=8/span=15000  id 29b491b506 · cpython-3.11.7');
    expect(text).toContain('wall    median 169 ms (min–max of 3, covering the median ~75%: 168 ms … 362 ms)');
    expect(text).toContain('        mean ± σ 233 ms ± 112 ms, CV 48.0%');
    expect(text).toContain('        min … max 168 ms … 362 ms · 1 outlier');
    expect(text).toMatch(/^ {5}169 ms {4}362 ms {4}168 ms$/m);
    expect(text).toMatch(/Histogram \(wall time\)\n {2}168 ms │█{40} 2\n {2}233 ms │\n {2}298 ms │█{20} 1\n?$/);
  });

  it('histograms equal values as one bar', () => {
    expect(histogram([5e6, 5e6])).toEqual([`5.00 ms │${'█'.repeat(40)} 2`]);
    expect(histogram([])).toEqual([]);
  });
});

describe('mean ± σ and min … max in the markdown', () => {
  it('come after the wall column, from the cell\'s samples', () => {
    const text = REPORTERS.markdown(document, { color: false });
    expect(text).toMatch(/\| mode \| w \| wall ±CI\\\* \| mean ± σ \| min … max \|/);
    expect(text).toMatch(/^\| threading \| 2 \| [^|]+ \| 233 ms ± 112 ms \| 168 ms … 362 ms \|/m);
  });
});

describe('pyconc report FILE --cell ID', () => {
  it('prints the cell in detail, exit 0; an unknown one is exit 2 with one line', async () => {
    const result = await runCli(['report', FILE, '--cell', '29b491']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('mean ± σ 233 ms ± 112 ms');
    const unknown = await runCli(['report', FILE, '--cell', 'nope']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });
});
