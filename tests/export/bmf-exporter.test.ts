import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bmfExporter, toBmf } from '../../src/export/bmf-exporter.js';
import { makeDocument, okCell } from '../helpers/document.js';
import { summarisedCell } from './helpers.js';

// Bencher Metric Format as documented at https://bencher.dev/docs/reference/bencher-metric-format
// (JSON schema https://bencher.dev/bmf.json): benchmark name (≤ 1024 characters) → measure slug
// (≤ 64) → { value, lower_value?, upper_value? }, all numbers. Strict here so that pyconc adds nothing else.
const metricSchema = z.strictObject({ value: z.number(), lower_value: z.number().optional(), upper_value: z.number().optional() });
const bmfSchema = z.record(z.string().min(1).max(1024), z.record(z.string().min(1).max(64), metricSchema));

// The documented example, verbatim in shape.
const DOCUMENTED_EXAMPLE = {
  benchmark_name: {
    latency: { value: 88.0, lower_value: 87.42, upper_value: 88.88 },
    throughput: { value: 5.55, lower_value: 3.14, upper_value: 6.3 },
  },
  '/bin/sh -c ./my_build_script.sh': { 'build-time': { value: 87.0 } },
  my_binary: { 'file-size': { value: 42.0 } },
};

describe('bmfExporter', () => {
  it('the schema written from the documentation accepts its example', () => {
    expect(bmfSchema.safeParse(DOCUMENTED_EXAMPLE).success).toBe(true);
  });

  it('exports only the candidate of an A/B document, named as a plain run names its cells', () => {
    const interval = { median: 210e6, ciLow: 200e6, ciHigh: 230e6 };
    const document = makeDocument([
      summarisedCell('threading', 2, { median: 180e6, ciLow: 170e6, ciHigh: 190e6 }, { key: { variant: 'baseline' } }),
      summarisedCell('threading', 2, interval, { key: { variant: 'candidate' } }),
    ]);
    expect(toBmf(document)).toEqual({ 'demo/threading/w2/tasks=8': { latency: { value: 210e6, lower_value: 200e6, upper_value: 230e6 } } });
  });

  it('gives each ok cell a latency in ns: the wall median with its 95% interval', () => {
    const document = makeDocument([
      summarisedCell('sequential', 1, { median: 412e6, ciLow: 405e6, ciHigh: 420e6 }),
      summarisedCell('threading', 2, { median: 210e6, ciLow: 200e6, ciHigh: 230e6 }),
    ]);
    const text = bmfExporter(document);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = bmfSchema.parse(JSON.parse(text));
    expect(parsed).toEqual({
      'demo/sequential/w1/tasks=8': { latency: { value: 412e6, lower_value: 405e6, upper_value: 420e6 } },
      'demo/threading/w2/tasks=8': { latency: { value: 210e6, lower_value: 200e6, upper_value: 230e6 } },
    });
  });

  it('leaves out failed cells and cells without a summary', () => {
    const document = makeDocument([
      summarisedCell('sequential', 1, { median: 1e6, ciLow: 1e6, ciHigh: 1e6 }),
      { ...summarisedCell('threading', 2, { median: 1e6, ciLow: 1e6, ciHigh: 1e6 }), status: 'failed', reason: 'boom' },
      okCell('multiprocessing', 2, 1e6),
    ]);
    expect(Object.keys(toBmf(document))).toEqual(['demo/sequential/w1/tasks=8']);
  });

  it("adds the workload's own rate as throughput, with the median interval of the samples' values", () => {
    const rates = [90, 100, 110, 95, 105, 100, 98].map((items_per_s) => ({ items_per_s, ns_per_item: 1e9 / items_per_s }));
    const cell = summarisedCell('threading', 8, { median: 5e8, ciLow: 4e8, ciHigh: 6e8 }, {
      key: { scenario: 'producer-consumer', params: { items: 50 } },
      sampleMetrics: rates,
      summaryMetrics: { items_per_s: 100, ns_per_item: 1e7 },
    });
    const bmf = bmfSchema.parse(toBmf(makeDocument([cell])));
    // Seven samples: the 95% interval is [x(1), x(7)] of the sorted values (Conover's order-statistic interval).
    expect(bmf['producer-consumer/threading/w8/items=50']?.throughput).toEqual({ value: 100, lower_value: 90, upper_value: 110 });
  });

  it("prefers the rate the scenario's report shows, and has no throughput without a rate", () => {
    const withRates = summarisedCell('sequential', 1, { median: 1e6, ciLow: 1e6, ciHigh: 1e6 }, { summaryMetrics: { a_per_s: 1, b_per_s: 2 } });
    const plain = summarisedCell('threading', 2, { median: 1e6, ciLow: 1e6, ciHigh: 1e6 }, { summaryMetrics: { ns_per_increment: 3 } });
    const scenarios = [{ name: 'demo', title: 'Demo', report: { metrics: ['b_per_s'], speedup: true } }];
    const bmf = toBmf(makeDocument([withRates, plain], { scenarios }));
    expect(bmf['demo/sequential/w1/tasks=8']?.throughput).toEqual({ value: 2 });
    expect(bmf['demo/threading/w2/tasks=8']).toEqual({ latency: { value: 1e6, lower_value: 1e6, upper_value: 1e6 } });
    expect(toBmf(makeDocument([withRates]))['demo/sequential/w1/tasks=8']?.throughput).toEqual({ value: 1 });
  });
});
