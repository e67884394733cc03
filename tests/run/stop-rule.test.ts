import { describe, expect, it } from 'vitest';
import { stopReason, type SamplingSettings } from '../../src/run/stop-rule.js';

const settings: SamplingSettings = { minRuns: 5, maxRuns: 30, warmup: 1, precision: 0.03, maxTimeS: 1, timeoutS: 60 };
const steady = (n: number) => Array.from({ length: n }, (_, i) => 100 + (i % 3));
const noisy = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 100 : 200));

describe('stopReason', () => {
  it('never stops before --min-runs, even when the budget is spent', () => {
    expect(stopReason(noisy(4), 10e9, settings)).toBeNull();
  });
  it('stops once the median is precise enough', () => {
    expect(stopReason(steady(6), 0, settings)).toBe('precision');
  });
  it('keeps sampling a noisy cell within its budget, then stops', () => {
    expect(stopReason(noisy(8), 0.5e9, settings)).toBeNull();
    expect(stopReason(noisy(8), 1e9, settings)).toBe('max-time');
  });
  it('always stops at --max-runs', () => {
    expect(stopReason(noisy(30), 0, settings)).toBe('max-runs');
  });
  it('with --runs N (min = max) takes exactly N', () => {
    const fixed = { ...settings, minRuns: 7, maxRuns: 7 };
    expect(stopReason(steady(6), 0, fixed)).toBeNull();
    expect(stopReason(steady(7), 0, fixed)).toBe('max-runs');
  });
});
