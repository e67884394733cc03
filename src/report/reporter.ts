import type { ResultsDocument } from '../results/results-schema.js';

/** How a reporter may decorate its text. */
export interface ReportOptions {
  readonly color: boolean;
  /** Terminal charts under the tables (speedup against workers); on unless `--no-charts`. Only the table reporter draws them. */
  readonly charts?: boolean;
  /** Which values the time columns show: each process's first run (`cold`), runs 2..K (`warm`), or both where cells have warm values (`auto`, the default). */
  readonly show?: ShowValues;
  /** A failed workload's traceback under its table: the last frames (default), or all of it (`run --show-output`). */
  readonly tracebacks?: 'last' | 'all';
}

/** What `--show` takes. */
export const SHOW_VALUES = ['auto', 'cold', 'warm'] as const;
export type ShowValues = (typeof SHOW_VALUES)[number];

/** Turns a results document into text for stdout; pure. */
export type Reporter = (document: ResultsDocument, options: ReportOptions) => string;
