import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPARE_OPTIONS, parseCompareFlags, parseThreshold, parseThresholdMap } from '../../src/compare/compare-options.js';
import { UsageError } from '../../src/core/errors.js';

function usageLine(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UsageError');
}

describe('parseThreshold', () => {
  it('reads a percentage with or without the sign', () => {
    expect(parseThreshold('--threshold', '10')).toBe(0.1);
    expect(parseThreshold('--threshold', '10%')).toBe(0.1);
    expect(parseThreshold('--threshold', '2.5%')).toBe(0.025);
    expect(parseThreshold('--threshold', '0.5%')).toBe(0.005);
    expect(parseThreshold('--threshold', ' 15 ')).toBe(0.15);
  });

  it('refuses malformed, negative, zero and ambiguous values with one line', () => {
    expect(usageLine(() => parseThreshold('--threshold', 'abc'))).toBe('--threshold: expected a percentage like 10 or 10%, got "abc"');
    expect(usageLine(() => parseThreshold('--threshold', '-5'))).toMatch(/^--threshold: expected a percentage/);
    expect(usageLine(() => parseThreshold('--threshold', '10%%'))).toMatch(/^--threshold: expected a percentage/);
    expect(usageLine(() => parseThreshold('--threshold', ''))).toMatch(/^--threshold: expected a percentage/);
    expect(usageLine(() => parseThreshold('--threshold', '0'))).toBe('--threshold: the threshold must be above 0%, got "0"');
    expect(usageLine(() => parseThreshold('--threshold', '0.1'))).toBe('--threshold: "0.1" is ambiguous; write 10 for 10% or 0.1% for 0.1%');
  });
});

describe('parseThresholdMap', () => {
  it('reads scenario=percent and scenario:metric=percent', () => {
    expect(parseThresholdMap(['cpu-bound=15%', 'io-bound:rss=20'])).toEqual({ 'cpu-bound': 0.15, 'io-bound:rss': 0.2 });
  });

  it('refuses a malformed entry or an unknown metric', () => {
    expect(usageLine(() => parseThresholdMap(['cpu-bound']))).toMatch(/^--scenario-threshold: expected scenario=percent/);
    expect(usageLine(() => parseThresholdMap(['cpu-bound:wal=15']))).toBe(
      '--scenario-threshold: expected one of wall, work, cpu, rss, speedup, got "wal" (did you mean "wall"?)',
    );
  });
});

describe('parseCompareFlags', () => {
  it('fills in the defaults', () => {
    expect(parseCompareFlags({})).toEqual(DEFAULT_COMPARE_OPTIONS);
    expect(DEFAULT_COMPARE_OPTIONS).toMatchObject({ metric: 'wall', threshold: 0.1, alpha: 0.01, correction: 'holm', format: 'table', failOn: [], allow: [] });
  });

  it('turns every flag into its option', () => {
    expect(
      parseCompareFlags({
        threshold: '5%',
        scenarioThreshold: ['demo=20'],
        alpha: '0.05',
        metric: 'speedup',
        correction: 'bh',
        format: 'markdown',
        failOn: 'failed,inconclusive',
        allow: 'missing',
        color: true,
      }),
    ).toEqual({
      metric: 'speedup',
      threshold: 0.05,
      thresholds: { demo: 0.2 },
      alpha: 0.05,
      correction: 'bh',
      format: 'markdown',
      failOn: ['failed', 'inconclusive'],
      allow: ['missing'],
      color: true,
    });
  });

  it('refuses bad values with one line naming the flag', () => {
    expect(usageLine(() => parseCompareFlags({ alpha: '2' }))).toBe('--alpha: expected a level between 0 and 1 such as 0.01, got "2"');
    expect(usageLine(() => parseCompareFlags({ alpha: 'x' }))).toMatch(/^--alpha:/);
    expect(usageLine(() => parseCompareFlags({ metric: 'time' }))).toMatch(/^--metric: expected one of wall, work, cpu, rss, speedup, got "time"/);
    expect(usageLine(() => parseCompareFlags({ correction: 'bonferroni' }))).toMatch(/^--correction: expected one of holm, bh/);
    expect(usageLine(() => parseCompareFlags({ format: 'pdf' }))).toMatch(/^--format:/);
    expect(usageLine(() => parseCompareFlags({ failOn: 'failed,broken' }))).toMatch(/^--fail-on: expected one of regression, failed/);
    expect(usageLine(() => parseCompareFlags({ failOn: ',' }))).toMatch(/^--fail-on:/);
    expect(usageLine(() => parseCompareFlags({ allow: 'regression' }))).toBe('--allow: expected one of failed, missing, got "regression"');
    expect(usageLine(() => parseCompareFlags({ allow: 'faild' }))).toBe('--allow: expected one of failed, missing, got "faild" (did you mean "failed"?)');
    expect(usageLine(() => parseCompareFlags({ threshold: '10%%' }))).toMatch(/^--threshold:/);
  });
});
