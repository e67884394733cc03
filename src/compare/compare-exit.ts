/** The exit code of `pyconc compare`: what a CI gate acts on. */
import { ExitCode } from '../core/errors.js';
import { VERDICTS, type Verdict } from './verdict-schema.js';

/**
 * What fails the gate unless `--allow` accepts it: a regression, and a candidate whose benchmark
 * broke or vanished (`failed`: a side that did not run ok, or a checksum that changed; `missing`: a
 * cell the candidate no longer has). A gate that passed those would pass a broken change.
 */
export const DEFAULT_FAILING: readonly Verdict[] = ['regression', 'failed', 'missing'];

/** Verdicts `--allow` may accept; a regression is what the gate is for. */
export const ALLOWABLE: readonly Verdict[] = ['failed', 'missing'];

/** The verdicts that make the exit code 1, in VERDICTS order: the defaults and `failOn`, less `allow`. */
export function failingVerdicts(failOn: readonly Verdict[] = [], allow: readonly Verdict[] = []): Verdict[] {
  const failing = new Set<Verdict>([...DEFAULT_FAILING, ...failOn]);
  for (const verdict of allow) if (verdict !== 'regression') failing.delete(verdict);
  return VERDICTS.filter((verdict) => failing.has(verdict));
}

/**
 * 1 when any pair has a failing verdict (see {@link failingVerdicts}), else 0. Bad input never
 * gets here: it throws (exit 2).
 */
export function compareExitCode(verdicts: readonly Verdict[], failOn: readonly Verdict[] = [], allow: readonly Verdict[] = []): number {
  const failing = new Set(failingVerdicts(failOn, allow));
  return verdicts.some((verdict) => failing.has(verdict)) ? ExitCode.failure : ExitCode.ok;
}
