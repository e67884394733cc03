/**
 * What a page asks the browser to draw: plain data, inlined as JSON and read by `drawCharts`.
 * Values are already in the chart's unit, so the browser does no arithmetic of its own.
 */

/** Series names and their colours, in the same order. */
export interface SeriesColors {
  readonly domain: readonly string[];
  readonly range: readonly string[];
}

/** Observable's ten categorical colours (Plot's `observable10`), readable on light and dark backgrounds. */
export const PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'] as const;

/** Colours for these series: the i-th name of `order` gets the i-th colour, so a name keeps its colour on every chart. */
export function seriesColors(names: readonly string[], order: readonly string[] = names): SeriesColors {
  const domain = order.filter((name) => names.includes(name));
  return { domain, range: domain.map((name) => PALETTE[order.indexOf(name) % PALETTE.length] ?? '#888888') };
}

/** One cell on a wall-time chart: its median with the 95% CI, and the scenario's ideal if it has one. */
export interface WallPoint {
  readonly label: string;
  readonly mode: string;
  readonly median: number;
  readonly low: number;
  readonly high: number;
  readonly ideal: number | null;
}

/** Median wall time per mode (and workers), the CI as error bars and the ideal as a dashed tick. */
export interface WallChartSpec {
  readonly kind: 'wall';
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  /** The colour of each mode, the same on every chart of a page. */
  readonly colors: SeriesColors;
  readonly points: readonly WallPoint[];
}

/** A speedup with its 95% CI at one worker count or parameter value. */
export interface SpeedupPoint {
  readonly series: string;
  readonly x: number;
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** Speedup against workers (or a parameter), one line per mode, the ideal dashed in the same colour. */
export interface SpeedupChartSpec {
  readonly kind: 'speedup';
  readonly id: string;
  readonly label: string;
  readonly xLabel: string;
  /** The colour of each series (of each mode, for a chart against workers, as on the wall-time chart). */
  readonly colors: SeriesColors;
  readonly points: readonly SpeedupPoint[];
  readonly ideal: readonly { readonly series: string; readonly x: number; readonly value: number }[];
  /** Points marked with a ring and a word (the recommendation, the knee); absent: none. */
  readonly highlights?: readonly { readonly series: string; readonly x: number; readonly value: number; readonly label: string }[];
}

/** One compared cell: its ratio (new / base wall time) with the 95% CI, and its verdict. */
export interface RatioPoint {
  /** The row's label: the cell's name cut to what differs between the rows. */
  readonly name: string;
  /** The full cell name (the tooltip), where the label is shorter. */
  readonly cell?: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly verdict: string;
}

/** Every compared cell's ratio against the ±threshold band. */
export interface RatioChartSpec {
  readonly kind: 'ratio';
  readonly id: string;
  readonly label: string;
  /** Fraction: 0.1 draws the band from 0.9 to 1.1. */
  readonly threshold: number;
  readonly points: readonly RatioPoint[];
}

/** One run of a cell's history. */
export interface TrendPoint {
  readonly run: number;
  readonly commit: string;
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

/** A cell's series of medians, the fitted levels between steps and a rule where each step began. */
export interface TrendChartSpec {
  readonly kind: 'trend';
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly points: readonly TrendPoint[];
  readonly levels: readonly { readonly from: number; readonly to: number; readonly value: number }[];
  readonly steps: readonly { readonly run: number; readonly commit: string; readonly regression: boolean }[];
}

export type ChartSpec = WallChartSpec | SpeedupChartSpec | RatioChartSpec | TrendChartSpec;

/** The ARIA description of each kind of mark (its group in the SVG), so tests and screen readers can find them. */
export const MARK_LABELS = {
  median: 'median',
  ci: '95% CI',
  ideal: 'ideal',
  speedup: 'speedup',
  highlight: 'highlight',
  ratio: 'ratio',
  band: 'threshold band',
  level: 'level',
  step: 'step',
} as const;
