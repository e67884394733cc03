import type { ResultsDocument } from '../results/results-schema.js';

/** How a reporter may decorate its text. */
export interface ReportOptions {
  readonly color: boolean;
  /** Terminal charts under the tables (speedup against workers); on unless `--no-charts`. Only the table reporter draws them. */
  readonly charts?: boolean;
}

/** Turns a results document into text for stdout; pure. */
export type Reporter = (document: ResultsDocument, options: ReportOptions) => string;
