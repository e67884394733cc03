import { describe, expect, it } from 'vitest';
import { compareExitCode, failingVerdicts } from '../../src/compare/compare-exit.js';

describe('compareExitCode', () => {
  it('is 1 for a regression and 0 for the verdicts that say nothing broke', () => {
    expect(compareExitCode(['unchanged', 'regression'])).toBe(1);
    expect(compareExitCode(['unchanged', 'inconclusive', 'new', 'improvement'])).toBe(0);
    expect(compareExitCode([])).toBe(0);
  });

  // Issue 21, item 2: a head whose result changed gave `pyconc compare: 2 failed` and exit 0.
  it('is 1 for a failed or missing candidate by default, 0 once --allow accepts it', () => {
    expect(compareExitCode(['failed', 'failed'])).toBe(1);
    expect(compareExitCode(['unchanged', 'missing'])).toBe(1);
    expect(compareExitCode(['failed', 'failed'], [], ['failed'])).toBe(0);
    expect(compareExitCode(['failed', 'missing'], [], ['failed'])).toBe(1);
    expect(compareExitCode(['failed', 'missing'], [], ['failed', 'missing'])).toBe(0);
  });

  it('is 1 for the verdicts named in failOn too; allow wins where both name one; a regression always fails', () => {
    expect(compareExitCode(['unchanged', 'inconclusive'], ['inconclusive'])).toBe(1);
    expect(compareExitCode(['unchanged', 'inconclusive'], ['failed'])).toBe(0);
    expect(compareExitCode(['failed'], ['failed'], ['failed'])).toBe(0);
    expect(compareExitCode(['regression'], [], ['regression'])).toBe(1);
    expect(failingVerdicts()).toEqual(['regression', 'failed', 'missing']);
    expect(failingVerdicts(['inconclusive'], ['missing'])).toEqual(['regression', 'failed', 'inconclusive']);
  });
});
