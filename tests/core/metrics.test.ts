import { describe, expect, it } from 'vitest';
import { checkExpectations } from '../../src/analysis/check-expectations.js';
import { metricInterval, metricSamples, metricSampleValues } from '../../src/analysis/metric-values.js';
import { summariseCell, summariseGroup } from '../../src/analysis/summarise-group.js';
import { expectationSchema } from '../../src/catalogue/scenario-schema.js';
import { compareDocuments } from '../../src/compare/compare-cells.js';
import { parseCompareFlags } from '../../src/compare/compare-options.js';
import { cellSummarySchema } from '../../src/core/measurements.js';
import {
  CLAIM_METRICS, COMPARE_METRICS, findMetric, isBetter, METRIC_ROWS, metricRow, workloadMetric, type MetricRow,
} from '../../src/core/metrics.js';
import { csvReporter } from '../../src/report/csv-reporter.js';
import type { Cell, Sample } from '../../src/results/results-schema.js';
import { makeDocument, okCell } from '../helpers/document.js';

const ROWS: readonly MetricRow[] = METRIC_ROWS;

/** A cell whose samples carry every quantity a sample can: spread ±2%, warm values (K = 3) and a workload metric. */
function fullCell(mode: Cell['key']['mode'], workers: number, wallNs: number): Cell {
  const cell = okCell(mode, workers, wallNs);
  cell.samples = [0.98, 1, 1.02, 0.99, 1.01, 1, 0.97, 1.03].map((f, i): Sample => ({
    wallNs: wallNs * f,
    setupNs: wallNs * 0.1 * f,
    workNs: wallNs * 0.9 * f,
    cpuUserNs: wallNs * 0.8 * f,
    cpuSysNs: wallNs * 0.1 * f,
    maxRssKb: 2048 + i,
    latencyP50Ns: wallNs / 10 * f,
    latencyP99Ns: wallNs / 5 * f,
    metrics: { items_per_s: 1e9 / wallNs * f },
    warmWorkNs: [wallNs * 0.8 * f, wallNs * 0.81 * f],
  }));
  return cell;
}

/** One summarised group (with a CPU ideal, so efficiency has a figure) of a run. */
function group(factor = 1): Cell[] {
  return summariseGroup([fullCell('sequential', 1, 400e6 * factor), fullCell('threading', 2, 220e6 * factor)], { model: 'cpu' }, 2);
}

describe('the metric registry', () => {
  it('gives every name, in every vocabulary, one row', () => {
    const seen = new Map<string, string>();
    for (const row of ROWS) {
      for (const name of new Set([row.name, row.claim, row.compare].filter((one): one is string => one !== undefined))) {
        expect(seen.get(name) ?? row.name, `${name} names ${seen.get(name)} and ${row.name}`).toBe(row.name);
        seen.set(name, row.name);
        expect(findMetric(name)).toBe(row);
      }
    }
    const titles = ROWS.flatMap((row) => row.csv.map((column) => column.title));
    expect(new Set(titles).size).toBe(titles.length);
    expect(findMetric('nothing')).toBeUndefined();
    expect(() => metricRow('nothing' as 'wall')).toThrow('no metric named nothing');
  });

  it('keeps the claim and compare names users write today', () => {
    expect(CLAIM_METRICS).toEqual(expect.arrayContaining(['speedup', 'workSpeedup', 'efficiency', 'wallMs', 'cpuUtilisation', 'latencyP99Ms', 'warmSpeedup', 'warmWorkMs']));
    expect(COMPARE_METRICS.slice(0, 5)).toEqual(['wall', 'work', 'cpu', 'rss', 'speedup']);
  });

  it('keeps in the summary what its rows say, and nothing the results schema lacks', () => {
    const summary = summariseCell(fullCell('threading', 2, 1e8).samples);
    const shape = Object.keys(cellSummarySchema.shape);
    expect(Object.keys(summary ?? {}).filter((key) => !shape.includes(key))).toEqual([]);
    for (const row of ROWS) {
      const kind = row.summary;
      if (kind.as === 'workload') continue;
      expect(shape, row.name).toContain(kind.field);
      if (kind.as === 'stats' || kind.as === 'median') expect(summary?.[kind.field], row.name).not.toBeNull();
    }
  });

  // The promise of the registry: a row is all it takes for a quantity to reach claims, compare and the CSV.
  describe.each(ROWS.map((row) => [row.name, row] as const))('row %s', (_name, row) => {
    const cells = group();
    const document = makeDocument(cells);

    it('has a figure with an interval, in its unit, for a summarised cell', () => {
      const interval = metricInterval(cells[1] as Cell, row.name);
      expect(interval).not.toBeNull();
      expect(interval?.ciLow).toBeLessThanOrEqual(interval?.value ?? Number.NaN);
      expect(interval?.ciHigh).toBeGreaterThanOrEqual(interval?.value ?? Number.NaN);
    });

    it.runIf(row.claim !== undefined)('is judged by a claim of its claim name', () => {
      const claim = { claim: `the ${row.name} claim`, mode: 'threading' as const, metric: row.claim, op: '>=' as const, value: 0 };
      expect(expectationSchema.safeParse(claim).success).toBe(true);
      const [finding, ...more] = checkExpectations([{ name: 'demo', expectations: [expectationSchema.parse(claim)] }], cells, 2);
      expect(more).toEqual([]);
      expect(finding?.notMeasured).toBeUndefined();
      expect(finding?.evidence).toContain(` ${row.claim} `);
      expect(finding?.basis).toBe(row.basis);
    });

    it.runIf(row.compare !== undefined)('is compared by its compare name', () => {
      const options = parseCompareFlags({ metric: row.compare });
      expect(options.metric).toBe(row.compare);
      const slower = makeDocument(group(1.5));
      const comparison = compareDocuments(document, slower, { ...options, seed: 1 });
      const threading = comparison.pairs.find((pair) => pair.mode === 'threading');
      expect(threading?.ratio).not.toBeNull();
      expect(threading?.candidate?.median).toBeGreaterThan(0);
      expect(metricSampleValues(row, cells[1] as Cell, cells[0])).toHaveLength(8);
    });

    it('has its CSV columns, each with a value for a summarised cell', () => {
      const [header = '', , threading = ''] = csvReporter(document, { color: false }).trim().split('\n');
      const titles = header.split(',');
      for (const column of row.csv) {
        expect(titles, column.title).toContain(column.title);
        expect(threading.split(',')[titles.indexOf(column.title)], column.title).not.toBe('');
      }
    });
  });

  it('makes a row of any workload metric: claim metric:<name>, CSV metric_<name>, a rate better higher', () => {
    const rate = workloadMetric('items_per_s');
    expect(findMetric('metric:items_per_s')).toMatchObject({ name: 'metric:items_per_s', claim: 'metric:items_per_s', better: 'higher', title: 'items/s' });
    expect(workloadMetric('io_p99_ms').better).toBe('lower');
    expect(isBetter(rate, 2, 1)).toBe(true);
    expect(isBetter(workloadMetric('io_p99_ms'), 2, 1)).toBe(false);
    const cells = group();
    expect(metricInterval(cells[1] as Cell, 'metric:items_per_s')?.value).toBeCloseTo(1e9 / 220e6, 6);
    expect(metricInterval(cells[1] as Cell, 'metric:missing')).toBeNull();
    expect(csvReporter(makeDocument(cells), { color: false }).split('\n')[0]).toMatch(/,metric_items_per_s$/);
  });

  it('looks figures up by any of a quantity\'s names, in the row\'s unit', () => {
    const threading = group()[1] as Cell;
    expect(metricInterval(threading, 'wallMs')?.value).toBeCloseTo(220, 6);
    expect(metricInterval(threading, 'wall')).toEqual(metricInterval(threading, 'wallMs'));
    expect(metricInterval(threading, 'latencyP99Ms')?.value).toBeCloseTo(44, 6);
    expect(metricInterval(threading, 'latencyP99')).toEqual(metricInterval(threading, 'latencyP99Ms'));
    expect(metricInterval(threading, 'speedup')?.value).toBeCloseTo(400 / 220, 6);
    expect(metricInterval({ samples: [], summary: null }, 'wall')).toBeNull();
  });

  it('gives a sample quantity\'s values per sample in the row\'s unit, and none for a figure of a whole cell', () => {
    const threading = group()[1] as Cell;
    expect(metricSamples(threading, 'latencyP99Ms')?.map((value) => Math.round(value))).toEqual([43, 44, 45, 44, 44, 44, 43, 45]);
    expect(metricSamples(threading, 'metric:items_per_s')).toHaveLength(8);
    expect(metricSamples(threading, 'speedup')).toBeNull();
    expect(findMetric('latencyP99Ms')).toMatchObject({ label: 'task p99', unit: 'ms', better: 'lower' });
  });
});
