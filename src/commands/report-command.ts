import type { OutputFormat } from '../core/settings.js';
import { REPORTERS } from '../report/reporters.js';
import { readResults } from '../results/read-results.js';

/**
 * `pyconc report FILE`: re-renders a saved results document in any output format. Throws
 * InputError (exit 2) for a file that is missing, not JSON, of an unknown schema or malformed.
 */
export function reportCommand(file: string, format: OutputFormat, color: boolean): string {
  const document = readResults(file);
  return REPORTERS[format](document, { color: color && format === 'table' });
}
