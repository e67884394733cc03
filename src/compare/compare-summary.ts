/** The counts and the one-line verdict that head every compare report. */
import { CORRECTION_NAMES, type Correction } from '../stats/multiple-testing.js';
import { VERDICTS, type PairVerdict, type Verdict } from './verdict-schema.js';

/** How many pairs got each verdict, every verdict present. */
export function countVerdicts(pairs: readonly PairVerdict[]): Record<Verdict, number> {
  const counts = Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>;
  for (const pair of pairs) counts[pair.verdict] += 1;
  return counts;
}

const PLURALS: Partial<Record<Verdict, string>> = { regression: 'regressions', improvement: 'improvements' };

/** `±10%`. */
export function formatThreshold(threshold: number): string {
  return `±${+(threshold * 100).toFixed(1)}%`;
}

/**
 * `pyconc compare: 2 regressions, 1 inconclusive, 14 unchanged (threshold ±10%, α 0.01, Holm)`:
 * the non-zero counts worst first, then the settings a reader needs to trust them.
 */
export function verdictLine(pairs: readonly PairVerdict[], settings: { threshold: number; alpha: number; correction: Correction }): string {
  const counts = countVerdicts(pairs);
  const parts = VERDICTS.filter((verdict) => counts[verdict] > 0).map(
    (verdict) => `${counts[verdict]} ${counts[verdict] === 1 ? verdict : (PLURALS[verdict] ?? verdict)}`,
  );
  const thresholds = [...new Set(pairs.map((pair) => pair.threshold))].sort((a, b) => a - b);
  const low = thresholds[0] ?? settings.threshold;
  const high = thresholds[thresholds.length - 1] ?? settings.threshold;
  const band = low === high ? formatThreshold(low) : `${formatThreshold(low)} to ${formatThreshold(high)}`;
  const what = parts.length === 0 ? 'no cells compared' : parts.join(', ');
  return `pyconc compare: ${what} (threshold ${band}, α ${settings.alpha}, ${CORRECTION_NAMES[settings.correction]})`;
}

/**
 * What fails the gate besides regressions, when something does: `the gate fails on 2 failed
 * (--allow failed accepts them)`. Regressions speak for themselves in the verdict line.
 */
export function gateLine(counts: Readonly<Record<Verdict, number>>, failOn: readonly Verdict[]): string | undefined {
  const failing = failOn.filter((verdict) => verdict !== 'regression' && counts[verdict] > 0);
  if (failing.length === 0) return undefined;
  const allowable = failing.filter((verdict) => verdict === 'failed' || verdict === 'missing');
  const hint = allowable.length === 0 ? '' : ` (--allow ${allowable.join(',')} accepts them)`;
  return `the gate fails on ${failing.map((verdict) => `${counts[verdict]} ${verdict}`).join(', ')}${hint}`;
}
