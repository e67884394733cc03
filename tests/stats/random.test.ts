/**
 * mulberry32 is not shipped by numpy or scipy, so the reference is a Python port of the
 * widely used JavaScript reference (bryc, "PRNGs" gist / Tommy Ettinger's mulberry32) in
 * tests/stats/reference-values.py, run with Debian's /usr/bin/python3 (3.11); the port
 * was checked against a verbatim copy of the JavaScript one-liner, which gave the same values.
 * The uniformity bound is scipy 1.10.1: st.chi2.ppf(0.999, 9) == 27.877164871256568.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32, randomIndex } from '../../src/stats/random.js';

const take = (random: () => number, count: number): number[] => Array.from({ length: count }, () => random());

describe('mulberry32', () => {
  it('reproduces the reference sequence', () => {
    expect(take(mulberry32(1), 5)).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741, 0.9683778982143849,
    ]);
    expect(take(mulberry32(42), 5)).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693, 0.17481389874592423,
    ]);
    expect(take(mulberry32(0), 5)).toEqual([
      0.26642920868471265, 0.0003297457005828619, 0.2232720274478197, 0.1462021479383111, 0.46732782293111086,
    ]);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(take(mulberry32(7), 100)).toEqual(take(mulberry32(7), 100));
    expect(take(mulberry32(7), 100)).not.toEqual(take(mulberry32(8), 100));
  });

  it('uses only the low 32 bits of the seed', () => {
    expect(take(mulberry32(2 ** 32 + 5), 5)).toEqual(take(mulberry32(5), 5));
    expect(take(mulberry32(-1), 5)).toEqual(take(mulberry32(0xffffffff), 5));
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const random = mulberry32(12345);
    const bins = new Array<number>(10).fill(0);
    const draws = 100_000;
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const u = random();
      if (!(u >= 0 && u < 1)) outside++;
      const b = Math.floor(u * 10);
      bins[b] = (bins[b] as number) + 1;
    }
    expect(outside).toBe(0);
    const expected = draws / 10;
    const chi2 = bins.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.877164871256568); // st.chi2.ppf(0.999, 9)
  });
});

describe('randomIndex', () => {
  it('draws every index in [0, n) and nothing outside', () => {
    const random = mulberry32(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const j = randomIndex(random, 7);
      expect(Number.isInteger(j) && j >= 0 && j < 7).toBe(true);
      seen.add(j);
    }
    expect(seen.size).toBe(7);
  });
});
