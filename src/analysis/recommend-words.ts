/** How the recommendation writes its figures (the reporters' own formatters live a layer above). */
import type { Interval } from '../results/results-schema.js';
import { formatEstimate } from '../stats/shared-precision.js';

/** A ratio: `1.62×`, `0.98×`, `0.031×`, `12.4×`, `150×`. */
export function ratioText(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 10) return `${value.toFixed(value >= 100 ? 0 : 1)}×`;
  return `${value < 0.1 ? value.toPrecision(2) : value.toFixed(2)}×`;
}

/** A ratio with its interval, at one precision: `1.62× (1.41–1.80)`. */
export function ratioIntervalText(interval: Interval): string {
  return formatEstimate(interval.value, interval.ciLow, interval.ciHigh, '×');
}

/** A figure with its unit and interval, at one precision: `41.2 ms (40.1–43.0)`. */
export function figureIntervalText(interval: Interval, unit = ''): string {
  return formatEstimate(interval.value, interval.ciLow, interval.ciHigh, unit === '' ? '' : ` ${unit}`);
}

/** A duration in ns, three figures: `850 µs`, `41.2 ms`, `1.23 s`. */
export function durationText(ns: number): string {
  const abs = Math.abs(ns);
  if (abs < 1e6) return `${Number((ns / 1e3).toPrecision(3))} µs`;
  if (abs < 1e9) return `${Number((ns / 1e6).toPrecision(3))} ms`;
  return `${Number((ns / 1e9).toPrecision(3))} s`;
}

/** A size in KiB: `850 KB`, `2.5 MB`, `42 MB`. */
export function sizeText(kb: number): string {
  if (kb < 1000) return `${kb.toFixed(0)} KB`;
  return `${(kb / 1024).toFixed(kb < 10 * 1024 ? 1 : 0)} MB`;
}

/** Names a few items and says how many more: `a, b and 3 more`. */
export function someOf(items: readonly string[], limit: number): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}
