import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { mergeDocuments } from '../../src/results/merge-documents.js';
import { makeDocument, okCell } from '../helpers/document.js';

describe('mergeDocuments', () => {
  const seq = okCell('sequential', 1, 4e8);
  const threads = okCell('threading', 2, 4e8);
  const procs = okCell('multiprocessing', 2, 2e8);

  it('joins shards, keeping each cell once and the owner over a baseline copy', () => {
    const a = makeDocument([seq, threads]);
    const b = makeDocument([{ ...seq, baselineCopy: true, checksum: 'copy' }, procs]);
    const merged = mergeDocuments([{ file: 'a.json', document: a }, { file: 'b.json', document: b }]);
    expect(merged.cells.map((cell) => cell.key.mode)).toEqual(['sequential', 'threading', 'multiprocessing']);
    expect(merged.cells[0]?.checksum).toBe('abc');
  });

  it('refuses a cell two shards own, and documents of different pyconc versions', () => {
    const a = makeDocument([seq, threads]);
    expect(() => mergeDocuments([{ file: 'a.json', document: a }, { file: 'a2.json', document: a }])).toThrow(/^a2\.json: cell \w+ \(demo sequential w=1\) is also in a\.json/);
    const old = makeDocument([procs], { tool: { name: 'pyconc', version: '0.0.9' } });
    expect(() => mergeDocuments([{ file: 'a.json', document: a }, { file: 'old.json', document: old }])).toThrow(InputError);
  });
});
