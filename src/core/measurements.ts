/**
 * What one sample measures and what a cell's summary keeps of its samples: the shapes the results
 * document records (`results/results-schema.ts` re-exports them) and the metric registry
 * (`metrics.ts`) reads. They live here, at the bottom, because both sides need them.
 */
import { z } from 'zod';
import { intervalSchema } from './interval.js';

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
  /** The workload's setup left a server running in the sample's own process, sharing its GIL (written only when true). */
  inProcessServer: z.boolean().optional(),
});

export const statsSchema = z.looseObject({
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
export const warmStatsSchema = statsSchema.extend({
  /** Sample processes the values came from (the independent unit). */
  processes: z.number(),
  /** How ciLow–ciHigh was computed (CLUSTER_BOOTSTRAP_METHOD). */
  ciMethod: z.string(),
  /** Share of the values' variance between processes, ICC(1); null when undefined (K = 2: one warm value a process). */
  icc: z.number().nullable(),
});

/** A median of the samples' values; null when no sample has one. */
const sampleMedian = z.number().nullable().optional();

/**
 * A cell's summary. Which field holds which quantity, and how it is summarised, is the metric
 * registry's (`core/metrics.ts`); a field a row writes must be here (tests/core/metrics.test.ts).
 */
export const cellSummarySchema = z.looseObject({
  wallNs: statsSchema,
  workNs: statsSchema.optional(),
  setupNs: statsSchema.optional(),
  /** User + system CPU time of the sample's process tree. */
  cpuNs: sampleMedian,
  cpuUserNs: sampleMedian,
  cpuSysNs: sampleMedian,
  cpuUtilisation: sampleMedian,
  maxRssKb: sampleMedian,
  latencyP50Ns: sampleMedian,
  latencyP99Ns: sampleMedian,
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

export type Sample = z.infer<typeof sampleSchema>;
export type Stats = z.infer<typeof statsSchema>;
export type WarmStats = z.infer<typeof warmStatsSchema>;
export type CellSummary = z.infer<typeof cellSummarySchema>;
