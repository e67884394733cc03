/**
 * How many decimals an estimate and its interval deserve, so that the three are printed alike:
 * an estimate never at another precision than its bounds, never outside them.
 */

/** Decimals that give `x` the number of significant figures asked for (0 to 6 decimals). */
export function decimalsFor(x: number, figures: number): number {
  if (!Number.isFinite(x) || x === 0) return 0;
  return Math.min(6, Math.max(0, figures - 1 - Math.floor(Math.log10(Math.abs(x)))));
}

/**
 * One precision for an estimate and its bounds: two significant figures of the smallest, a third
 * when two would print different numbers alike (3.96 in 3.95–3.97 is not "4.0 (4.0–4.0)").
 */
export function sharedDecimals(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value) && value !== 0);
  if (finite.length === 0) return 0;
  const smallest = finite.reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a));
  const two = decimalsFor(smallest, 2);
  const distinct = new Set(finite).size;
  return new Set(finite.map((value) => value.toFixed(two))).size < distinct ? Math.min(6, two + 1) : two;
}

/**
 * An estimate and its interval at one precision: `3.96 (3.95–3.97)`. Rounding is monotone, so an
 * estimate inside its interval stays inside its printed bounds; an interval that misses its own
 * estimate (a percentile bootstrap can, on a handful of samples) is printed as the hull of both.
 */
export function formatEstimate(value: number, low: number, high: number, suffix = ''): string {
  if (!Number.isFinite(value)) return '–';
  const lo = Math.min(low, value);
  const hi = Math.max(high, value);
  const digits = sharedDecimals([value, lo, hi]);
  const bound = (x: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
  return `${value.toFixed(digits)}${suffix} (${bound(lo)}–${bound(hi)})`;
}
