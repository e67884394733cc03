import type { Interval } from '../core/interval.js';
import { shortNames } from '../core/short-names.js';
import type { RatioChartSpec } from './chart-spec.js';
import { escapeHtml } from './escape-html.js';
import { chartFigure, htmlPage, htmlTable } from './html-page.js';

/** What the comparison page needs of one compared cell (the compare verdict document maps onto it). */
export interface ComparedPair {
  /** The cell's name (`cellName`), shown as its row. */
  readonly name: string;
  readonly scenario: string;
  readonly mode: string;
  readonly workers: number;
  /** New / base median wall time with its 95% CI; null where there is no pair (new, missing, failed). */
  readonly ratio: Interval | null;
  readonly verdict: 'regression' | 'improvement' | 'unchanged' | 'inconclusive' | 'new' | 'missing' | 'failed';
}

/** The input of {@link htmlComparison}. */
export interface ComparisonInput {
  readonly title?: string;
  /** The regression threshold as a fraction: 0.1 is ±10%. */
  readonly threshold: number;
  readonly pairs: readonly ComparedPair[];
  /** Which pyconc wrote it, for the footer. */
  readonly generator?: string;
}

/** Regressions first, then what is still uncertain, then the rest. */
const VERDICT_ORDER: readonly ComparedPair['verdict'][] = ['regression', 'inconclusive', 'failed', 'improvement', 'unchanged', 'new', 'missing'];

function formatRatio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '–';
}

function signedPercent(ratio: number): string {
  const change = (ratio - 1) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(1)}%`;
}

/** `7 regressions`, `1 regression`, `14 inconclusive`: the verdicts that are nouns take a plural. */
export function verdictCount(verdict: ComparedPair['verdict'], count: number): string {
  const plural = count !== 1 && (verdict === 'regression' || verdict === 'improvement');
  return `${count} ${verdict}${plural ? 's' : ''}`;
}

/** The pairs in the order the page shows them: by verdict, then the largest slowdown first. */
export function orderPairs(pairs: readonly ComparedPair[]): ComparedPair[] {
  return [...pairs].sort((a, b) => VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) || (b.ratio?.value ?? 0) - (a.ratio?.value ?? 0));
}

/** A self-contained page for a comparison: every cell's ratio with its CI against the ±threshold band, regressions first, and the table. */
export function htmlComparison(input: ComparisonInput): string {
  const pairs = orderPairs(input.pairs);
  const counts = VERDICT_ORDER.map((verdict) => [verdict, pairs.filter((pair) => pair.verdict === verdict).length] as const).filter(([, count]) => count > 0);
  const threshold = `±${(input.threshold * 100).toFixed(input.threshold * 100 < 1 ? 1 : 0)}%`;
  const drawn = pairs.filter((pair) => pair.ratio !== null);
  // Rows labelled by what differs between them: full names were clipped, and the table has them.
  const labels = shortNames(drawn.map((pair) => pair.name));
  const chart: RatioChartSpec = {
    kind: 'ratio',
    id: 'comparison-chart',
    label: `Ratio of new to base median wall time for ${drawn.length} cells, with 95% confidence intervals, against the ${threshold} threshold band`,
    threshold: input.threshold,
    points: drawn.map(({ name, ratio, verdict }, index) => {
      const label = labels.names[index] ?? name;
      const { value, ciLow, ciHigh } = ratio as NonNullable<ComparedPair['ratio']>;
      return { name: label, ...(label === name ? {} : { cell: name }), value, low: ciLow, high: ciHigh, verdict };
    }),
  };
  const common = labels.common.length === 0 ? '' : ` Every cell: ${escapeHtml(labels.common.join(' · '))}.`;
  const rows = pairs.map((pair) => [
    pair.verdict,
    pair.name,
    pair.scenario,
    pair.mode,
    String(pair.workers),
    pair.ratio === null ? '–' : formatRatio(pair.ratio.value),
    pair.ratio === null ? '–' : `${formatRatio(pair.ratio.ciLow)}–${formatRatio(pair.ratio.ciHigh)}`,
    pair.ratio === null ? '–' : signedPercent(pair.ratio.value),
  ]);
  const title = input.title ?? 'pyconc comparison';
  const body = [
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${counts.map(([verdict, count]) => `<span class="${verdict}">${verdictCount(verdict, count)}</span>`).join(' · ')}; threshold ${escapeHtml(threshold)} (a cell whose whole CI lies within the band is unchanged).</p>`,
    '</header>',
    '<main>',
    chart.points.length > 0
      ? chartFigure(chart, `Each row is a cell: the dot is new ÷ base median wall time (above 1 is slower), the bar its 95% CI, the shaded band ${escapeHtml(threshold)}.${common} Regressions first; the table below has every figure.`)
      : '<p class="muted">No cell has a ratio to draw.</p>',
    '<h2 id="cells">Cells</h2>',
    htmlTable(['verdict', 'cell', 'scenario', 'mode', 'w', 'ratio', '95% CI', 'change'], rows, { left: [0, 1, 2, 3], rowClass: (index) => pairs[index]?.verdict ?? '' }),
    '</main>',
  ].join('\n');
  return htmlPage({ title, body, charts: chart.points.length > 0 ? [chart] : [], generator: input.generator ?? 'written by pyconc compare' });
}
