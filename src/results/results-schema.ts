import { z } from 'zod';
import { MODES } from '../core/modes.js';

export const RESULTS_SCHEMA = 'pyconc/results@1';

const paramValueSchema = z.union([z.number(), z.string()]);

export const cellKeySchema = z.object({
  scenario: z.string(),
  mode: z.enum(MODES),
  workers: z.number().int().positive(),
  params: z.record(z.string(), paramValueSchema),
  python: z.string(),
});

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
  idealWallNs: z.number().nullable().optional(),
  efficiency: intervalSchema.nullable().optional(),
  suspect: z.boolean().optional(),
});

export const cellStatusSchema = z.enum(['ok', 'failed', 'timeout', 'unsupported', 'skipped']);

export const cellSchema = z.looseObject({
  key: cellKeySchema,
  status: cellStatusSchema,
  reason: z.string().nullable(),
  checksum: z.string().nullable(),
  samples: z.array(sampleSchema),
  warmups: z.array(sampleSchema),
  summary: cellSummarySchema.nullable(),
  stderrTail: z.string().optional(),
});

export const interpreterRecordSchema = z.looseObject({
  id: z.string(),
  executable: z.string(),
  version: z.string(),
  implementation: z.string(),
  gilEnabled: z.boolean(),
  freeThreadedBuild: z.boolean(),
  startMethod: z.string(),
});

export const findingSchema = z.looseObject({
  scenario: z.string(),
  claim: z.string(),
  verdict: z.enum(['confirmed', 'contradicted', 'inconclusive']),
  evidence: z.string(),
});

export const warningSchema = z.looseObject({
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
  /** Absent from documents written before scenario files had `report:`. */
  report: reportSettingsSchema.optional(),
});

/** The results document (DESIGN.md, "Results document"); field names are a contract. */
export const resultsSchema = z.looseObject({
  schema: z.literal(RESULTS_SCHEMA),
  tool: z.object({ name: z.literal('pyconc'), version: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  interrupted: z.boolean(),
  machine: z.looseObject({
    cpuModel: z.string().nullable(),
    logicalCpus: z.number(),
    usableCpus: z.number(),
    os: z.string(),
    loadAvg: z.array(z.number()).nullable(),
  }),
  interpreters: z.array(interpreterRecordSchema),
  settings: z.looseObject({
    minRuns: z.number(),
    maxRuns: z.number(),
    warmup: z.number(),
    timeoutS: z.number(),
  }),
  cells: z.array(cellSchema),
  findings: z.array(findingSchema),
  warnings: z.array(warningSchema).default([]),
  scenarios: z.array(scenarioRecordSchema).optional(),
});

export type CellKey = z.infer<typeof cellKeySchema>;
export type Sample = z.infer<typeof sampleSchema>;
export type Stats = z.infer<typeof statsSchema>;
export type Interval = z.infer<typeof intervalSchema>;
export type CellSummary = z.infer<typeof cellSummarySchema>;
export type CellStatus = z.infer<typeof cellStatusSchema>;
export type Cell = z.infer<typeof cellSchema>;
export type Finding = z.infer<typeof findingSchema>;
export type RunWarning = z.infer<typeof warningSchema>;
export type ReportSettingsRecord = z.infer<typeof reportSettingsSchema>;
export type ScenarioRecord = z.infer<typeof scenarioRecordSchema>;
export type ResultsDocument = z.infer<typeof resultsSchema>;
