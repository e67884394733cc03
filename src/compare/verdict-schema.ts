/**
 * The verdict document `pyconc/compare@1` that `pyconc compare --format json` writes: what
 * was compared, with which settings, and one verdict per matched cell. Field names are a
 * contract; the writer builds nothing outside this schema (tests parse its output with it,
 * strictly).
 */
import { z } from 'zod';
import { INTERVAL_SHAPE } from '../core/interval.js';
import { MODES } from '../core/modes.js';
import { cellStatusSchema } from '../results/results-schema.js';
import { CORRECTIONS } from '../stats/multiple-testing.js';
import { COMPARE_METRICS } from './compare-metrics.js';

export const COMPARE_SCHEMA = 'pyconc/compare@1';

/** Every verdict, worst first: reports list pairs in this order. */
export const VERDICTS = ['regression', 'failed', 'missing', 'inconclusive', 'new', 'improvement', 'unchanged'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Two documents, the baseline and candidate variants of one, or its interpreters against the first. */
export const COMPARISON_KINDS = ['documents', 'variants', 'interpreters'] as const;
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];

/** The results document's interval, strictly: the verdict document has nothing outside its schema. */
const intervalSchema = z.strictObject(INTERVAL_SHAPE);

/** One side of a pair: its cell's interpreter, status, sample count and the metric's median. */
const sideSchema = z.strictObject({
  python: z.string(),
  status: cellStatusSchema,
  n: z.number().int().nonnegative(),
  /** Null when the cell has no value of the metric (not ok, no samples, no sequential cell). */
  median: z.number().nullable(),
});

export const pairVerdictSchema = z.strictObject({
  /** The id the two cells share: their key without the variant (in `interpreters`, the candidate's key). */
  matchId: z.string(),
  name: z.string(),
  scenario: z.string(),
  mode: z.enum(MODES),
  workers: z.number().int().positive(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  /** Null on the side a `new` or `missing` cell lacks. */
  baseline: sideSchema.nullable(),
  candidate: sideSchema.nullable(),
  /** The threshold this pair was judged by, a fraction (0.10 = ±10%). */
  threshold: z.number().positive(),
  /** median(candidate) / median(baseline) with its 95% bootstrap interval; null when not tested. */
  ratio: intervalSchema.nullable(),
  /** Two-sided Mann-Whitney U p-value on the raw samples, and after the correction for all tested pairs. */
  pValue: z.number().nullable(),
  pAdjusted: z.number().nullable(),
  /** How the p-value was computed: exact without ties and up to 30 samples a side, else the normal approximation. */
  pMethod: z.enum(['exact', 'asymptotic']).optional(),
  verdict: z.enum(VERDICTS),
  /** Why, in a few words: a failure, a checksum mismatch, what keeps a verdict inconclusive. */
  reason: z.string().optional(),
  /**
   * Inconclusive only: the half-width of the ratio's 95% interval on the log scale, a fraction: the
   * smallest change the interval alone could tell from none, per cell, before the correction.
   */
  detectable: z.number().optional(),
  /**
   * Inconclusive only: about how many samples per side would settle it (`capped`: more than that);
   * beyond the band, never fewer than a rank test needs to pass the corrected α at all.
   */
  samplesNeeded: z.strictObject({ perSide: z.number().int().positive(), capped: z.boolean() }).optional(),
});

export const verdictDocumentSchema = z.strictObject({
  schema: z.literal(COMPARE_SCHEMA),
  tool: z.strictObject({ name: z.literal('pyconc'), version: z.string() }),
  comparison: z.enum(COMPARISON_KINDS),
  inputs: z.array(
    z.strictObject({
      file: z.string(),
      /** `both` when one document holds the baseline and the candidate. */
      role: z.enum(['baseline', 'candidate', 'both']),
      toolVersion: z.string(),
      startedAt: z.string(),
    }),
  ),
  settings: z.strictObject({
    metric: z.enum(COMPARE_METRICS),
    higherIsBetter: z.boolean(),
    /** The threshold of scenarios without a threshold of their own. */
    threshold: z.number().positive(),
    /** Per-scenario (`scenario`) and per-scenario-and-metric (`scenario:metric`) thresholds given as options. */
    thresholds: z.record(z.string(), z.number().positive()),
    alpha: z.number().gt(0).lt(1),
    correction: z.enum(CORRECTIONS),
    test: z.literal('mann-whitney-u two-sided'),
    confidenceLevel: z.number().gt(0).lt(1),
    /** The verdicts besides regression that fail the gate (exit 1): failed and missing unless allowed, and those of --fail-on. */
    failOn: z.array(z.enum(VERDICTS)),
  }),
  summary: z.strictObject({
    /** One count for every verdict, zeros included. */
    counts: z.record(z.enum(VERDICTS), z.number().int().nonnegative()),
    /** The one-line verdict that heads every report. */
    line: z.string(),
    exitCode: z.number().int(),
  }),
  /** What may confound the comparison: different machines or tool versions, interrupted runs. */
  warnings: z.array(z.strictObject({ code: z.string(), message: z.string() })),
  /** Worst first (the order of VERDICTS), then the largest change first, then by name. */
  pairs: z.array(pairVerdictSchema),
});

export type PairVerdict = z.infer<typeof pairVerdictSchema>;
export type VerdictDocument = z.infer<typeof verdictDocumentSchema>;
