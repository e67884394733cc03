import { z } from 'zod';

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
