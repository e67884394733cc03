import { readFileSync } from 'node:fs';
import { cellId, cellKeySchema } from '../core/cell-key.js';
import { InputError } from '../core/errors.js';
import { formatZodIssues } from '../core/format-zod-error.js';
import { RESULTS_SCHEMA, resultsSchema, type ResultsDocument } from './results-schema.js';

/** Documents written before cells carried their id get it from their key: the id is derived, never chosen. */
function addMissingIds(json: { cells?: unknown }): void {
  if (!Array.isArray(json.cells)) return;
  for (const cell of json.cells as { id?: unknown; key?: unknown }[]) {
    if (cell === null || typeof cell !== 'object' || cell.id !== undefined) continue;
    const key = cellKeySchema.safeParse(cell.key);
    if (key.success) cell.id = cellId(key.data);
  }
}

/** Documents written before findings said so in a field marked "not measured" by a prefix of their evidence. */
function markNotMeasured(json: { findings?: unknown }): void {
  if (!Array.isArray(json.findings)) return;
  for (const finding of json.findings as { notMeasured?: unknown; verdict?: unknown; evidence?: unknown }[]) {
    if (finding === null || typeof finding !== 'object' || finding.notMeasured !== undefined) continue;
    if (finding.verdict === 'inconclusive' && typeof finding.evidence === 'string' && finding.evidence.startsWith('not measured')) finding.notMeasured = true;
  }
}

/** Parses and validates a results document's text; `source` names it in every error (exit 2, one line). */
export function parseResults(text: string, source: string): ResultsDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(`${source}: cannot read results (not valid JSON)`);
  }
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (schema !== RESULTS_SCHEMA) {
    throw new InputError(`${source}: unknown results schema ${JSON.stringify(schema ?? null)}; this pyconc reads "${RESULTS_SCHEMA}"`);
  }
  addMissingIds(json as { cells?: unknown });
  markNotMeasured(json as { findings?: unknown });
  const parsed = resultsSchema.safeParse(json);
  if (!parsed.success) throw new InputError(formatZodIssues(source, parsed.error)[0] ?? `${source}: invalid results document`);
  return parsed.data;
}

/** Reads and validates a results document; refuses unknown schemas with a clear message. */
export function readResults(file: string): ResultsDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read results (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseResults(text, file);
}
