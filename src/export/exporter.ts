import type { ResultsDocument } from '../results/results-schema.js';

/** Turns a results document into the text of one CI format (a file or stdout); pure. */
export type Exporter = (document: ResultsDocument) => string;

/** Where text for stdout or stderr goes; `process.stdout` is one, a test's collector another. */
export interface TextSink {
  write(text: string): unknown;
}
