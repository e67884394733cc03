import { describe, expect, it } from 'vitest';
import { compareExitCode } from '../../src/compare/compare-exit.js';

describe('compareExitCode', () => {
  it('is 1 for a regression and 0 otherwise', () => {
    expect(compareExitCode(['unchanged', 'regression'])).toBe(1);
    expect(compareExitCode(['unchanged', 'inconclusive', 'failed', 'missing', 'new', 'improvement'])).toBe(0);
    expect(compareExitCode([])).toBe(0);
  });

  it('is 1 for the verdicts named in failOn too', () => {
    expect(compareExitCode(['unchanged', 'failed'], ['failed', 'missing'])).toBe(1);
    expect(compareExitCode(['unchanged', 'missing'], ['failed', 'missing'])).toBe(1);
    expect(compareExitCode(['unchanged', 'inconclusive'], ['failed'])).toBe(0);
  });
});
