import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { formatZodIssues } from '../core/format-zod-error.js';
import { RESULTS_SCHEMA, resultsSchema, type ResultsDocument } from './results-schema.js';

/** Reads and validates a results document; refuses unknown schemas with a clear message. */
export function readResults(file: string): ResultsDocument {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'not valid JSON' : ((error as NodeJS.ErrnoException).code ?? String(error));
    throw new InputError(`${file}: cannot read results (${reason})`);
  }
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (schema !== RESULTS_SCHEMA) {
    throw new InputError(`${file}: unknown results schema ${JSON.stringify(schema ?? null)}; this pyconc reads "${RESULTS_SCHEMA}"`);
  }
  const parsed = resultsSchema.safeParse(json);
  if (!parsed.success) throw new InputError(formatZodIssues(file, parsed.error)[0] ?? `${file}: invalid results document`);
  return parsed.data;
}
