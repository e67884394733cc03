import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GAB_UNIT, gabExporter, toGab } from '../../src/export/gab-exporter.js';
import { makeDocument } from '../helpers/document.js';
import { interpreterRecord, summarisedCell } from './helpers.js';

// github-action-benchmark's custom tools (`customSmallerIsBetter`), as its README documents them
// (https://github.com/benchmark-action/github-action-benchmark#examples): a JSON list whose entries
// need `name`, `unit` and `value`, with optional `range` ("results' variance") and `extra`
// (tooltip text); the action parses them with the zod schema `BenchmarkResult` in its
// src/extract.ts. Strict and without coercion here, so pyconc writes exactly these types.
const entrySchema = z.strictObject({
  name: z.string().min(1),
  unit: z.string().min(1),
  value: z.number(),
  range: z.string().optional(),
  extra: z.string().optional(),
});
const gabSchema = z.array(entrySchema);

// The README's example list.
const DOCUMENTED_EXAMPLE = [
  { name: 'My Custom Smaller Is Better Benchmark - CPU Load', unit: 'Percent', value: 50 },
  { name: 'My Custom Smaller Is Better Benchmark - Memory Used', unit: 'Megabytes', value: 100, range: '3', extra: 'Value for Tooltip: 25\nOptional Num #2: 100\nAnything Else!' },
];

describe('gabExporter', () => {
  it('the schema written from the documentation accepts its example', () => {
    expect(gabSchema.safeParse(DOCUMENTED_EXAMPLE).success).toBe(true);
  });

  it('gives each ok cell its median wall time in ms, the 95% interval as range and the key in extra', () => {
    const document = makeDocument([summarisedCell('threading', 2, { median: 412_000_000, ciLow: 405_123_456, ciHigh: 420_500_000 })]);
    const text = gabExporter(document);
    expect(text.endsWith(']\n')).toBe(true);
    expect(gabSchema.parse(JSON.parse(text))).toEqual([
      {
        name: 'demo/threading/w2/tasks=8',
        unit: 'ms',
        value: 412,
        range: '95% CI 405.123–420.5',
        extra: 'mode: threading\nworkers: 2\nparams: tasks=8\npython: cpython-3.11.7 (GIL enabled)\nsamples: 3',
      },
    ]);
    expect(GAB_UNIT).toBe('ms');
  });

  it('names the variant in extra and says when a cell has no parameters', () => {
    const cell = summarisedCell('sequential', 1, { median: 1e6, ciLow: 1e6, ciHigh: 1e6 }, { key: { params: {}, variant: 'candidate' } });
    const [entry] = toGab(makeDocument([cell]));
    expect(entry?.name).toBe('demo/sequential/w1');
    expect(entry?.extra?.split('\n')).toEqual(['mode: sequential', 'workers: 1', 'params: none', 'python: cpython-3.11.7 (GIL enabled)', 'variant: candidate', 'samples: 3']);
  });

  it('says when the GIL is off, and keeps an interpreter the document does not describe by its id', () => {
    const freeThreaded = interpreterRecord({ id: 'cpython-3.13.0t', version: '3.13.0', gilEnabled: false, freeThreadedBuild: true });
    const document = makeDocument(
      [
        summarisedCell('threading', 2, { median: 1e6, ciLow: 1e6, ciHigh: 1e6 }, { key: { python: 'cpython-3.13.0t' } }),
        summarisedCell('threading', 2, { median: 1e6, ciLow: 1e6, ciHigh: 1e6 }, { key: { python: 'pypy-7.3' } }),
      ],
      { interpreters: [freeThreaded] },
    );
    const pythons = toGab(document).map((entry) => entry.extra?.split('\n').find((line) => line.startsWith('python:')));
    expect(pythons).toEqual(['python: cpython-3.13.0t (free-threaded build, GIL disabled)', 'python: pypy-7.3']);
  });

  it('is an empty list when no cell is ok', () => {
    const document = makeDocument([{ ...summarisedCell('threading', 2, { median: 1, ciLow: 1, ciHigh: 1 }), status: 'timeout', reason: 'timed out' }]);
    expect(gabExporter(document)).toBe('[]\n');
  });
});
