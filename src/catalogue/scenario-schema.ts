import { z } from 'zod';
import type { Variant } from '../core/cell-key.js';
import { CLAIM_METRICS, findMetric, WORKLOAD_METRIC_PREFIX } from '../core/metrics.js';
import { MODES, type Mode } from '../core/modes.js';
import { START_METHODS, type ParamValue as ParamValueType, type WorkerCount as WorkerCountType } from '../core/settings.js';

const modeSchema = z.enum(MODES);

const paramScalarSchema = z.union([z.number(), z.string().min(1)]);

/** One value or a non-empty list of values; a list scans the parameter. */
const paramValuesSchema = z.union([paramScalarSchema, z.array(paramScalarSchema).min(1)]);

const paramSchema = z.strictObject({
  default: paramValuesSchema,
  quick: paramValuesSchema.optional(),
  description: z.string().min(1),
  /** Bounds of a numeric parameter, checked for every value before anything runs (`--param` included). */
  min: z.number().optional(),
  max: z.number().optional(),
  /** A numeric parameter that must be a whole number. */
  integer: z.boolean().optional(),
});

const workerCountSchema = z.union([z.number().int().positive(), z.literal('auto')]);

const workersSchema = z.strictObject({
  default: z.array(workerCountSchema).min(1),
  quick: z.array(workerCountSchema).min(1).optional(),
});

export const idealSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('io'), tasks: z.string(), latencyMs: z.string() }),
  z.strictObject({ model: z.literal('cpu') }),
]);

/**
 * A metric as a scenario file names it: a claim name of the metric registry (`wallMs`, `speedup`,
 * …) or a workload metric, `metric:<name>`. Claims use it, and so can any field that names the
 * figure a scenario is judged by; `findMetric` (core/metrics.ts) gives its row.
 */
export const metricSchema = z.union([
  z.enum(CLAIM_METRICS),
  z.templateLiteral([WORKLOAD_METRIC_PREFIX, z.string().min(1)]),
]);

/**
 * The figures a scenario may rank its cells by (`goal:`): any claim name of the metric registry or
 * a workload metric, as `metricSchema`; the scenario rules keep those with a value in each sample
 * (so that two cells' samples can be compared: `wallMs`, `latencyP99Ms`, `metric:items_per_s`).
 */
export const goalMetricSchema = metricSchema;

/** Which way a goal's figure improves. */
export const GOAL_DIRECTIONS = ['lower', 'higher'] as const;

/** A goal after normalisation: the figure and which way is better. */
export const goalSchema = z.strictObject({ metric: goalMetricSchema, better: z.enum(GOAL_DIRECTIONS) });

/** `goal:` as written: a metric name, or the metric with its direction (default: the registry's). */
const goalFileSchema = z.union([goalMetricSchema, z.strictObject({ metric: goalMetricSchema, better: z.enum(GOAL_DIRECTIONS).optional() })]);

const excludeSchema = z.strictObject({
  params: z.record(z.string(), paramScalarSchema),
  modes: z.array(modeSchema).min(1).optional(),
});

/** Workload metrics are reported by name (`metrics: {us_per_unit: 41.2}`); scenario files refer to them so. */
const metricNameSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a snake_case metric name, as the workload reports it');

/** Each metric is one more table column, and tables are meant to fit 100 columns. */
export const MAX_REPORT_METRICS = 3;

const reportSchema = z.strictObject({
  metrics: z.array(metricNameSchema).max(MAX_REPORT_METRICS, `at most ${MAX_REPORT_METRICS} metrics (each one is a table column)`).default([]),
  speedup: z.boolean().default(true),
});

export const expectationSchema = z.strictObject({
  claim: z.string().min(1),
  mode: modeSchema,
  workers: z.number().int().positive().optional(),
  params: z.record(z.string(), paramScalarSchema).optional(),
  metric: metricSchema,
  op: z.enum(['<=', '>=']),
  value: z.number(),
  than: modeSchema.optional(),
  minUsableCpus: z.number().int().positive().optional(),
  /**
   * Judged only where the run was in this state; the others get no finding. `gil: false`: a
   * free-threaded build run without its GIL; `startMethod`: the process start method the cells used
   * (`--start-method`, else the interpreter's default: fork on Linux before 3.14, forkserver from 3.14).
   */
  when: z.strictObject({ gil: z.boolean().optional(), startMethod: z.enum(START_METHODS).optional() })
    .refine((when) => when.gil !== undefined || when.startMethod !== undefined, 'name gil or startMethod')
    .optional(),
});

/** A scenario file as written (scenarios/*.yaml); docs/scenario-format.md explains each field. */
export const scenarioFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case name (a-z, 0-9, -)'),
  title: z.string().min(1),
  kind: z.enum(['io', 'cpu', 'mixed']),
  description: z.string().min(1),
  workload: z.string().min(1),
  params: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a snake_case parameter name'), paramSchema),
  modes: z.array(modeSchema).min(1),
  unsupported: z.record(z.string(), z.string().min(1)).optional(),
  workers: workersSchema,
  /** Combinations of the default (and quick) parameter scans to leave out, whole or for some modes. */
  exclude: z.array(excludeSchema).default([]),
  ideal: idealSchema.optional(),
  expectations: z.array(expectationSchema).default([]),
  /** What the reports show besides the timings. */
  report: reportSchema.optional(),
  /** The CI gate's settings for this scenario (`pyconc compare`). */
  gate: z.strictObject({ threshold: z.number().positive().max(10).optional() }).optional(),
  /** The figure the recommendation under the tables ranks cells by (default: wall time, lower is better). */
  goal: goalFileSchema.optional(),
});

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type ParamValue = ParamValueType;
export type WorkerCount = WorkerCountType;
export type Expectation = z.infer<typeof expectationSchema>;
export type Exclusion = z.infer<typeof excludeSchema>;
export type IdealModel = z.infer<typeof idealSchema>;
export type ExpectationMetric = z.infer<typeof metricSchema>;
export type GoalMetric = z.infer<typeof goalMetricSchema>;
export type Goal = z.infer<typeof goalSchema>;

/** The goal of a scenario without `goal:`: the wall time of the whole sample. */
export const DEFAULT_GOAL: Goal = { metric: 'wallMs', better: 'lower' };

/** `goal:` as written, normalised: the direction given, else the registry's for the figure (a workload rate, `_per_s`, is higher-is-better). */
export function normaliseGoal(goal: z.infer<typeof goalFileSchema> | undefined): Goal {
  if (goal === undefined) return DEFAULT_GOAL;
  const metric = typeof goal === 'string' ? goal : goal.metric;
  const given = typeof goal === 'string' ? undefined : goal.better;
  return { metric, better: given ?? findMetric(metric)?.better ?? 'lower' };
}

/** A scenario's `report:` settings after normalisation. */
export interface ReportSettings {
  /** Workload metrics shown as table columns (their median per cell), in this order. */
  readonly metrics: readonly string[];
  /** False where sequential is no meaningful baseline: the tables leave the speedup column out. */
  readonly speedup: boolean;
}

/** The settings of a scenario file without `report:`. */
export const DEFAULT_REPORT: ReportSettings = { metrics: [], speedup: true };

/** A parameter after normalisation: value lists, never single values. */
export interface ScenarioParam {
  readonly type: 'number' | 'string';
  readonly defaults: readonly ParamValue[];
  readonly quick: readonly ParamValue[];
  readonly description: string;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** A scenario after loading: paths resolved, lists normalised, cross-field rules checked. */
export interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly kind: 'io' | 'cpu' | 'mixed';
  readonly description: string;
  /** Absolute path of the YAML file it came from. */
  readonly file: string;
  /** Absolute path of the workload module. */
  readonly workload: string;
  readonly params: Readonly<Record<string, ScenarioParam>>;
  /** The modes it supports, in registry order; sequential always among them. */
  readonly modes: readonly Mode[];
  /** Modes it documents as unsupported, with the reason (reported, never run). */
  readonly unsupported: Readonly<Partial<Record<Mode, string>>>;
  /** The registry's other modes: neither listed nor documented, shown once as "not declared". */
  readonly notDeclared: readonly Mode[];
  readonly workers: { readonly defaults: readonly WorkerCount[]; readonly quick: readonly WorkerCount[] };
  /** Parameter combinations left out of the scenario's own scans (not of values given with --param). */
  readonly exclude: readonly Exclusion[];
  readonly ideal: IdealModel | null;
  readonly expectations: readonly Expectation[];
  readonly report: ReportSettings;
  readonly gate: { readonly threshold?: number } | null;
  /** The figure the recommendation ranks cells by, and which way is better. */
  readonly goal: Goal;
  /** True for scenarios shipped with pyconc, false for --scenarios directories. */
  readonly builtin: boolean;
  /** Set in an A/B run: the tree this copy of the scenario comes from. */
  readonly variant?: Variant;
}
