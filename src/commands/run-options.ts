import type { Mode } from '../core/modes.js';
import type { OutputFormat, SamplingSettings, StartMethod, WorkerCount } from '../core/settings.js';
import type { ExportRequest } from '../export/write-exports.js';
import type { GilState } from '../python/gil-states.js';
import type { ShowValues } from '../report/reporter.js';

/**
 * Per-cell budget (real seconds, once --min-runs samples exist). Small on purpose: the whole default
 * catalogue has ~120 cells and should finish in about three minutes; precise cells stop sooner anyway.
 */
export const DEFAULT_MAX_TIME_S = 1;

/**
 * Values per sample process by default: 1, today's behaviour. Every verdict, speedup and claim is
 * judged on the cold values (the whole sample), which more values per process do not sharpen, while
 * each extra value costs one more run of the work in every sample; K > 1 pays where the warm
 * (steady-state) figure is the question and start-up dominates the sample (README, "Cold and warm").
 */
export const DEFAULT_VALUES_PER_PROCESS = 1;

/** Everything `pyconc run` needs, checked once by the CLI; nothing below it reads argv. */
export interface RunOptions extends SamplingSettings {
  readonly scenarios: readonly string[];
  readonly scenarioDirs: readonly string[];
  /** A second tree of the same scenarios: each selected scenario runs from both, interleaved (A/B). */
  readonly baselineDirs: readonly string[];
  readonly modes: readonly Mode[] | null;
  readonly workers: readonly WorkerCount[] | null;
  /** Raw values per parameter name; coerced to each scenario's parameter type by the planner. */
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly pythons: readonly string[];
  /** `--gil on,off`: each free-threaded interpreter once per state; null runs every interpreter as it is. */
  readonly gil?: readonly GilState[] | null;
  readonly quick: boolean;
  readonly startMethod: StartMethod | null;
  /** `--chunksize`: tasks per hand-over in the pool modes, over a scenario's `chunksize` parameter; null: not given. */
  readonly chunksize?: number | 'auto' | null;
  readonly output: string | null;
  readonly format: OutputFormat;
  readonly failFast: boolean;
  /** `--shard K/N`: run only the K-th of N deterministic shares of the cells (1-based). */
  readonly shard: { readonly index: number; readonly count: number } | null;
  /** `--export-<format> FILE` requests, checked before the run and written after it. */
  readonly exports: readonly ExportRequest[];
  /** Append the markdown summary to $GITHUB_STEP_SUMMARY when it is set (`--no-step-summary` turns it off). */
  readonly stepSummary: boolean;
  /** Which values the tables show: `cold` (each process's first run), `warm` (runs 2..K), `auto` (warm beside cold where there are warm values). */
  readonly show?: ShowValues;
  /** Terminal charts under the tables (`--no-charts` turns them off). */
  readonly charts?: boolean;
  /** `--show-output`: each sample's stdout and stderr pass through to stderr, and a failed workload's whole traceback is shown. */
  readonly showOutput?: boolean;
  /** The A/B pair rule's threshold (the gate's, from the config file); scenario `gate:` settings win. */
  readonly pairThreshold?: number;
}
