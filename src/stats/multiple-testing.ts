/**
 * Adjusted p-values for a family of tests, so that comparing many cells at once does not
 * turn noise into findings. Each adjusted p-value is compared with the level α directly:
 * "p̃ᵢ < α" rejects exactly the hypotheses the procedure would reject at α.
 *
 * - Holm (Scand. J. Statist. 6, 1979): step-down, controls the family-wise error rate
 *   (the chance of even one false finding) under any dependence between the tests.
 *   With p₍₁₎ ≤ … ≤ p₍ₘ₎: p̃₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎).
 * - Benjamini-Hochberg (J. R. Statist. Soc. B 57, 1995): step-up, controls the false
 *   discovery rate (the expected share of false findings among them) for independent or
 *   positively dependent tests. p̃₍ᵢ₎ = min over j ≥ i of min(1, m/j·p₍ⱼ₎), as
 *   scipy.stats.false_discovery_control(method='bh').
 */

/** The corrections on offer, by the name settings and verdicts carry. */
export const CORRECTIONS = ['holm', 'bh'] as const;
export type Correction = (typeof CORRECTIONS)[number];

/** How reports name each correction. */
export const CORRECTION_NAMES: Readonly<Record<Correction, string>> = {
  holm: 'Holm',
  bh: 'Benjamini-Hochberg',
};

function checkPValues(pValues: readonly number[]): void {
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must be in [0, 1], got ${p}`);
  }
}

/** Indices of `pValues` in ascending order of p, ties kept in input order. */
function ascending(pValues: readonly number[]): number[] {
  return pValues.map((_, index) => index).sort((a, b) => (pValues[a] as number) - (pValues[b] as number) || a - b);
}

/** Holm's step-down adjusted p-values (family-wise error rate), in the input's order. */
export function holm(pValues: readonly number[]): number[] {
  checkPValues(pValues);
  const m = pValues.length;
  const adjusted = new Array<number>(m);
  let running = 0;
  ascending(pValues).forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * (pValues[index] as number)));
    adjusted[index] = running;
  });
  return adjusted;
}

/** Benjamini-Hochberg step-up adjusted p-values (false discovery rate), in the input's order. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  checkPValues(pValues);
  const m = pValues.length;
  const adjusted = new Array<number>(m);
  const order = ascending(pValues);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank] as number;
    running = Math.min(running, (m / (rank + 1)) * (pValues[index] as number));
    adjusted[index] = running;
  }
  return adjusted;
}

/** Adjusted p-values by the named correction. */
export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  return correction === 'holm' ? holm(pValues) : benjaminiHochberg(pValues);
}
