import { describe, expect, it } from 'vitest';
import { effectiveSize, logHalfWidth, ratioOfMedians, samplesNeeded, smallestDetectableChange } from '../../src/stats/ratio.js';
import { speedup } from '../../src/stats/speedup.js';

describe('ratioOfMedians', () => {
  it('is median(candidate) / median(baseline), the speedup with its arguments swapped', () => {
    const baseline = [10, 11, 9, 10, 12];
    const candidate = [13, 12, 14, 13, 15];
    const ratio = ratioOfMedians(baseline, candidate);
    expect(ratio.value).toBe(1.3);
    expect(ratio).toEqual(speedup(candidate, baseline));
  });
});

describe('smallestDetectableChange', () => {
  it('is e^h − 1 for the log half-width h of the interval', () => {
    const ratio = { value: 1, ciLow: 1 / 1.2, ciHigh: 1.2 };
    expect(logHalfWidth(ratio)).toBeCloseTo(Math.log(1.2), 14);
    expect(smallestDetectableChange(ratio)).toBeCloseTo(0.2, 14);
    expect(smallestDetectableChange({ value: 1, ciLow: 0, ciHigh: 2 })).toBeNaN();
  });
});

describe('samplesNeeded', () => {
  it('scales the sample size by (half-width / distance to the nearer edge)²', () => {
    // h = ln 1.2, estimate 1.05, edges 1/1.1 and 1.1: d = ln(1.1/1.05).
    const ratio = { value: 1.05, ciLow: 1.05 / 1.2, ciHigh: 1.05 * 1.2 };
    const expected = Math.ceil(10 * (Math.log(1.2) / Math.log(1.1 / 1.05)) ** 2);
    expect(samplesNeeded(ratio, [1 / 1.1, 1.1], { baseline: 10, candidate: 10 })).toEqual({ perSide: expected, capped: false });
  });

  it('says "more than the cap" when the estimate sits on an edge or far too close', () => {
    const onEdge = { value: 1.1, ciLow: 0.9, ciHigh: 1.3 };
    expect(samplesNeeded(onEdge, [1 / 1.1, 1.1], { baseline: 5, candidate: 5 })).toEqual({ perSide: 1000, capped: true });
    expect(samplesNeeded(onEdge, [1.11], { baseline: 5, candidate: 5 }, 50)).toEqual({ perSide: 50, capped: true });
  });

  it('asks for at least one more sample than there is', () => {
    const narrow = { value: 1.5, ciLow: 1.45, ciHigh: 1.55 };
    expect(samplesNeeded(narrow, [1.1], { baseline: 12, candidate: 12 })).toEqual({ perSide: 13, capped: false });
  });

  it('uses the harmonic mean of unequal sides', () => {
    expect(effectiveSize(10, 10)).toBe(10);
    expect(effectiveSize(5, 20)).toBe(8);
  });
});
