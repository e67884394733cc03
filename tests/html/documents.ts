import { cellId, type CellKey } from '../../src/core/cell-key.js';
import type { ComparisonInput } from '../../src/html/comparison-page.js';
import type { Cell, ResultsDocument } from '../../src/results/results-schema.js';
import { makeDocument, okCell } from '../helpers/document.js';
import { wallStats } from '../export/helpers.js';

/** An efficiency interval ±7% around a value. */
const efficiencyAround = (value: number) => ({ value, ciLow: value * 0.93, ciHigh: value * 1.07 });

/** Text a workload or scenario file could carry, which a page must show and never run. */
export const HOSTILE = '<script>alert("x")</script> & <img src="http://example.invalid/x.png">';

/** An ok cell with the summary the reporters read: its wall median (±5%), speedup over `sequentialNs` and ideal. */
export function scaledCell(mode: Cell['key']['mode'], workers: number, wallNs: number, options: { sequentialNs: number; idealNs: number | null; params?: CellKey['params'] }): Cell {
  const base = okCell(mode, workers, wallNs);
  const key: CellKey = { ...base.key, ...(options.params === undefined ? {} : { params: options.params }) };
  const speedup = options.sequentialNs / wallNs;
  return {
    ...base,
    key,
    id: cellId(key),
    summary: {
      wallNs: wallStats(wallNs, wallNs * 0.95, wallNs * 1.05),
      speedup: { value: speedup, ciLow: speedup * 0.93, ciHigh: speedup * 1.07 },
      idealWallNs: options.idealNs,
      efficiency: options.idealNs === null ? null : efficiencyAround(options.idealNs / wallNs),
    },
  };
}

/** The key of the sequential cell of the demo scenario's table (its figures' ids derive from it). */
export function sequentialKey(params: CellKey['params'] = { tasks: 8 }): CellKey {
  return { scenario: 'demo', mode: 'sequential', workers: 1, params, python: 'cpython-3.11.7' };
}

/** The demo scenario under sequential, threading and multiprocessing at 1, 2 and 4 workers, one failed cell, and hostile text. */
export function scalingDocument(): ResultsDocument {
  const sequentialNs = 100e6;
  const cells = [
    scaledCell('sequential', 1, sequentialNs, { sequentialNs, idealNs: sequentialNs }),
    ...[1, 2, 4].map((workers) => scaledCell('threading', workers, sequentialNs * 0.98, { sequentialNs, idealNs: sequentialNs / Math.min(workers, 2) })),
    ...[1, 2, 4].map((workers) => scaledCell('multiprocessing', workers, (sequentialNs / Math.min(workers, 2)) * 1.15, { sequentialNs, idealNs: sequentialNs / Math.min(workers, 2) })),
    { ...okCell('asyncio', 4, 1), status: 'failed' as const, reason: `the workload raised ${HOSTILE}`, summary: null },
  ];
  return makeDocument(cells, {
    scenarios: [{ name: 'demo', title: 'Demo <scenario>', description: `Counts things. ${HOSTILE}`, report: { metrics: [], speedup: true } }],
    findings: [{ scenario: 'demo', claim: 'processes scale', verdict: 'confirmed', evidence: `multiprocessing w=2 speedup = 1.7 </script><script>alert(1)</script>` }],
    warnings: [{ code: 'noise', message: `high variation ${HOSTILE}`, scenario: 'demo' }],
  });
}

/** The demo scenario scanned over tasks = 4, 8, 16 with one worker count: speedup against the parameter. */
export function parameterDocument(): ResultsDocument {
  const cells = [4, 8, 16].flatMap((tasks) => {
    const sequentialNs = tasks * 10e6;
    return [
      scaledCell('sequential', 1, sequentialNs, { sequentialNs, idealNs: sequentialNs, params: { tasks } }),
      scaledCell('threading', 4, sequentialNs / 3, { sequentialNs, idealNs: sequentialNs / 4, params: { tasks } }),
    ];
  });
  return makeDocument(cells);
}

/** Four compared cells, one of each kind of drawable verdict plus a new one. */
export function comparisonInput(): ComparisonInput {
  return {
    threshold: 0.1,
    pairs: [
      { name: 'demo/threading/w2/tasks=8', scenario: 'demo', mode: 'threading', workers: 2, ratio: { value: 1.0, ciLow: 0.97, ciHigh: 1.03 }, verdict: 'unchanged' },
      { name: 'demo/multiprocessing/w2/tasks=8', scenario: 'demo', mode: 'multiprocessing', workers: 2, ratio: { value: 0.7, ciLow: 0.66, ciHigh: 0.74 }, verdict: 'improvement' },
      { name: 'demo/asyncio/w2/tasks=8', scenario: 'demo', mode: 'asyncio', workers: 2, ratio: null, verdict: 'new' },
      { name: `demo/sequential/w1/${HOSTILE}`, scenario: 'demo', mode: 'sequential', workers: 1, ratio: { value: 1.3, ciLow: 1.22, ciHigh: 1.38 }, verdict: 'regression' },
    ],
  };
}

/**
 * The comparison a new user's A/B run gave (issue 21): 7 regressions and 14 inconclusive cells of one
 * scenario of their own, or, with `mixed`, cells of several scenarios whose names share little.
 */
export function userComparison(mixed = false): ComparisonInput {
  const modes = ['sequential', 'threading', 'multiprocessing', 'asyncio', 'async-threads', 'async-processes', 'process-loops'] as const;
  const pairs = Array.from({ length: 21 }, (_, i) => {
    const mode = modes[i % 7] as (typeof modes)[number];
    const workers = mode === 'sequential' ? 1 : 2 + 2 * Math.floor(i / 7);
    const scenario = mixed ? ['a-scenario-with-a-rather-long-name', 'csv-report-builder', 'image-thumbnails'][i % 3] as string : 'csv-report-builder';
    const regression = i % 3 === 0;
    const value = regression ? 1.27 : 1.12;
    return {
      name: `${scenario}/${mode}/w${workers}/rows=20000/columns=12/chunk=${500 * (1 + Math.floor(i / 7))}/format=csv`,
      scenario,
      mode,
      workers,
      ratio: { value, ciLow: value - 0.1, ciHigh: value + 0.12 },
      verdict: regression ? ('regression' as const) : ('inconclusive' as const),
    };
  });
  return { title: 'pyconc compare: 7 regressions, 14 inconclusive (threshold ±10%, α 0.01, Holm)', threshold: 0.1, pairs };
}
