import { describe, expect, it } from 'vitest';
import { MIN_WARM_PROCESSES, pairStopReason, stopReason, type SamplingSettings } from '../../src/run/stop-rule.js';

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

describe('stopReason with warm values (K > 1 values per process)', () => {
  // Cold walls that never settle (start-up noise); warm values steady within and between processes.
  const warm = (n: number, spread = 0.002) => Array.from({ length: n }, (_, i) => [100 * (1 + spread * (i % 3)), 100 * (1 + spread * ((i + 1) % 3))]);
  it('judges the precision on the warm work time when warm values are given', () => {
    expect(stopReason(noisy(6), 0, settings)).toBeNull();
    expect(stopReason(noisy(6), 0, settings, warm(6))).toBe('precision');
  });
  it('needs as many processes as an exact interval of one value each, however many values they hold', () => {
    expect(stopReason(noisy(5), 0, settings, warm(5))).toBeNull();
    expect(MIN_WARM_PROCESSES).toBe(6);
  });
  it('keeps sampling when processes differ, even if each process is steady', () => {
    const apart = Array.from({ length: 8 }, (_, i) => [i % 2 === 0 ? 100 : 130, i % 2 === 0 ? 100 : 130]);
    expect(stopReason(steady(8), 0.5e9, settings, apart)).toBeNull();
    expect(stopReason(steady(8), 1e9, settings, apart)).toBe('max-time');
  });
});

describe('pairStopReason (A/B pairs stop on their comparison)', () => {
  const ab: SamplingSettings = { minRuns: 5, maxRuns: 30, warmup: 0, precision: 0.03, maxTimeS: 1, timeoutS: 60 };
  const around = (centre: number, n: number) => Array.from({ length: n }, (_, i) => centre * (1 + ((i % 5) - 2) * 0.01));

  it('settles a clear change only once the rank test can be significant', () => {
    // Five a side cannot reach α = 0.01 / 2 two-sided (the exact minimum is 2/252): sample on.
    expect(pairStopReason(around(100, 5), around(130, 5), 0, ab, 0.1, 0.005)).toBeNull();
    expect(pairStopReason(around(100, 7), around(130, 7), 0, ab, 0.1, 0.005)).toBe('settled');
  });

  it('settles when the ratio is known to lie within the band', () => {
    expect(pairStopReason(around(100, 12), around(100.5, 12), 0, ab, 0.1)).toBe('settled');
  });

  it('keeps an open verdict sampling until the pair budget or max-runs', () => {
    const noisy = (n: number, shift: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 80 : 130) + shift);
    expect(pairStopReason(noisy(8, 0), noisy(8, 6), 1e9, ab, 0.1)).toBeNull();
    expect(pairStopReason(noisy(8, 0), noisy(8, 6), 2e9, ab, 0.1)).toBe('max-time');
    expect(pairStopReason(noisy(30, 0), noisy(30, 6), 0, ab, 0.1)).toBe('max-runs');
  });
});
