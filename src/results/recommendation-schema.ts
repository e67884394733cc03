import { z } from 'zod';
import { goalSchema } from '../catalogue/scenario-schema.js';
import { VARIANTS } from '../core/cell-key.js';
import { intervalSchema } from '../core/interval.js';
import { MODES } from '../core/modes.js';

/**
 * The recommendation under each table (one per scenario × params × interpreter × variant), as the
 * results document records it: `analysis/recommend.ts` computes it, reporters print its `text`,
 * and `pyconc advise` reads the rest. Field names are a contract of `pyconc/results@1`.
 */

/** What the recommendation can say of a group. */
export const RECOMMENDATION_VERDICTS = [
  /** A concurrent cell beats one loop beyond the noise: `pick` is it. */
  'parallelise',
  /** Nothing beats one loop beyond the noise: `pick` is sequential. */
  'sequential',
  /** The machine was busy and the answer hangs on free CPUs: no pick, only what was measured (`best`). */
  'under-load',
  /** No sequential cell to judge against (not run, failed, or the scenario's baseline means nothing): `pick` is the best cell by the goal. */
  'no-baseline',
  /** No cell of the group finished with the goal's figure. */
  'nothing-measured',
] as const;

/** What a slower cell loses to, in the order the reasons are tried (analysis/loss-reason.ts). */
export const LOSS_REASONS = [
  /** Threads running Python under a GIL: one at a time. */
  'the-gil',
  /** One thread (an event loop) runs all the CPU work. */
  'one-thread',
  /** More CPU-bound workers than usable CPUs: the extra ones only add switching. */
  'oversubscription',
  /** Starting the pool (processes, interpreters) costs more than the parallel work saves. */
  'start-up',
  /** Handing tasks and results to other processes or interpreters (pickling, copying) costs more than the work. */
  'pickling',
  /** Fewer waits in flight than the best cell keeps. */
  'fewer-in-flight',
  /** None of the above stands out: simply slower. */
  'slower',
] as const;

/** A cell as the recommendation names it: its figure by the goal, and its gain over one loop. */
export const recommendedCellSchema = z.object({
  id: z.string(),
  mode: z.enum(MODES),
  workers: z.number().int().positive(),
  /** The goal's figure: median and 95% interval (ms for times, the workload's unit for metrics). */
  figure: intervalSchema,
  /** How much better than sequential by the goal (above 1 is better), bootstrap 95% CI; null without a baseline. */
  gain: intervalSchema.nullable(),
});

/** Every other cell of the group, against the best. */
export const alternativeSchema = recommendedCellSchema.extend({
  /** How much better the best cell is than this one (≥ 1 at its point), bootstrap 95% CI. */
  behindBest: intervalSchema,
  /** `tied`: indistinguishable from the best (analysis/recommend.ts, "ties"); `slower`: beyond the noise. */
  verdict: z.enum(['tied', 'slower']),
  /** What a slower cell loses to; null when tied. */
  lossTo: z.enum(LOSS_REASONS).nullable(),
  /** The loss in words, with the figures behind it (or why a tie was not picked). */
  why: z.string(),
});

/** With several worker counts of the picked mode: the fewest within the noise of the best. */
export const kneeSchema = z.object({
  mode: z.enum(MODES),
  workers: z.number().int().positive(),
  /** The worker counts of that mode that ran, ascending. */
  tried: z.array(z.number().int().positive()),
  /** True when the knee is the most workers tried: the curve was still rising, more may help. */
  stillRising: z.boolean(),
});

export const recommendationSchema = z.object({
  scenario: z.string(),
  python: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  variant: z.enum(VARIANTS).optional(),
  /** The figure cells were ranked by. */
  goal: goalSchema,
  verdict: z.enum(RECOMMENDATION_VERDICTS),
  /** The recommended cell (null under load or when nothing was measured). */
  pick: recommendedCellSchema.nullable(),
  /** The best cell by the goal's median: the pick, or a costlier cell tied with it. */
  best: recommendedCellSchema.nullable(),
  /** Why the pick was preferred among the cells tied with the best (cheaper in memory and start-up); null when it is the best. */
  preferred: z.string().nullable(),
  knee: kneeSchema.nullable(),
  /** Every other ok cell, best first. */
  alternatives: z.array(alternativeSchema),
  /** The best slower cell of another mode than the pick, whose loss the line explains; null when none. */
  runnerUp: alternativeSchema.nullable(),
  /** How busy other work kept the machine while the group ran, in words; null when quiet or not measured. */
  load: z.string().nullable(),
  /** The one line printed under the table. */
  text: z.string(),
});

export type RecommendationVerdict = (typeof RECOMMENDATION_VERDICTS)[number];
export type LossReason = (typeof LOSS_REASONS)[number];
export type RecommendedCell = z.infer<typeof recommendedCellSchema>;
export type Alternative = z.infer<typeof alternativeSchema>;
export type Knee = z.infer<typeof kneeSchema>;
export type Recommendation = z.infer<typeof recommendationSchema>;
