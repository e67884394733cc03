import type { CellKey } from '../../src/core/cell-key.js';
import type { Interpreter } from '../../src/python/interpreter.js';
import type { Cell, ResultsDocument, Stats } from '../../src/results/results-schema.js';
import { okCell } from '../helpers/document.js';
import { makeInterpreter } from '../helpers/scenario.js';

/** Wall-time statistics with the given median and 95% interval (ns). */
export function wallStats(median: number, ciLow: number, ciHigh: number, n = 5): Stats {
  return { n, median, ciLow, ciHigh, mean: median, stdev: 0, mad: 0, min: ciLow, max: ciHigh, cv: 0, outliers: 0 };
}

export interface SummarisedCellOptions {
  /** Key fields to change, the variant included (the core key knows it). */
  readonly key?: Partial<CellKey>;
  /** One metrics record per sample; the summary gets their medians as given in `summaryMetrics`. */
  readonly sampleMetrics?: readonly Record<string, number>[];
  readonly summaryMetrics?: Record<string, number>;
}

/** An ok cell whose summary has exactly this wall median and interval (ns). */
export function summarisedCell(mode: Cell['key']['mode'], workers: number, wall: { median: number; ciLow: number; ciHigh: number }, options: SummarisedCellOptions = {}): Cell {
  const base = okCell(mode, workers, wall.median);
  const key: CellKey = { ...base.key, ...options.key };
  const samples = options.sampleMetrics === undefined
    ? base.samples
    : options.sampleMetrics.map((metrics) => ({ ...base.samples[0]!, metrics }));
  return {
    ...base,
    key,
    samples,
    summary: {
      wallNs: wallStats(wall.median, wall.ciLow, wall.ciHigh, samples.length),
      ...(options.summaryMetrics === undefined ? {} : { metrics: options.summaryMetrics }),
    },
  };
}

/** An interpreter as the results document records it. */
export function interpreterRecord(overrides: Partial<Interpreter> = {}): ResultsDocument['interpreters'][number] {
  return { ...makeInterpreter(overrides) };
}
