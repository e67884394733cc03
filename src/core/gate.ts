/**
 * The CI gate's defaults, shared by `pyconc compare`, the A/B pair rule of `pyconc run`
 * (`--baseline-scenarios`) and `pyconc history check`, and how a threshold is written.
 *
 * Thresholds are percentages: `--threshold 10` and `--threshold 10%` both mean ±10%. A bare
 * number below 1 is refused as ambiguous: scenario files write thresholds as fractions
 * (`gate.threshold: 0.15`), so `--threshold 0.15` may mean 15% or 0.15%; write `15` or `0.15%`.
 */
import { UsageError } from './errors.js';

/**
 * ±10% for scenarios without a threshold of their own: on a noisy machine only comparisons made
 * within one interleaved run are trustworthy at about this level.
 */
export const DEFAULT_THRESHOLD = 0.1;

/** Significance level of the gate's rank tests, after the correction for the cells compared: strict, because a CI gate runs on every commit. */
export const DEFAULT_ALPHA = 0.01;

/** A threshold flag's percentage as a fraction: `10`, `10%` and `2.5%` → 0.10, 0.10, 0.025 (see the module comment). */
export function parseThreshold(flag: string, raw: string): number {
  const match = /^(\d+(?:\.\d*)?|\.\d+)(%?)$/.exec(raw.trim());
  const percent = match === null ? Number.NaN : Number(match[1]);
  if (!Number.isFinite(percent)) throw new UsageError(`${flag}: expected a percentage like 10 or 10%, got "${raw}"`);
  if (percent <= 0) throw new UsageError(`${flag}: the threshold must be above 0%, got "${raw}"`);
  if (match?.[2] === '' && percent < 1) {
    throw new UsageError(`${flag}: "${raw}" is ambiguous; write ${+(percent * 100).toFixed(4)} for ${+(percent * 100).toFixed(4)}% or ${raw}% for ${raw}%`);
  }
  return percent / 100;
}
