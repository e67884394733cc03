import { fileURLToPath } from 'node:url';

/** The harness entry point (python/README.md describes it and its protocol). */
export const HARNESS_PATH = fileURLToPath(new URL('../../python/harness.py', import.meta.url));
