import { z } from 'zod';

const ns = z.number().int().nonnegative();
const nsOrNull = ns.nullable();
const text = z.string().nullable();

/** The probe's measurements, as its `done` line carries them all (python/pyconc_advise/probe.py says how each is taken). */
export const probeMeasuresSchema = z.object({
  importNs: ns,
  isAsync: z.boolean(),
  hasTwin: z.boolean(),
  asyncioImportNs: ns,
  setupNs: ns.optional(),
  firstCallWallNs: ns,
  firstCallCpuNs: ns,
  /** Calls made after the first, and how many were timed together in each batch (tiny calls). */
  calls: z.number().int().positive(),
  batch: z.number().int().positive(),
  callWallNs: ns,
  callCpuNs: ns,
  /** Time a call sat in the run queue (a loaded machine): CPU it asked for, not waiting. */
  callQueuedNs: ns,
  meanCallWallNs: ns,
  deterministic: z.boolean(),
  nondeterminism: text,
  /** CPUs two threads calling it at once used or were ready to use, per second of wall time; null on one CPU. */
  twoThreadsCpuPerWall: z.number().nonnegative().nullable(),
  twoThreadsSpeedup: z.number().nonnegative().nullable(),
  argPickleBytes: nsOrNull,
  argPickleNs: nsOrNull,
  resultPickleBytes: nsOrNull,
  resultPickleNs: nsOrNull,
  argPickleError: text,
  resultPickleError: text,
  functionPickleError: text,
  threadHandoverNs: nsOrNull,
  processStartNs: nsOrNull,
  processHandoverNs: nsOrNull,
  processError: text,
  startMethod: text,
  interpreterStartNs: nsOrNull,
  interpreterError: text,
  teardownError: z.string().optional(),
});

export type ProbeMeasures = z.infer<typeof probeMeasuresSchema>;

const frameSchema = z.object({ file: z.string(), line: z.number().int().nullable(), function: z.string(), code: z.string() });

/** Why the target cannot be used, from the probe (exit 2). */
export const probeErrorSchema = z.object({
  event: z.literal('error'),
  kind: z.enum(['not-found', 'syntax', 'import', 'attribute', 'not-callable', 'twin', 'setup', 'call']),
  message: z.string(),
  frames: z.array(frameSchema),
});

export type ProbeError = z.infer<typeof probeErrorSchema>;
export type ProbeFrame = z.infer<typeof frameSchema>;

/** One line of the probe's reply channel: a measurement as it is taken (progress), the whole result, or an error. */
export const probeEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('started'), version: z.string() }),
  probeMeasuresSchema.partial().extend({ event: z.enum(['import', 'setup', 'first-call', 'calls', 'threads', 'payload', 'handover', 'processes', 'interpreters']) }),
  probeMeasuresSchema.extend({ event: z.literal('done') }),
  probeErrorSchema,
]);

export type ProbeEvent = z.infer<typeof probeEventSchema>;
