/**
 * The intraclass correlation of values grouped by process: the share of their variance that lies
 * between processes, by the one-way ANOVA estimator (Fisher; Shrout & Fleiss, Psychol. Bull. 86,
 * 1979, ICC(1)), with the usual average group size of unbalanced one-way ANOVA,
 * k₀ = (N − Σnᵢ²/N)/(n − 1), for groups of unequal size:
 *
 *   ICC = (MSB − MSW) / (MSB + (k₀ − 1)·MSW), clipped to [0, 1].
 *
 * It says what a second value of a process is worth: K values of one process count as
 * K / (1 + (K − 1)·ICC) independent ones (Kish's design effect), so an ICC near 1 means warm
 * values add little over more processes, an ICC near 0 that they are nearly as good as processes.
 */
import { mean } from './descriptive.js';

/** ICC(1) of the groups, or null when it is undefined (fewer than 2 groups, no group with 2 values, or no variance). */
export function intraclassCorrelation(groups: readonly (readonly number[])[]): number | null {
  const n = groups.length;
  const total = groups.reduce((sum, group) => sum + group.length, 0);
  if (n < 2 || total <= n || groups.some((group) => group.length === 0)) return null;
  const grand = mean(groups.flat());
  let between = 0;
  let within = 0;
  for (const group of groups) {
    const m = mean(group);
    between += group.length * (m - grand) ** 2;
    for (const x of group) within += (x - m) ** 2;
  }
  const msb = between / (n - 1);
  const msw = within / (total - n);
  const k0 = (total - groups.reduce((sum, group) => sum + group.length ** 2, 0) / total) / (n - 1);
  const denominator = msb + (k0 - 1) * msw;
  if (!(denominator > 0)) return null;
  return Math.min(1, Math.max(0, (msb - msw) / denominator));
}
