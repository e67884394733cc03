import { z } from 'zod';
import { MODES } from '../core/modes.js';
import { kneeSchema } from '../results/recommendation-schema.js';
import { resultsSchema } from '../results/results-schema.js';
import { CLASSIFICATIONS } from './classify.js';

/** The advice document this pyconc writes. Additions stay within @1; a rename or removal makes @2 (docs/architecture.md). */
export const ADVICE_SCHEMA = 'pyconc/advice@1';

const intervalSchema = z.object({ value: z.number(), ciLow: z.number(), ciHigh: z.number() });

/** What the probe measured, in the units a reader reads (docs/advise.md, "The probe"). */
export const adviceProbeSchema = z.object({
  importMs: z.number(),
  firstCallMs: z.number(),
  callWallMs: z.number(),
  callCpuMs: z.number(),
  /** Share of a call spent waiting (not on a CPU, not in the run queue). */
  waitingShare: z.number(),
  /** Whether two threads of it use more than one CPU; null on one usable CPU. */
  releasesGil: z.boolean().nullable(),
  /** CPUs two threads calling it at once kept busy (or ready to run). */
  twoThreadsCpus: z.number().nullable(),
  argPickleBytes: z.number().nullable(),
  resultPickleBytes: z.number().nullable(),
  /** Moving one input to a process and its result back: pickling both ways and the pipe (ms); null when one does not pickle. */
  transferMs: z.number().nullable(),
  threadHandoverUs: z.number().nullable(),
  processHandoverUs: z.number().nullable(),
  processStartMs: z.number().nullable(),
  interpreterStartMs: z.number().nullable(),
  startMethod: z.string().nullable(),
  functionPickles: z.boolean(),
  /** Why nothing can cross to a process (the function, an input or a result does not pickle); null when all do. */
  pickleProblem: z.string().nullable(),
  deterministic: z.boolean(),
  classification: z.enum(CLASSIFICATIONS),
  /** The classification's reason in words, with its figures. */
  why: z.string(),
});

/** The verdict of the advice: parallelise (the recommendation), do not, or why there is none. */
export const ADVICE_VERDICTS = ['parallelise', 'do-not-parallelise', 'under-load', 'no-baseline', 'nothing-measured'] as const;

export const recommendationSchema = z.object({
  mode: z.enum(MODES),
  workers: z.number().int().positive(),
  /** Tasks per hand-over the measured cell used (null: the mode hands no chunks to a pool). */
  chunksize: z.number().int().positive().nullable(),
  /** Over one loop (median sequential wall / median wall), bootstrap 95% CI. */
  speedup: intervalSchema.nullable(),
  why: z.string(),
  snippet: z.string(),
});

export const alternativeSchema = z.object({
  mode: z.enum(MODES),
  workers: z.number().int().positive(),
  chunksize: z.number().int().positive().nullable(),
  speedup: intervalSchema.nullable(),
  /** `tied`: indistinguishable from the recommendation; `slower`: beyond the noise; `unsupported`/`failed`: did not run or did not finish. */
  verdict: z.enum(['tied', 'slower', 'unsupported', 'failed']),
  /** What it loses to: the judgement's reason (the-gil, start-up, pickling, oversubscription, …) or advise's own (hand-overs); null when tied or not run. */
  lossTo: z.string().nullable(),
  why: z.string(),
});


/** `pyconc advise`'s document: the probe, the verdict, the recommendation and every alternative, and the run behind them. */
export const adviceSchema = z.looseObject({
  schema: z.literal(ADVICE_SCHEMA),
  tool: z.object({ name: z.literal('pyconc'), version: z.string() }),
  /** As the user named it. */
  target: z.string(),
  python: z.string(),
  tasks: z.object({
    count: z.number().int().positive(),
    /** `tasks`: --tasks; `inputs`: one a line of --inputs; `probe`: about a second of calls, chosen from the probe. */
    source: z.enum(['tasks', 'inputs', 'probe']),
    inputs: z.string().optional(),
  }),
  probe: adviceProbeSchema,
  experiment: z.object({
    budgetS: z.number(),
    /** The whole advise, probe included (s). */
    elapsedS: z.number(),
    cells: z.number().int().nonnegative(),
    /** Cells the budget left out. */
    leftOut: z.number().int().nonnegative(),
  }),
  verdict: z.enum(ADVICE_VERDICTS),
  recommendation: recommendationSchema.nullable(),
  /** The judgement's own knee (analysis/recommend.ts): one schema for it. */
  knee: kneeSchema.nullable(),
  alternatives: z.array(alternativeSchema),
  /** What the reader must know besides (results checked by type only, a chosen task count, cells the budget left out, load). */
  notes: z.array(z.string()),
  /** The answer in one line. */
  text: z.string(),
  results: resultsSchema,
});

export type Advice = z.infer<typeof adviceSchema>;
export type AdviceProbe = z.infer<typeof adviceProbeSchema>;
export type AdviceAlternative = z.infer<typeof alternativeSchema>;
export type AdviceRecommendation = z.infer<typeof recommendationSchema>;
export type AdviceVerdict = (typeof ADVICE_VERDICTS)[number];
