import { describe, expect, it } from 'vitest';
import { isExcluded, parameterGrid } from '../../src/plan/parameter-grid.js';

describe('parameterGrid', () => {
  it('is the cartesian product in declaration order', () => {
    expect(parameterGrid({ a: [1, 2], b: ['x', 'y'] })).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' },
    ]);
  });
});

describe('isExcluded', () => {
  it('matches a combination holding every name: value of one entry', () => {
    const exclude: Record<string, string | number>[] = [{ a: 2, b: 'y' }, { c: 'z' }];
    expect(isExcluded({ a: 2, b: 'y', c: 'w' }, exclude)).toBe(true);
    expect(isExcluded({ a: 1, b: 'y', c: 'z' }, exclude)).toBe(true);
    expect(isExcluded({ a: 2, b: 'x', c: 'w' }, exclude)).toBe(false);
    expect(isExcluded({ a: 2, b: 'y' }, [])).toBe(false);
  });
});
