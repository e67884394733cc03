/** The exit code of `pyconc compare`: what a CI gate acts on. */
import { ExitCode } from '../core/errors.js';
import type { Verdict } from './verdict-schema.js';

/**
 * 1 when any pair is a regression or has a verdict listed in `failOn` (e.g.
 * `['failed', 'missing']`), else 0. Bad input never gets here: it throws (exit 2).
 */
export function compareExitCode(verdicts: readonly Verdict[], failOn: readonly Verdict[] = []): number {
  const failing = new Set<Verdict>(['regression', ...failOn]);
  return verdicts.some((verdict) => failing.has(verdict)) ? ExitCode.failure : ExitCode.ok;
}
