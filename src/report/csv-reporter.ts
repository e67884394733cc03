import { cellConcurrency } from '../analysis/concurrency.js';
import { wallPrecision } from '../analysis/precision.js';
import type { ResultsDocument } from '../results/results-schema.js';
import { rowContexts } from './group-columns.js';
import { cellVerdict, recommendationFor } from './recommendation-lines.js';
import type { Reporter } from './reporter.js';

const HEADER = [
  'scenario', 'python', 'params', 'mode', 'workers', 'status', 'runs',
  'wall_median_ns', 'wall_ci_low_ns', 'wall_ci_high_ns', 'speedup', 'speedup_ci_low', 'speedup_ci_high',
  'efficiency', 'efficiency_ci_low', 'efficiency_ci_high', 'suspect', 'wall_ci_exact', 'stop_reason', 'in_flight', 'cpus',
  'cpu_utilisation', 'max_rss_kb', 'setup_median_ns', 'work_median_ns', 'work_speedup', 'work_speedup_ci_low', 'work_speedup_ci_high',
  'stop_statistic', 'warm_values', 'warm_processes', 'warm_work_median_ns', 'warm_work_ci_low_ns', 'warm_work_ci_high_ns', 'warm_icc',
  'warm_speedup', 'warm_speedup_ci_low', 'warm_speedup_ci_high', 'recommendation',
  'checksum', 'reason',
];

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every workload metric in the document's summaries, in order of first appearance: one column each. */
function metricNames(document: ResultsDocument): string[] {
  return [...new Set(document.cells.flatMap((cell) => Object.keys(cell.summary?.metrics ?? {})))];
}

/**
 * One row per cell, machine-friendly, cold and warm figures both (warm ones empty with one value per process);
 * workload metrics (medians) last, as `metric_<name>`, empty where a cell has none.
 */
export const csvReporter: Reporter = (document) => {
  const metrics = metricNames(document);
  const contexts = rowContexts(document);
  const tasksParamOf = (scenario: string): string | undefined => contexts(scenario).tasksParam;
  const rows = [[...HEADER, ...metrics.map((name) => `metric_${name}`)].map(csvField).join(',')];
  const recommendationOf = recommendationFor(document);
  for (const cell of document.cells) {
    const s = cell.summary;
    const concurrency = cellConcurrency(cell.key, tasksParamOf(cell.key.scenario));
    rows.push(
      [
        cell.key.scenario, cell.key.python, Object.entries(cell.key.params).map(([k, v]) => `${k}=${v}`).join(' '), cell.key.mode,
        cell.key.workers, cell.status, cell.samples.length,
        s?.wallNs.median, s?.wallNs.ciLow, s?.wallNs.ciHigh, s?.speedup?.value, s?.speedup?.ciLow, s?.speedup?.ciHigh,
        s?.efficiency?.value, s?.efficiency?.ciLow, s?.efficiency?.ciHigh, s?.suspect, wallPrecision(cell)?.exact, cell.stopReason,
        concurrency.inFlight, concurrency.cpus, s?.cpuUtilisation, s?.maxRssKb,
        s?.setupNs?.median, s?.workNs?.median, s?.workSpeedup?.value, s?.workSpeedup?.ciLow, s?.workSpeedup?.ciHigh,
        cell.stopStatistic, s?.warmWorkNs?.n, s?.warmWorkNs?.processes, s?.warmWorkNs?.median, s?.warmWorkNs?.ciLow, s?.warmWorkNs?.ciHigh, s?.warmWorkNs?.icc,
        s?.warmSpeedup?.value, s?.warmSpeedup?.ciLow, s?.warmSpeedup?.ciHigh, cellVerdict(recommendationOf([cell]), cell),
        cell.checksum, cell.reason,
        ...metrics.map((name) => s?.metrics?.[name]),
      ].map(csvField).join(','),
    );
  }
  return `${rows.join('\n')}\n`;
};
