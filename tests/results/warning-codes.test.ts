import { describe, expect, it } from 'vitest';
import { WARNING_CODES } from '../../src/core/warning-codes.js';
import { parseResults } from '../../src/results/read-results.js';
import { makeDocument, okCell } from '../helpers/document.js';

describe('warning codes', () => {
  it('are one closed list without repeats', () => {
    expect(new Set(WARNING_CODES).size).toBe(WARNING_CODES.length);
  });

  it('a document holding a code this version does not write still reads, the code kept (a later @1 writer may add codes)', () => {
    const document = { ...makeDocument([okCell('sequential', 1, 1e8)]), warnings: [{ code: 'from-a-later-version', message: 'something new' }] };
    expect(parseResults(JSON.stringify(document), 'r.json').warnings).toEqual([{ code: 'from-a-later-version', message: 'something new' }]);
  });
});
