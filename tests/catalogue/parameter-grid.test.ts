import { describe, expect, it } from 'vitest';
import type { Exclusion } from '../../src/catalogue/scenario-schema.js';
import { excludedModes, isExcluded, parameterGrid } from '../../src/catalogue/parameter-grid.js';

describe('parameterGrid', () => {
  it('is the cartesian product in declaration order', () => {
    expect(parameterGrid({ a: [1, 2], b: ['x', 'y'] })).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' },
    ]);
  });
});

describe('exclusions', () => {
  const exclude: Exclusion[] = [{ params: { a: 2, b: 'y' } }, { params: { c: 'z' }, modes: ['threading'] }, { params: { a: 1 }, modes: ['asyncio'] }];

  it('leave out a combination holding every name: value of an entry without modes', () => {
    expect(isExcluded({ a: 2, b: 'y', c: 'w' }, exclude)).toBe(true);
    expect(isExcluded({ a: 2, b: 'x', c: 'w' }, exclude)).toBe(false);
    expect(isExcluded({ a: 1, b: 'y', c: 'z' }, exclude)).toBe(false);
    expect(isExcluded({ a: 2, b: 'y' }, [])).toBe(false);
  });

  it('leave out only the named modes of a combination matching an entry with modes', () => {
    expect([...excludedModes({ a: 1, b: 'y', c: 'z' }, exclude)].sort()).toEqual(['asyncio', 'threading']);
    expect([...excludedModes({ a: 2, b: 'x', c: 'w' }, exclude)]).toEqual([]);
  });
});
