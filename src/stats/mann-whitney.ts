/**
 * Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples: does one tend to
 * give larger values than the other? It assumes nothing about the shape of the
 * distributions, which suits timings (skewed, with outliers), and it is computed as
 * scipy.stats.mannwhitneyu computes it (Mann & Whitney, Ann. Math. Statist. 18, 1947):
 *
 * - U1 = R1 − n1(n1 + 1)/2, R1 the sum of the ranks of `x` in the pooled sample (tied
 *   values share their average rank); U2 = n1·n2 − U1.
 * - `greater` (x tends to be larger): p = P(U ≥ U1); `less`: p = P(U ≥ U2); `two-sided`:
 *   p = 2·P(U ≥ max(U1, U2)), capped at 1.
 * - Exact p-values count the rank arrangements under the null hypothesis (every split of
 *   the pooled ranks equally likely). They are exact only without ties.
 * - The asymptotic p-value is the normal approximation with scipy's tie correction,
 *   σ = √(n1·n2/12 · ((n + 1) − Σ(t³ − t)/(n(n − 1)))) over the tie group sizes t, and
 *   a continuity correction of ½ towards the mean. When every value is tied (σ = 0)
 *   there is no evidence of a difference and p = 1.
 *
 * `method: 'auto'` (the default) takes the exact p-value when there are no ties and both
 * samples have at most {@link EXACT_MAX_N} values, the normal approximation otherwise.
 * That is scipy's rule (exact when no ties and a sample is small) with a larger
 * cut-off: scipy switches at 8 values, but the exact count costs only O(n1·n2·(n1 + n2))
 * here, and in the far tail, where a p-value must survive a correction for many cells,
 * the approximation is off by orders of magnitude (12 + 12 fully separated values:
 * exact 7.4e-7, normal 3.6e-5).
 */
import { normalSf } from './normal.js';
import { requireNonEmpty } from './order-statistics.js';

/** Largest sample size, on either side, for which `method: 'auto'` computes the exact p-value. */
export const EXACT_MAX_N = 30;

/** Which direction the alternative hypothesis looks in, for `x` against `y`. */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** How the p-value is computed. */
export type MannWhitneyMethod = 'auto' | 'exact' | 'asymptotic';

/** Options for {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /** Default `'two-sided'`; `'greater'` tests whether `x` tends to be larger than `y`. */
  alternative?: Alternative;
  /** Default `'auto'` (see the module comment). `'exact'` refuses tied data. */
  method?: MannWhitneyMethod;
  /** Continuity correction of the normal approximation. Default true, as scipy. */
  continuity?: boolean;
}

/** The outcome of a Mann-Whitney U test. */
export interface MannWhitneyResult {
  /** U1, the statistic of `x` (scipy's `statistic`): pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting ½. */
  u: number;
  pValue: number;
  /** The method actually used (never `'auto'`). */
  method: 'exact' | 'asymptotic';
}

/** Average ranks (1-based) of the pooled values and the sizes of their tie groups (only groups larger than 1). */
export function averageRanks(values: readonly number[]): { ranks: Float64Array; ties: number[] } {
  // A comparison, not a subtraction: ∞ − ∞ would be NaN and break the sort.
  const order = values.map((_, index) => index).sort((a, b) => {
    const [x, y] = [values[a] as number, values[b] as number];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const ranks = new Float64Array(values.length);
  const ties: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end] as number] === values[order[start] as number]) end++;
    // Positions start…end−1 hold equal values: each gets the mean of ranks start+1…end.
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i] as number] = rank;
    if (end - start > 1) ties.push(end - start);
    start = end;
  }
  return { ranks, ties };
}

/**
 * Null distribution of U for samples of sizes m and n, as counts of arrangements:
 * `counts[u]` ways out of C(m + n, m). Built like a 0/1 knapsack over the pooled
 * positions: choosing position i as the k-th smallest of the m adds i − (k − 1) to U
 * (the number of the other sample's values below it). Counts above 2⁵³ lose their last
 * bits, but all terms are positive, so tail sums keep their relative precision.
 */
function exactCounts(m: number, n: number): Float64Array {
  const maxU = m * n;
  // table[k][u]: ways to choose k of the positions seen so far with statistic u.
  const table = Array.from({ length: m + 1 }, () => new Float64Array(maxU + 1));
  (table[0] as Float64Array)[0] = 1;
  for (let i = 0; i < m + n; i++) {
    for (let k = Math.min(i + 1, m); k >= 1; k--) {
      const shift = i - (k - 1);
      if (shift < 0 || shift > n) continue;
      const from = table[k - 1] as Float64Array;
      const to = table[k] as Float64Array;
      for (let u = maxU - shift; u >= 0; u--) {
        const ways = from[u] as number;
        if (ways !== 0) to[u + shift] = (to[u + shift] as number) + ways;
      }
    }
  }
  return table[m] as Float64Array;
}

// A comparison tests many cells of the same sizes: build each null distribution once.
const countsCache = new Map<string, Float64Array>();

/** P(U ≥ u) under the null hypothesis, exactly, for samples of sizes m and n. */
function exactSf(u: number, m: number, n: number): number {
  const [small, large] = [Math.min(m, n), Math.max(m, n)];
  const key = `${small},${large}`;
  let counts = countsCache.get(key);
  if (counts === undefined) {
    counts = exactCounts(small, large);
    countsCache.set(key, counts);
  }
  let total = 0;
  let tail = 0;
  const from = Math.ceil(u - 1e-9);
  for (let v = 0; v < counts.length; v++) {
    const ways = counts[v] as number;
    total += ways;
    if (v >= from) tail += ways;
  }
  return tail / total;
}

/** P(U ≥ u) by the normal approximation with tie and continuity corrections. */
function asymptoticSf(u: number, n1: number, n2: number, ties: readonly number[], continuity: boolean): number {
  const n = n1 + n2;
  let tieTerm = 0;
  for (const t of ties) tieTerm += t * t * t - t;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) return 1;
  return normalSf((u - (n1 * n2) / 2 - (continuity ? 0.5 : 0)) / sigma);
}

/** Mann-Whitney U test of `x` against `y` (see the module comment for the method). */
export function mannWhitneyU(x: readonly number[], y: readonly number[], options: MannWhitneyOptions = {}): MannWhitneyResult {
  const { alternative = 'two-sided', method = 'auto', continuity = true } = options;
  requireNonEmpty(x, 'Mann-Whitney U test');
  requireNonEmpty(y, 'Mann-Whitney U test');
  if ([...x, ...y].some((value) => Number.isNaN(value))) throw new RangeError('Mann-Whitney U test: samples must not contain NaN');
  const n1 = x.length;
  const n2 = y.length;
  const { ranks, ties } = averageRanks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i] as number;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const [u, factor] = alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];
  if (method === 'exact' && ties.length > 0) throw new RangeError('Mann-Whitney U test: the exact p-value assumes no ties');
  const used = method === 'auto' ? (ties.length === 0 && Math.max(n1, n2) <= EXACT_MAX_N ? 'exact' : 'asymptotic') : method;
  const tail = used === 'exact' ? exactSf(u, n1, n2) : asymptoticSf(u, n1, n2, ties, continuity);
  return { u: u1, pValue: Math.min(1, Math.max(0, tail * factor)), method: used };
}

/**
 * The smallest two-sided p-value an exact Mann-Whitney U test of samples of sizes n1 and n2 can
 * give: every value of one sample beyond every value of the other, one arrangement of C(n1 + n2,
 * n1) at each end, so 2 / C(n1 + n2, n1) (5 vs 5: 2/252 = 0.0079; 6 vs 6: 2/924 = 0.0022). No
 * data can do better, so a test corrected for m comparisons (Holm's or Benjamini-Hochberg's
 * factor m for the smallest p-value) can only pass α when m times this is below α.
 */
export function smallestTwoSidedP(n1: number, n2: number): number {
  let arrangements = 1;
  for (let i = 1; i <= Math.min(n1, n2); i++) arrangements = (arrangements * (Math.max(n1, n2) + i)) / i;
  return Math.min(1, 2 / arrangements);
}

/** The fewest samples per side (equal sides) whose smallest two-sided p-value is below `level`: 7 for 0.01/11. */
export function samplesForPValue(level: number, cap = 1000): number {
  for (let n = 1; n <= cap; n++) if (smallestTwoSidedP(n, n) < level) return n;
  return cap;
}
