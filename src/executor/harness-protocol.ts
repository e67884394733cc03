import { z } from 'zod';
import type { Mode } from '../core/modes.js';
import type { ParamValue, StartMethod } from '../core/settings.js';
import type { Sample } from '../results/results-schema.js';

export const HARNESS_PROTOCOL = 'pyconc/harness@1';

/** What Node asks the harness to run: one sample of one cell. */
export interface HarnessSpec {
  readonly protocol: typeof HARNESS_PROTOCOL;
  readonly workload: string;
  readonly scenario: string;
  readonly mode: Mode;
  readonly workers: number;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly startMethod: StartMethod | null;
  readonly tmpDir: string;
  /** Tasks per hand-over in the pool modes; null: auto, ceil(tasks / (4 x workers)). */
  readonly chunksize: number | 'auto' | null;
  /** How many times the harness runs the whole set of tasks in its one process; null: once. */
  readonly values: number | null;
}

const nsSchema = z.number().int().nonnegative();

const latencySchema = z.object({
  count: z.number().int().nonnegative(),
  p50Ns: nsSchema,
  p90Ns: nsSchema,
  p99Ns: nsSchema,
  maxNs: nsSchema,
});

const replyEnvelope = {
  protocol: z.literal(HARNESS_PROTOCOL),
  reason: z.string().nullable(),
  error: z.object({ type: z.string(), message: z.string(), traceback: z.string().optional() }).nullable(),
  maxRssKb: z.number().nonnegative(),
  selfMaxRssKb: z.number().nonnegative(),
  childMaxRssKb: z.array(z.number().nonnegative()),
  // Non-finite metric values arrive as null (python/README.md).
  metrics: z.record(z.string(), z.number().nullable()),
  env: z.object({
    gcEnabled: z.boolean(),
    startMethod: z.string().nullable(),
    asyncioDebug: z.boolean(),
    devMode: z.boolean(),
  }),
};

/** A reply with status ok: every measurement present. */
const okReplySchema = z.object({
  ...replyEnvelope,
  status: z.literal('ok'),
  checksum: z.string(),
  tasks: z.number().int().nonnegative(),
  setupNs: nsSchema,
  workNs: nsSchema,
  shutdownNs: nsSchema,
  wallNs: nsSchema,
  cpuUserNs: nsSchema,
  cpuSysNs: nsSchema,
  ctxVoluntary: z.number().int().nonnegative(),
  ctxInvoluntary: z.number().int().nonnegative(),
  latency: latencySchema.nullable(),
  chunksize: z.number().int().positive().nullable().optional(),
  warmWorkNs: z.array(nsSchema).nullable().optional(),
  /** The workload's setup left a server running in the harness process (threads and a listening socket); null: no setup, or cannot tell. */
  inProcessServer: z.boolean().nullable().optional(),
});

/** A failed or unsupported reply: the measurements are null (python/README.md, "Harness protocol"). */
const notOkReplySchema = z.object({
  ...replyEnvelope,
  status: z.enum(['failed', 'unsupported']),
  checksum: z.string().nullable(),
  tasks: z.number().int().nonnegative().nullable(),
  setupNs: nsSchema.nullable(),
  workNs: nsSchema.nullable(),
  shutdownNs: nsSchema.nullable(),
  wallNs: nsSchema.nullable(),
  cpuUserNs: nsSchema.nullable(),
  cpuSysNs: nsSchema.nullable(),
  ctxVoluntary: z.number().int().nonnegative().nullable(),
  ctxInvoluntary: z.number().int().nonnegative().nullable(),
  latency: latencySchema.nullable(),
});

/** The harness's reply, validated before anything reads it. */
export const harnessReplySchema = z.discriminatedUnion('status', [okReplySchema, notOkReplySchema]);

/** An ok reply: what a measured sample carries. */
export type HarnessReply = z.infer<typeof okReplySchema>;

/** The sample as stored in results: the harness reply without its protocol envelope. */
export function toSample(reply: HarnessReply): Sample {
  return {
    wallNs: reply.wallNs,
    setupNs: reply.setupNs,
    workNs: reply.workNs,
    shutdownNs: reply.shutdownNs,
    cpuUserNs: reply.cpuUserNs,
    cpuSysNs: reply.cpuSysNs,
    maxRssKb: reply.maxRssKb,
    ctxVoluntary: reply.ctxVoluntary,
    ctxInvoluntary: reply.ctxInvoluntary,
    latencyP50Ns: reply.latency?.p50Ns ?? null,
    latencyP99Ns: reply.latency?.p99Ns ?? null,
    // A non-finite metric (null in the reply) is no measurement.
    metrics: Object.fromEntries(Object.entries(reply.metrics).filter((entry): entry is [string, number] => entry[1] !== null)),
    ...(reply.warmWorkNs === null || reply.warmWorkNs === undefined || reply.warmWorkNs.length === 0 ? {} : { warmWorkNs: reply.warmWorkNs }),
    ...(reply.inProcessServer === true ? { inProcessServer: true } : {}),
  };
}
