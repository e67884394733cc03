import { metricInterval } from '../analysis/metric-values.js';
import { isRateMetric, WORKLOAD_METRIC_PREFIX } from '../core/metrics.js';
import type { ResultsDocument } from '../results/results-schema.js';
import { namedCells, type NamedCell } from './cell-names.js';
import type { Exporter } from './exporter.js';

/** One Bencher metric: a value and, optionally, the bounds of its interval. */
export interface BmfMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

/** Bencher Metric Format: benchmark name → measure slug → metric. */
export type BmfDocument = Record<string, Record<string, BmfMetric>>;

/**
 * The workload's own throughput metric, if it reports one: the first rate the scenario's report
 * shows, else the first rate by name. Median with the 95% median interval of the samples' values.
 * No rate is derived from wall time: it would only repeat the latency (and double every alert).
 */
function throughput(cell: NamedCell['cell'], shown: readonly string[]): BmfMetric | undefined {
  const reported = Object.keys(cell.summary.metrics ?? {}).filter(isRateMetric);
  const name = shown.find((metric) => reported.includes(metric)) ?? reported.sort()[0];
  const value = name === undefined ? undefined : cell.summary.metrics?.[name];
  if (name === undefined || value === undefined) return undefined;
  const ci = metricInterval(cell, `${WORKLOAD_METRIC_PREFIX}${name}`);
  return ci === null ? { value } : { value, lower_value: ci.ciLow, upper_value: ci.ciHigh };
}

/** Bencher's measures for each ok cell: `latency` (wall time, ns, 95% CI) and `throughput` where the workload reports one. */
export function toBmf(document: ResultsDocument): BmfDocument {
  const shownBy = new Map((document.scenarios ?? []).map((scenario) => [scenario.name, scenario.report?.metrics ?? []]));
  const out: BmfDocument = {};
  for (const { cell, name } of namedCells(document)) {
    const { median, ciLow, ciHigh } = cell.summary.wallNs;
    // Bencher's built-in `latency` measure is in nanoseconds, as pyconc records wall time.
    const measures: Record<string, BmfMetric> = { latency: { value: median, lower_value: ciLow, upper_value: ciHigh } };
    const rate = throughput(cell, shownBy.get(cell.key.scenario) ?? []);
    if (rate !== undefined) measures.throughput = rate;
    out[name] = measures;
  }
  return out;
}

/** `--export-bmf`: JSON for `bencher run --adapter json`. */
export const bmfExporter: Exporter = (document) => `${JSON.stringify(toBmf(document), null, 2)}\n`;
