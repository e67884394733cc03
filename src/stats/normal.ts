/**
 * Upper tail of the standard normal distribution, Q(z) = 1 − Φ(z), to a relative error
 * below 1e-13 from z = −∞ to z = 30 (checked against scipy), also far into the tail,
 * where 1 − Φ(z) computed by subtraction would be all rounding error. Rank tests take their
 * asymptotic p-values from it.
 *
 * Two classic expansions (Abramowitz & Stegun, *Handbook of Mathematical Functions*,
 * 1964, 26.2.11 and 26.2.14; the series is the one Marsaglia, "Evaluating the Normal
 * Distribution", J. Stat. Software 11(4), 2004, recommends):
 * - |z| < 3: Φ(z) = 1/2 + φ(z)·Σ z^(2k+1) / (1·3·5···(2k+1)), all terms positive;
 * - z ≥ 3: Laplace's continued fraction Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))),
 *   evaluated bottom-up from a fixed depth that is ample for z ≥ 3.
 */

const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const SERIES_LIMIT = 3;
const FRACTION_DEPTH = 120;

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/** Q(z) for z ≥ 0 by the method suited to its size. */
function upperTail(z: number): number {
  if (z < SERIES_LIMIT) {
    let term = z;
    let sum = z;
    for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
      term *= (z * z) / (2 * k + 1);
      sum += term;
    }
    return 0.5 - normalPdf(z) * sum;
  }
  let fraction = z;
  for (let k = FRACTION_DEPTH; k >= 1; k--) fraction = z + k / fraction;
  return normalPdf(z) / fraction;
}

/** Survival function of the standard normal, P(Z > z) (scipy.stats.norm.sf, scipy.special.ndtr(−z)). */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  return z >= 0 ? upperTail(z) : 1 - upperTail(-z);
}
