import type { MetricUnit } from '../core/metrics.js';
import { decimalsFor, formatEstimate, sharedDecimals } from '../stats/shared-precision.js';

/** A duration in ns as a short human figure: 850 µs, 41.2 ms, 1.23 s. */
export function formatDuration(ns: number): string {
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${ns.toFixed(0)} ns`;
  if (abs < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (abs < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}

/** A size in KiB as a short figure (at most 6 characters): 850 KB, 2.0 MB, 224 MB, 1.2 GB. */
export function formatKb(kb: number): string {
  const mb = kb / 1024;
  if (kb < 1000) return `${kb.toFixed(0)} KB`;
  if (mb < 10) return `${mb.toFixed(1)} MB`;
  if (mb < 999.5) return `${mb.toFixed(0)} MB`;
  return `${(mb / 1024).toFixed(1)} GB`;
}

/** A ratio as a speedup: 1.92×. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? `${value.toFixed(0)}×` : value >= 10 ? `${value.toFixed(1)}×` : `${value.toFixed(2)}×`;
}

/** A figure in a metric registry unit (core/metrics.ts) as a short text: `41.2 ms`, `2.0 MB`, `1.92×`, `96%`, `45.6k`. */
export function formatInUnit(unit: MetricUnit, value: number): string {
  switch (unit) {
    case 'ns':
      return formatDuration(value);
    case 'ms':
      return formatDuration(value * 1e6);
    case 'kb':
      return formatKb(value);
    case 'ratio':
      return formatRatio(value);
    case 'fraction':
      return formatPercent(value);
    case 'named':
      return formatSignificant(value);
  }
}

/** A fraction as a percentage: 0.96 → 96%. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(0)}%`;
}

/** A workload metric with three significant figures, its unit left to the title: 0.0595, 12.0, 1230, 45.6k, 1.23M. */
export function formatSignificant(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  // Round first, so 999.9 becomes 1000 and takes the next step's format.
  const rounded = Number(value.toPrecision(3));
  const abs = Math.abs(rounded);
  if (abs < 1000) return rounded.toPrecision(3);
  if (abs < 1e4) return rounded.toFixed(0);
  const [scale, suffix] = abs < 1e6 ? [1e3, 'k'] : abs < 1e9 ? [1e6, 'M'] : [1e9, 'G'];
  return `${(rounded / scale).toPrecision(3)}${suffix}`;
}

/** A speedup with its interval: `3.96× (3.95–3.97)`, `0.0140× (0.0130–0.0150)`. */
export function formatRatioInterval(value: number, low: number, high: number): string {
  return formatEstimate(value, low, high, '×');
}

/** An efficiency with its interval, in percent at one precision: `97% (91–103%)`. */
export function formatPercentInterval(value: number, low: number, high: number): string {
  if (!Number.isFinite(value)) return '–';
  const [v, lo, hi] = [value * 100, Math.min(low, value) * 100, Math.max(high, value) * 100];
  const digits = Math.min(1, Math.max(...[v, lo, hi].map((x) => decimalsFor(x, 2))));
  return `${v.toFixed(digits)}% (${lo.toFixed(digits)}–${hi.toFixed(digits)}%)`;
}

/** Above this relative half-width a median's interval is printed as low–high: ±135% hides a lopsided interval. */
export const MAX_PLUS_MINUS = 0.1;

const UNITS: readonly [number, string][] = [[1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];

/**
 * A median duration and its interval: `2.00 s ±0.1%` while the larger side is within ±10%, else
 * `41 ms (40–95)`, the bounds in the median's unit and all three at one precision.
 */
export function formatDurationInterval(median: number, low: number, high: number): { text: string; halfWidth: number } {
  const halfWidth = median > 0 ? Math.max(median - low, high - median) / median : Number.POSITIVE_INFINITY;
  if (halfWidth <= MAX_PLUS_MINUS) return { text: `${formatDuration(median)} ±${(halfWidth * 100).toFixed(1)}%`, halfWidth };
  const [scale, unit] = UNITS.find(([size]) => Math.abs(median) >= size) ?? [1, 'ns'];
  const [m, lo, hi] = [median / scale, Math.min(low, median) / scale, Math.max(high, median) / scale];
  // One precision for the three, as for speedups: the interval is wide, so two figures of its low end say enough.
  const digits = Math.min(2, sharedDecimals([m, lo, hi]));
  return { text: `${m.toFixed(digits)} ${unit} (${lo.toFixed(digits)}–${hi.toFixed(digits)})`, halfWidth };
}
