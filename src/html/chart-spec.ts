/**
 * What a page asks the browser to draw: plain data, inlined as JSON and read by `drawCharts`.
 * Values are already in the chart's unit, so the browser does no arithmetic of its own.
 */

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
  readonly points: readonly SpeedupPoint[];
  readonly ideal: readonly { readonly series: string; readonly x: number; readonly value: number }[];
}

/** One compared cell: its ratio (new / base wall time) with the 95% CI, and its verdict. */
export interface RatioPoint {
  readonly name: string;
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

/** The ARIA label of each kind of mark, so tests and screen readers can find them. */
export const MARK_LABELS = {
  median: 'median',
  ci: '95% CI',
  ideal: 'ideal',
  speedup: 'speedup',
  ratio: 'ratio',
  band: 'threshold band',
  level: 'level',
  step: 'step',
} as const;
