import type { ResultsDocument } from './results-schema.js';
import { writeTextAtomically } from './write-text-atomically.js';

/** Writes the document atomically (temp file beside the target, fsynced, renamed over it). */
export function writeResultsAtomically(file: string, document: ResultsDocument): void {
  writeTextAtomically(file, `${JSON.stringify(document, null, 2)}\n`);
}
