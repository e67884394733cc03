/**
 * What each warning of a results document is about (its `code`): closed lists, so a warning cannot
 * be written with a code no reader knows, and each code's text is looked up without a fallback.
 * Readers still take any string (`results/results-schema.ts`): a later `@1` writer may add codes.
 */

/** The machine and the interpreters' environment (`env/noise.ts`): what makes every figure noisier. */
export const ENVIRONMENT_WARNING_CODES = ['machine-loaded', 'cpu-governor', 'cpu-boost', 'python-debug-env', 'cpus-limited', 'single-cpu'] as const;
export type EnvironmentWarningCode = (typeof ENVIRONMENT_WARNING_CODES)[number];

/** A run's cells, one line per scenario and kind naming the worst few (`analysis/run-warnings.ts`). */
export const CELL_WARNING_CODES = ['high-variation', 'outliers', 'suspect', 'precision-not-reached'] as const;
export type CellWarningCode = (typeof CELL_WARNING_CODES)[number];

/**
 * The run as a whole (`analysis/run-warnings.ts`): an interpreter in debug mode, more workers than
 * CPUs for CPU work, and the pitfalls of a benchmark of one's own (`analysis/pitfall-warnings.ts`):
 * a server in the process under test, a listen backlog smaller than the concurrency.
 */
export const RUN_WARNING_CODES = ['python-debug-mode', 'oversubscribed', 'in-process-server', 'listen-backlog'] as const;

/** Every code a results document's warnings carry, as this version writes them. */
export const WARNING_CODES = [...ENVIRONMENT_WARNING_CODES, ...CELL_WARNING_CODES, ...RUN_WARNING_CODES] as const;
export type WarningCode = (typeof WARNING_CODES)[number];
