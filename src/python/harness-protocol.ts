import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Mode } from '../core/modes.js';
import type { ParamValue } from '../catalogue/scenario-schema.js';

/** The harness entry point (python/README.md describes the protocol). */
export const HARNESS_PATH = fileURLToPath(new URL('../../python/harness.py', import.meta.url));

export const HARNESS_PROTOCOL = 'pyconc/harness@1';

/** What Node asks the harness to run: one sample of one cell. */
export interface HarnessSpec {
  readonly protocol: typeof HARNESS_PROTOCOL;
  readonly workload: string;
  readonly scenario: string;
  readonly mode: Mode;
  readonly workers: number;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly startMethod: 'fork' | 'spawn' | 'forkserver' | null;
  readonly tmpDir: string;
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

/** What `harness.py probe` reports about an interpreter. */
export const probeSchema = z.object({
  executable: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+/),
  implementation: z.string(),
  freeThreadedBuild: z.boolean(),
  gilEnabled: z.boolean(),
  startMethod: z.string(),
  startMethods: z.array(z.string()),
  usableCpus: z.number().int().positive(),
  platform: z.string(),
  hasInterpreterPool: z.boolean(),
  asyncioDebug: z.boolean().optional(),
  devMode: z.boolean().optional(),
  gcEnabled: z.boolean().optional(),
});

export type Probe = z.infer<typeof probeSchema>;
