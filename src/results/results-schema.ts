import { z } from 'zod';
import { expectationSchema, idealSchema } from '../catalogue/scenario-schema.js';
import { cellKeySchema } from '../core/cell-key.js';
import { MODES } from '../core/modes.js';
import { START_METHODS, STOP_REASONS, STOP_STATISTICS } from '../core/settings.js';
import type { WarningCode } from '../core/warning-codes.js';
import { loadDuringRunSchema } from '../env/load-monitor.js';
import { machineInfoSchema } from '../env/machine.js';
import { probeSchema } from '../python/probe-schema.js';

export { cellKeySchema, type CellKey } from '../core/cell-key.js';

/** What a finding's metric reads: the whole (cold) sample, the cold work time, or the warm work time of K > 1 values per process. */
export const FINDING_BASES = ['whole-sample', 'cold-work', 'warm-work'] as const;

/** The schema this pyconc writes. Additions stay within @1; a rename or removal makes @2 (docs/architecture.md). */
export const RESULTS_SCHEMA = 'pyconc/results@1';

/** The major version of a results or verdict schema name (`pyconc/results@1` → 1), or null. */
export function schemaMajor(schema: unknown): number | null {
  const match = typeof schema === 'string' ? /^pyconc\/[a-z]+@(\d+)$/.exec(schema) : null;
  return match?.[1] === undefined ? null : Number(match[1]);
}

export const sampleSchema = z.object({
  wallNs: z.number(),
  setupNs: z.number(),
  workNs: z.number(),
  shutdownNs: z.number().optional(),
  cpuUserNs: z.number(),
  cpuSysNs: z.number(),
  maxRssKb: z.number(),
  ctxVoluntary: z.number().optional(),
  ctxInvoluntary: z.number().optional(),
  latencyP50Ns: z.number().nullable().optional(),
  latencyP99Ns: z.number().nullable().optional(),
  metrics: z.record(z.string(), z.number()).optional(),
  /** Work times of runs 2..K of the tasks in the same process (`--values-per-process K`): warm, after the pool is up. The fields above are run 1's (cold). */
  warmWorkNs: z.array(z.number()).optional(),
});

const statsSchema = z.looseObject({
  n: z.number(),
  median: z.number(),
  ciLow: z.number(),
  ciHigh: z.number(),
  mean: z.number(),
  stdev: z.number(),
  mad: z.number(),
  min: z.number(),
  max: z.number(),
  cv: z.number().nullable(),
  outliers: z.number(),
});

/** The warm work times of a cell: statistics of all its warm values; the interval is the cluster bootstrap's (processes are the unit). */
const warmStatsSchema = statsSchema.extend({
  /** Sample processes the values came from (the independent unit). */
  processes: z.number(),
  /** How ciLow–ciHigh was computed (CLUSTER_BOOTSTRAP_METHOD). */
  ciMethod: z.string(),
  /** Share of the values' variance between processes, ICC(1); null when undefined (K = 2: one warm value a process). */
  icc: z.number().nullable(),
});

const intervalSchema = z.object({ value: z.number(), ciLow: z.number(), ciHigh: z.number() });

export const cellSummarySchema = z.looseObject({
  wallNs: statsSchema,
  workNs: statsSchema.optional(),
  setupNs: statsSchema.optional(),
  cpuUtilisation: z.number().nullable().optional(),
  maxRssKb: z.number().nullable().optional(),
  latencyP99Ns: z.number().nullable().optional(),
  metrics: z.record(z.string(), z.number()).optional(),
  speedup: intervalSchema.nullable().optional(),
  /** median(sequential work) / median(work): the speedup without the pool's start-up (setup). */
  workSpeedup: intervalSchema.nullable().optional(),
  /** Warm work times (runs 2..K of each process), when the run took K > 1 values per process. */
  warmWorkNs: warmStatsSchema.optional(),
  /** median(sequential warm work) / median(warm work), cluster-bootstrap interval: the steady-state speedup. */
  warmSpeedup: intervalSchema.nullable().optional(),
  idealWallNs: z.number().nullable().optional(),
  efficiency: intervalSchema.nullable().optional(),
  suspect: z.boolean().optional(),
});

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
});

export type Sample = z.infer<typeof sampleSchema>;
export type Stats = z.infer<typeof statsSchema>;
export type WarmStats = z.infer<typeof warmStatsSchema>;
export type Interval = z.infer<typeof intervalSchema>;
export type CellSummary = z.infer<typeof cellSummarySchema>;
export type CellStatus = z.infer<typeof cellStatusSchema>;
export type Cell = z.infer<typeof cellSchema>;
export type Finding = z.infer<typeof findingSchema>;
export type FindingBasis = (typeof FINDING_BASES)[number];
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
