import type { ResultsDocument } from '../results/results-schema.js';

/** How a reporter may decorate its text. */
export interface ReportOptions {
  readonly color: boolean;
}

/** Turns a results document into text for stdout; pure. */
export type Reporter = (document: ResultsDocument, options: ReportOptions) => string;
