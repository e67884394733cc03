import { describe, expect, it } from 'vitest';
import { cellColumns } from '../../src/report/cell-columns.js';
import { okCell } from '../helpers/document.js';

describe('cellColumns', () => {
  it('names the chunk size next to the mode only where --chunksize or a parameter set it', () => {
    expect(cellColumns(okCell('threading', 2, 1e8, { chunksize: 10, chunksizeSet: true })).mode).toBe('threading (chunks of 10)');
    expect(cellColumns(okCell('threading', 2, 1e8, { chunksize: 13 })).mode).toBe('threading');
    expect(cellColumns(okCell('asyncio', 2, 1e8, { chunksize: null, chunksizeSet: true })).mode).toBe('asyncio');
  });
});
