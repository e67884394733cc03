import { describe, expect, it } from 'vitest';
import { compareDocuments, compareWithin, thresholdFor, type ComparisonSettings } from '../../src/compare/compare-cells.js';
import { matchId } from '../../src/core/cell-key.js';
import type { Cell } from '../../src/results/results-schema.js';
import { noisyCell } from '../helpers/compare-fixtures.js';
import { makeDocument, okCell } from '../helpers/document.js';

const SETTINGS: ComparisonSettings = { metric: 'wall', threshold: 0.1, thresholds: {}, alpha: 0.01, correction: 'holm' };

function only(cells: Cell[], candidate: Cell[], settings: Partial<ComparisonSettings> = {}) {
  return compareDocuments(makeDocument(cells), makeDocument(candidate), { ...SETTINGS, ...settings }).pairs;
}

describe('compareDocuments', () => {
  it('finds a regression: 30% slower on every sample, 19% CV noise, 12 samples a side', () => {
    const [pair] = only([noisyCell('threading', 2, { n: 12, seed: 3 })], [noisyCell('threading', 2, { n: 12, seed: 3, factor: 1.3 })]);
    expect(pair?.verdict).toBe('regression');
    expect(pair?.ratio?.value).toBeCloseTo(1.3, 6);
    expect(pair?.ratio?.ciLow).toBeGreaterThan(1);
    expect(pair?.pAdjusted).toBeLessThan(0.01);
    expect(pair?.baseline?.n).toBe(12);
  });

  it('finds a regression with independent noise on each side (20 samples a side)', () => {
    const [pair] = only([noisyCell('threading', 2, { n: 20, seed: 3 })], [noisyCell('threading', 2, { n: 20, seed: 1003, factor: 1.3 })]);
    expect(pair?.verdict).toBe('regression');
  });

  it('finds no regression between identical distributions', () => {
    const pairs = only([noisyCell('threading', 2, { seed: 5 })], [noisyCell('threading', 2, { seed: 5 })]);
    expect(pairs[0]?.verdict).not.toBe('regression');
    expect(pairs[0]?.ratio?.value).toBe(1);
    expect(pairs[0]?.pValue).toBe(1);
  });

  it('calls unchanged what a quiet machine shows within the threshold', () => {
    const pairs = only([noisyCell('threading', 2, { cv: 0.02, seed: 5 })], [noisyCell('threading', 2, { cv: 0.02, seed: 6, factor: 1.01 })]);
    expect(pairs[0]?.verdict).toBe('unchanged');
  });

  it('leaves 3 samples a side inconclusive, with the change it could detect and the samples that would settle it', () => {
    const [pair] = only([noisyCell('threading', 2, { n: 3, seed: 8 })], [noisyCell('threading', 2, { n: 3, seed: 9, factor: 1.3 })]);
    expect(pair?.verdict).toBe('inconclusive');
    expect(pair?.detectable).toBeGreaterThan(0.1);
    expect(pair?.samplesNeeded?.perSide).toBeGreaterThan(3);
    // Three values a side can never reach p < 0.01: the smallest exact two-sided p is 2/C(6, 3) = 0.1.
    expect(pair?.pValue).toBeGreaterThanOrEqual(0.1);
    expect(pair?.reason).toMatch(/not significant after Holm/);
  });

  it('fails a pair whose checksums differ, however fast the candidate', () => {
    const [pair] = only([noisyCell('threading', 2)], [noisyCell('threading', 2, { factor: 0.5, extra: { checksum: 'other' } })]);
    expect(pair?.verdict).toBe('failed');
    expect(pair?.reason).toBe('checksums differ (abc vs other): the candidate computes something else');
    expect(pair?.ratio).toBeNull();
  });

  it('fails a pair with a side that is not ok, naming the side and its reason', () => {
    const [pair] = only([noisyCell('threading', 2)], [noisyCell('threading', 2, { extra: { status: 'timeout', reason: 'killed after 60 s' } })]);
    expect(pair?.verdict).toBe('failed');
    expect(pair?.reason).toBe('candidate timeout: killed after 60 s');
  });

  it('gives no verdict to a cell neither side ran (unsupported or skipped), and fails one only the candidate did not run', () => {
    const unsupported = okCell('asyncio', 1, 1e8, { status: 'unsupported', reason: 'no async stage', samples: [] });
    expect(only([unsupported], [unsupported])).toEqual([]);
    const [pair] = only([okCell('asyncio', 1, 1e8)], [unsupported]);
    expect(pair?.verdict).toBe('failed');
    expect(pair?.reason).toBe('candidate unsupported: no async stage');
    // The other way round the candidate runs what the baseline could not (an interpreter without the mode): new, not failed.
    const [gained] = only([unsupported], [okCell('asyncio', 1, 1e8)]);
    expect(gained?.verdict).toBe('new');
    expect(gained?.reason).toBe('baseline unsupported: no async stage');
  });

  it('reports cells only in the candidate as new and only in the base as missing', () => {
    const pairs = only([noisyCell('threading', 2), noisyCell('threading', 4)], [noisyCell('threading', 2), noisyCell('multiprocessing', 2)]);
    expect(pairs.map((pair) => [pair.name, pair.verdict])).toEqual([
      ['demo/threading/w4/tasks=8', 'missing'],
      ['demo/threading/w2/tasks=8', 'inconclusive'],
      ['demo/multiprocessing/w2/tasks=8', 'new'],
    ]);
    expect(pairs[0]?.candidate).toBeNull();
    expect(pairs[2]?.baseline).toBeNull();
  });

  it('corrects p-values across all pairs tested, by Holm or by Benjamini-Hochberg', () => {
    const base = [2, 4, 8].map((workers, i) => noisyCell('threading', workers, { seed: i + 1 }));
    const candidate = [2, 4, 8].map((workers, i) => noisyCell('threading', workers, { seed: i + 11, factor: 1.2 }));
    const holm = only(base, candidate);
    const bh = only(base, candidate, { correction: 'bh' });
    const sorted = (pairs: typeof holm) => [...pairs].sort((a, b) => (a.pValue as number) - (b.pValue as number));
    const [first] = sorted(holm);
    expect(first?.pAdjusted).toBeCloseTo(3 * (first?.pValue as number), 15);
    const [firstBh] = sorted(bh);
    expect(firstBh?.pAdjusted).toBeLessThanOrEqual(first?.pAdjusted as number);
    for (const pair of holm) expect(pair.pAdjusted).toBeGreaterThanOrEqual(pair.pValue as number);
  });

  it('lists pairs worst first', () => {
    const base = [noisyCell('threading', 2, { seed: 1 }), noisyCell('threading', 4, { seed: 2 }), okCell('asyncio', 1, 1e8)];
    const candidate = [
      noisyCell('threading', 2, { seed: 1, factor: 1.5 }),
      noisyCell('threading', 4, { seed: 2, factor: 2 }),
      okCell('asyncio', 1, 1e8, { checksum: 'zzz' }),
      okCell('multiprocessing', 2, 1e8),
    ];
    expect(only(base, candidate).map((pair) => `${pair.verdict} ${pair.workers}`)).toEqual(['regression 4', 'regression 2', 'failed 1', 'new 2']);
  });

  it('matches cells by their key without the variant', () => {
    const base = noisyCell('threading', 2, { key: { variant: 'baseline' } });
    const [pair] = only([base], [noisyCell('threading', 2)]);
    expect(pair?.matchId).toBe(matchId(base.key));
    expect(pair?.verdict).not.toBe('new');
  });
});

describe('the speedup metric', () => {
  it("compares each cell's speedup over its own document's sequential cell, so drift between runs cancels", () => {
    // The candidate machine is 40% slower throughout, but the threads scale worse: speedup 2.0 → 1.4.
    const base = [noisyCell('sequential', 1, { medianNs: 2e8, seed: 1 }), noisyCell('threading', 2, { seed: 2 })];
    const candidate = [
      noisyCell('sequential', 1, { medianNs: 2e8, factor: 1.4, seed: 3 }),
      noisyCell('threading', 2, { factor: 2, seed: 4 }),
    ];
    const pairs = only(base, candidate, { metric: 'speedup' });
    expect(pairs).toHaveLength(1); // the sequential cell's speedup is 1 by definition
    expect(pairs[0]?.verdict).toBe('regression');
    expect(pairs[0]?.ratio?.value).toBeLessThan(1);
    const wall = only(base, candidate);
    expect(wall.find((pair) => pair.mode === 'sequential')?.verdict).toBe('regression');
  });

  it('fails a pair without an ok sequential cell', () => {
    const [pair] = only([noisyCell('threading', 2)], [noisyCell('threading', 2)], { metric: 'speedup' });
    expect(pair?.verdict).toBe('failed');
    expect(pair?.reason).toMatch(/no ok sequential cell/);
  });

  it('reads cpu as user + system time and rss as peak memory', () => {
    const cell = okCell('threading', 2, 1e8);
    const heavier = okCell('threading', 2, 1e8, { samples: cell.samples.map((sample) => ({ ...sample, cpuSysNs: 5e7, maxRssKb: 4096 })) });
    expect(only([cell], [heavier], { metric: 'cpu' })[0]?.ratio?.value).toBe(1.5);
    expect(only([cell], [heavier], { metric: 'rss' })[0]?.ratio?.value).toBe(2);
    expect(only([cell], [heavier], { metric: 'wall' })[0]?.ratio?.value).toBe(1);
  });
});

describe('compareWithin', () => {
  it('compares the baseline variant with the candidate variant of the same cell', () => {
    const document = makeDocument([
      noisyCell('threading', 2, { seed: 1, key: { variant: 'baseline' } }),
      noisyCell('threading', 2, { seed: 1, factor: 1.3, key: { variant: 'candidate' } }),
      noisyCell('threading', 4, { seed: 2, key: { variant: 'candidate' } }),
    ]);
    const comparison = compareWithin(document, SETTINGS);
    expect(comparison?.kind).toBe('variants');
    expect(comparison?.pairs.map((pair) => [pair.name, pair.verdict])).toEqual([
      ['demo/threading/w2/tasks=8', 'regression'],
      ['demo/threading/w4/tasks=8', 'new'],
    ]);
  });

  it('compares later interpreters with the first when there are no variants', () => {
    const python = { python: 'cpython-3.13.0' };
    const document = makeDocument([
      noisyCell('threading', 2, { seed: 1 }),
      noisyCell('threading', 2, { seed: 1, factor: 0.7, key: python }),
    ]);
    const comparison = compareWithin(document, SETTINGS);
    expect(comparison?.kind).toBe('interpreters');
    expect(comparison?.pairs).toHaveLength(1);
    const [pair] = comparison?.pairs ?? [];
    expect(pair?.verdict).toBe('improvement');
    expect(pair?.name).toBe('demo/threading/w2/tasks=8@cpython-3.13.0');
    expect([pair?.baseline?.python, pair?.candidate?.python]).toEqual(['cpython-3.11.7', 'cpython-3.13.0']);
  });

  it('has nothing to compare in a document with one interpreter and no variants', () => {
    expect(compareWithin(makeDocument([noisyCell('threading', 2)]), SETTINGS)).toBeUndefined();
  });
});

describe('thresholdFor', () => {
  const records = [[{ name: 'demo', title: 'Demo', gate: { threshold: 0.25 } }], [{ name: 'demo', title: 'Demo', gate: { threshold: 0.5 } }]];

  it("takes the option for scenario:metric, then for the scenario, then the candidate's gate, then the default", () => {
    expect(thresholdFor('demo', { ...SETTINGS, thresholds: { 'demo:wall': 0.3, demo: 0.2 } }, records)).toBe(0.3);
    expect(thresholdFor('demo', { ...SETTINGS, thresholds: { 'demo:cpu': 0.3, demo: 0.2 } }, records)).toBe(0.2);
    expect(thresholdFor('demo', SETTINGS, records)).toBe(0.25);
    expect(thresholdFor('demo', SETTINGS, [[], records[1] ?? []])).toBe(0.5);
    expect(thresholdFor('other', SETTINGS, records)).toBe(0.1);
  });

  it('ignores a gate threshold that is not a positive number', () => {
    expect(thresholdFor('demo', SETTINGS, [[{ name: 'demo', title: 'Demo', gate: { threshold: '15%' } } as never]])).toBe(0.1);
  });

  it('judges each pair by its scenario threshold', () => {
    const document = makeDocument([noisyCell('threading', 2, { seed: 1 })], { scenarios: [{ name: 'demo', title: 'Demo', gate: { threshold: 0.5 } } as never] });
    const candidate = makeDocument([noisyCell('threading', 2, { seed: 1, factor: 1.3 })]);
    const [pair] = compareDocuments(document, candidate, SETTINGS).pairs;
    expect(pair?.threshold).toBe(0.5);
    expect(pair?.verdict).not.toBe('regression');
  });
});

describe('degenerate samples', () => {
  it('leaves a pair with a zero median inconclusive, its ratio recorded as none', () => {
    const zero = okCell('threading', 2, 0);
    const [pair] = only([zero], [okCell('threading', 2, 5)], { metric: 'wall' });
    expect(pair?.verdict).toBe('inconclusive');
    expect(pair?.ratio).toBeNull();
    expect(pair?.reason).toBe('a median of 0: the ratio is undefined');
  });
});
