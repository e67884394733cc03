import { describe, expect, it } from 'vitest';
import { shortNames } from '../../src/core/short-names.js';

describe('shortNames', () => {
  it('keeps what differs between the names and says once what they share', () => {
    expect(shortNames(['ab-demo/threading/w2/tasks=4/spin=60000', 'ab-demo/sequential/w1/tasks=4/spin=60000'])).toEqual({
      names: ['threading/w2', 'sequential/w1'],
      common: ['ab-demo', 'tasks=4', 'spin=60000'],
    });
  });

  it('keeps the interpreter where it is what differs', () => {
    expect(shortNames(['cpu/threading/w2/tasks=4@cpython-3.11.7', 'cpu/threading/w2/tasks=4@cpython-3.14.0'])).toEqual({
      names: ['@cpython-3.11.7', '@cpython-3.14.0'],
      common: ['cpu', 'threading', 'w2', 'tasks=4'],
    });
    expect(shortNames(['cpu/threading/w2/tasks=4@a', 'cpu/asyncio/w2/tasks=4@b']).names).toEqual(['threading@a', 'asyncio@b']);
  });

  it('matches parameters by name, whatever their position', () => {
    expect(shortNames(['a/threading/w2/tasks=4/x=1', 'b/threading/w2/tasks=4'])).toEqual({ names: ['a/x=1', 'b'], common: ['threading', 'w2', 'tasks=4'] });
  });

  it('keeps full names for one row, when nothing is shared, or when the short ones would collide', () => {
    expect(shortNames(['a/threading/w2'])).toEqual({ names: ['a/threading/w2'], common: [] });
    expect(shortNames(['a/threading/w2', 'b/asyncio/w4'])).toEqual({ names: ['a/threading/w2', 'b/asyncio/w4'], common: [] });
    // Shortened, `s/m/w1/op=a` would be left with nothing: every row keeps its full name.
    const names = ['s/m/w1/op=a/b=c', 's/m/w1/op=a', 's/m/w1/op=a/b=c/x=1'];
    expect(shortNames(names)).toEqual({ names, common: [] });
  });
});
