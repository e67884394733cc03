import { z } from 'zod';
import { expectationSchema, goalSchema, idealSchema } from '../catalogue/scenario-schema.js';
import { cellKeySchema, VARIANTS } from '../core/cell-key.js';
import { intervalSchema } from '../core/interval.js';
import { cellSummarySchema, sampleSchema } from '../core/measurements.js';
import { FINDING_BASES } from '../core/metrics.js';
import { MODES } from '../core/modes.js';
import { START_METHODS, STOP_REASONS, STOP_STATISTICS } from '../core/settings.js';
import type { WarningCode } from '../core/warning-codes.js';
import { loadDuringRunSchema } from '../env/load-monitor.js';
import { machineInfoSchema } from '../env/machine.js';
import { probeSchema } from '../python/probe-schema.js';
import { recommendationSchema } from './recommendation-schema.js';

export { cellKeySchema, type CellKey } from '../core/cell-key.js';
export { type Interval } from '../core/interval.js';
export { cellSummarySchema, sampleSchema, type CellSummary, type Sample, type Stats, type WarmStats } from '../core/measurements.js';
export { FINDING_BASES, type FindingBasis } from '../core/metrics.js';


/** The schema this pyconc writes. Additions stay within @1; a rename or removal makes @2 (docs/architecture.md). */
export const RESULTS_SCHEMA = 'pyconc/results@1';

/** The major version of a results or verdict schema name (`pyconc/results@1` → 1), or null. */
export function schemaMajor(schema: unknown): number | null {
  const match = typeof schema === 'string' ? /^pyconc\/[a-z]+@(\d+)$/.exec(schema) : null;
  return match?.[1] === undefined ? null : Number(match[1]);
}

export const cellStatusSchema = z.enum(['ok', 'failed', 'timeout', 'unsupported', 'skipped']);

export const cellSchema = z.looseObject({
  /** A hash of the key (cellId): how every reader matches cells. */
  id: z.string(),
  key: cellKeySchema,
  status: cellStatusSchema,
  reason: z.string().nullable(),
  checksum: z.string().nullable(),
  samples: z.array(sampleSchema),
  warmups: z.array(sampleSchema),
  summary: cellSummarySchema.nullable(),
  stderrTail: z.string().optional(),
  /** Why sampling stopped (ok cells); null for cells that never sampled. */
  stopReason: z.enum(STOP_REASONS).nullable().optional(),
  /** The statistic whose interval the precision target was judged on: `wall` (the whole sample) or `warm-work` (K > 1). */
  stopStatistic: z.enum(STOP_STATISTICS).optional(),
  /** A sharded run's copy of a sequential cell another shard owns (its speedups' baseline); merge drops it. */
  baselineCopy: z.boolean().optional(),
  /** What other work took while the cell's group (its scenario, parameters and interpreter) was sampled. */
  loadDuringGroup: loadDuringRunSchema.optional(),
  /** Tasks per hand-over the harness used in a pool mode; null for modes without one (sequential, asyncio, process-loops). */
  chunksize: z.number().int().positive().nullable().optional(),
  /** True when `--chunksize` or a `chunksize` parameter set the chunk size of a pool mode (absent: auto, or no pool). */
  chunksizeSet: z.boolean().optional(),
});

/** An interpreter as the probe described it, with the id cells refer to and what the user asked for. */
export const interpreterRecordSchema = z.looseObject({
  ...probeSchema.shape,
  id: z.string(),
  requested: z.string(),
  /** `-X gil=N` the samples ran with (`--gil` on a free-threaded build); `gilEnabled` is then the state as run. */
  gil: z.union([z.literal(0), z.literal(1)]).optional(),
});

export const findingSchema = z.looseObject({
  scenario: z.string(),
  claim: z.string(),
  verdict: z.enum(['confirmed', 'contradicted', 'inconclusive']),
  evidence: z.string(),
  /** True when the cells the claim is about did not run (other params or worker counts): no evidence either way. */
  notMeasured: z.boolean().optional(),
  /** An interval on the wrong side of the claim, measured while other work kept the machine busy: reported as inconclusive. */
  contradictedUnderLoad: z.boolean().optional(),
  /** Which values the claim was judged on: the whole sample (each process's first run), its work alone, or the warm work time (runs 2..K). */
  basis: z.enum(FINDING_BASES).optional(),
});

export const warningSchema = z.looseObject({
  /** What it is about: one of WARNING_CODES as this version writes it; any string is read, since a later @1 writer may add codes. */
  code: z.string(),
  message: z.string(),
  scenario: z.string().optional(),
});

/** One mode of one interpreter in an interpreter comparison. */
export const interpreterComparisonRowSchema = z.looseObject({
  /** `sequential`, `threading w=2`. */
  label: z.string(),
  python: z.string(),
  /** Median wall time of the cell's samples; null when it did not run. */
  medianNs: z.number().nullable(),
  /** median(first interpreter) / median(this one) with its 95% bootstrap interval (above 1: faster than the first); null for the first itself. */
  vsFirst: intervalSchema.nullable(),
});

/** One interpreter compared with the run's first, in words (`sequential 1.08× (0.97–1.20): no clear difference; …`). */
export const interpreterFindingSchema = z.looseObject({
  python: z.string(),
  /** `cpu-pure [span=15000 tasks=8]: cpython-3.14.0 against cpython-3.11.9`. */
  subject: z.string(),
  text: z.string(),
});

/** The interpreters of one scenario × params (× variant) side by side, in a run of two interpreters or more. */
export const interpreterComparisonSchema = z.looseObject({
  scenario: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  variant: z.enum(VARIANTS).optional(),
  /** The interpreter the ratios are against: the run's first. */
  first: z.string(),
  rows: z.array(interpreterComparisonRowSchema),
  findings: z.array(interpreterFindingSchema),
});

/** A scenario's `report:` settings, as the reporters read them. */
export const reportSettingsSchema = z.looseObject({
  metrics: z.array(z.string()),
  speedup: z.boolean(),
});

/** What a run records of each scenario it ran, so reports need nothing but the document. */
export const scenarioRecordSchema = z.looseObject({
  name: z.string(),
  title: z.string(),
  kind: z.enum(['io', 'cpu', 'mixed']).optional(),
  description: z.string().optional(),
  file: z.string().optional(),
  ideal: idealSchema.nullable().optional(),
  expectations: z.array(expectationSchema).optional(),
  /** Absent from documents written before scenario files had `report:`. */
  report: reportSettingsSchema.optional(),
  /** Modes of the registry the scenario does not list (shown once, never run). */
  notDeclared: z.array(z.enum(MODES)).optional(),
  /** The CI gate's settings from the scenario file (`gate:`). */
  gate: z.object({ threshold: z.number().positive().optional() }).optional(),
  /** Which tree an A/B run took it from. */
  variant: z.enum(['baseline', 'candidate']).optional(),
  /** The figure the recommendation ranks cells by (`goal:`); absent from older documents: wall time. */
  goal: goalSchema.optional(),
});

/** The sampling and selection settings of a run, as `pyconc run` resolved them. */
export const settingsSchema = z.looseObject({
  minRuns: z.number(),
  maxRuns: z.number(),
  warmup: z.number(),
  /** Target relative half-width of the median's 95% CI. */
  precision: z.number().optional(),
  maxTimeS: z.number().optional(),
  timeoutS: z.number(),
  /** `--values-per-process K`: the tasks ran K times in each sample process (absent: 1). */
  valuesPerProcess: z.number().int().positive().optional(),
  quick: z.boolean().optional(),
  startMethod: z.enum(START_METHODS).nullable().optional(),
  /** `--chunksize` as given (null: not given; each cell records the size it used). */
  chunksize: z.union([z.number().int().positive(), z.literal('auto')]).nullable().optional(),
  modes: z.array(z.enum(MODES)).nullable().optional(),
  workers: z.array(z.union([z.number(), z.literal('auto')])).nullable().optional(),
  params: z.record(z.string(), z.array(z.string())).optional(),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).nullable().optional(),
  /** True for an A/B run (`--baseline-scenarios`). */
  abRun: z.boolean().optional(),
});

/** The results document (docs/architecture.md, "Results document"); field names are a contract. */
export const resultsSchema = z.looseObject({
  schema: z.literal(RESULTS_SCHEMA),
  tool: z.object({ name: z.literal('pyconc'), version: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  interrupted: z.boolean(),
  machine: machineInfoSchema,
  interpreters: z.array(interpreterRecordSchema),
  settings: settingsSchema,
  cells: z.array(cellSchema),
  findings: z.array(findingSchema),
  warnings: z.array(warningSchema).default([]),
  scenarios: z.array(scenarioRecordSchema).optional(),
  /** One recommendation per table (scenario × params × interpreter × variant); absent from older documents (`report` computes them). */
  recommendations: z.array(recommendationSchema).optional(),
  /** With two interpreters or more: each scenario's interpreters side by side (analysis/interpreter-comparisons.ts); absent from documents written before. */
  interpreterComparisons: z.array(interpreterComparisonSchema).optional(),
});

export type CellStatus = z.infer<typeof cellStatusSchema>;
export type Cell = z.infer<typeof cellSchema>;
export type Finding = z.infer<typeof findingSchema>;
/** A warning as this version writes it: its code from the closed list (a document read back may hold others). */
export type RunWarning = {
  code: WarningCode;
  message: string;
  scenario?: string;
};
export type ReportSettingsRecord = z.infer<typeof reportSettingsSchema>;
export type ScenarioRecord = z.infer<typeof scenarioRecordSchema>;
export type RunSettings = z.infer<typeof settingsSchema>;
export type InterpreterRecord = z.infer<typeof interpreterRecordSchema>;
export type ResultsDocument = z.infer<typeof resultsSchema>;
export type InterpreterComparison = z.infer<typeof interpreterComparisonSchema>;
export type InterpreterComparisonRow = z.infer<typeof interpreterComparisonRowSchema>;
export type InterpreterFinding = z.infer<typeof interpreterFindingSchema>;
