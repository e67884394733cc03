import { describe, expect, it } from 'vitest';
import { namedCells } from '../../src/export/cell-names.js';
import { toBmf } from '../../src/export/bmf-exporter.js';
import { toGab } from '../../src/export/gab-exporter.js';
import { cellId } from '../../src/core/cell-key.js';
import { makeDocument, okCell } from '../helpers/document.js';
import { interpreterRecord, summarisedCell } from './helpers.js';

const wall = { median: 1e6, ciLow: 9e5, ciHigh: 1.1e6 };

/** Names as both CI formats write them, checked to agree and to be unique. */
function exportedNames(document: ReturnType<typeof makeDocument>): string[] {
  const names = namedCells(document).map((named) => named.name);
  expect(Object.keys(toBmf(document))).toEqual(names);
  expect(toGab(document).map((entry) => entry.name)).toEqual(names);
  expect(new Set(names).size).toBe(names.length);
  return names;
}

describe('namedCells', () => {
  it('names a cell scenario/mode/wN/param=v, without the interpreter when the document has one', () => {
    const document = makeDocument([summarisedCell('sequential', 1, wall), summarisedCell('threading', 4, wall, { key: { params: { tasks: 8, op: 'zlib' } } })]);
    expect(exportedNames(document)).toEqual(['demo/sequential/w1/tasks=8', 'demo/threading/w4/tasks=8/op=zlib']);
  });

  it('adds the interpreter when the document has several, so their cells stay apart', () => {
    const cells = ['cpython-3.12.1', 'cpython-3.13.0t'].flatMap((python) => [
      summarisedCell('sequential', 1, wall, { key: { python } }),
      summarisedCell('threading', 2, wall, { key: { python } }),
    ]);
    const document = makeDocument(cells, { interpreters: [interpreterRecord({ id: 'cpython-3.12.1' }), interpreterRecord({ id: 'cpython-3.13.0t' })] });
    expect(exportedNames(document)).toEqual([
      'demo/sequential/w1/tasks=8@cpython-3.12.1',
      'demo/threading/w2/tasks=8@cpython-3.12.1',
      'demo/sequential/w1/tasks=8@cpython-3.13.0t',
      'demo/threading/w2/tasks=8@cpython-3.13.0t',
    ]);
  });

  it('adds the interpreter too when only the cells show several (a merged document)', () => {
    const document = makeDocument([summarisedCell('sequential', 1, wall), summarisedCell('sequential', 1, wall, { key: { python: 'pypy-7.3' } })]);
    expect(exportedNames(document)).toEqual(['demo/sequential/w1/tasks=8@cpython-3.11.7', 'demo/sequential/w1/tasks=8@pypy-7.3']);
  });

  // Issue 21, item 6: `--export-bmf` and `--export-gab` of an A/B document emitted both `#baseline` and
  // `#candidate` series into one dashboard.
  it('exports the candidate of an A/B run, under the names a plain run gives its cells', () => {
    const document = makeDocument([
      summarisedCell('sequential', 1, wall, { key: { variant: 'baseline' } }),
      summarisedCell('sequential', 1, wall, { key: { variant: 'candidate' } }),
      summarisedCell('threading', 2, wall, { key: { variant: 'baseline' } }),
      summarisedCell('threading', 2, wall, { key: { variant: 'candidate' } }),
    ]);
    const plain = makeDocument([summarisedCell('sequential', 1, wall), summarisedCell('threading', 2, wall)]);
    expect(exportedNames(document)).toEqual(['demo/sequential/w1/tasks=8', 'demo/threading/w2/tasks=8']);
    expect(exportedNames(document)).toEqual(exportedNames(plain));
    expect(namedCells(document).map(({ cell }) => cell.key.variant)).toEqual(['candidate', 'candidate']);
  });

  it('keeps names unique when two keys read alike, by the later cell id', () => {
    // One parameter `op=a/b=c` and two parameters `op=a`, `b=c` both read demo/sequential/w1/op=a/b=c.
    const one = summarisedCell('sequential', 1, wall, { key: { params: { op: 'a/b=c' } } });
    const two = summarisedCell('sequential', 1, wall, { key: { params: { op: 'a', b: 'c' } } });
    expect(exportedNames(makeDocument([one, two]))).toEqual(['demo/sequential/w1/op=a/b=c', `demo/sequential/w1/op=a/b=c~${cellId(two.key)}`]);
  });

  it('skips cells that are not ok or have no summary', () => {
    const document = makeDocument([okCell('sequential', 1, 1e6), { ...summarisedCell('threading', 2, wall), status: 'failed', reason: 'x' }]);
    expect(namedCells(document)).toEqual([]);
  });
});
