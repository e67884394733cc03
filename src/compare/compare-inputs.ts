/**
 * What `pyconc compare` refuses before it compares anything, each as one line naming the
 * files (exit 2): a file that is not a results document, two documents of different
 * schema major versions, and documents (or variants) with no cell in common.
 */
import { readFileSync } from 'node:fs';
import { InputError, UsageError } from '../core/errors.js';
import { readResults } from '../results/read-results.js';
import type { ResultsDocument } from '../results/results-schema.js';
import type { Comparison } from './compare-cells.js';

const RESULTS_SCHEMA_PATTERN = /^pyconc\/results@(\d+)$/;

/** The `schema` field of a JSON file, or undefined when the file cannot be read as JSON (readResults then says why). */
function peekSchema(file: string): { schema: unknown } | undefined {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return { schema: json !== null && typeof json === 'object' ? (json as { schema?: unknown }).schema : undefined };
  } catch {
    return undefined;
  }
}

/** Major version of a results schema string, or throws naming the file when it is not one. */
function resultsMajor(file: string, schema: unknown): number {
  const match = typeof schema === 'string' ? RESULTS_SCHEMA_PATTERN.exec(schema) : null;
  if (match?.[1] !== undefined) return Number(match[1]);
  const what = typeof schema === 'string' && schema.startsWith('pyconc/compare@') ? 'a compare verdict document' : `schema ${JSON.stringify(schema ?? null)}`;
  throw new InputError(`${file}: not a pyconc results document (${what}); compare reads what \`pyconc run -o\` writes`);
}

/** Reads the one or two documents of `pyconc compare`, after the checks above. */
export function readCompareInputs(files: readonly string[]): ResultsDocument[] {
  if (files.length < 1 || files.length > 2) {
    throw new UsageError(`compare: expected BASE.json NEW.json, or one RUN.json with baseline and candidate cells; got ${files.length} files`);
  }
  const majors = files.map((file) => {
    const peeked = peekSchema(file);
    return peeked === undefined ? undefined : resultsMajor(file, peeked.schema);
  });
  const [a, b] = majors;
  if (a !== undefined && b !== undefined && a !== b) {
    throw new InputError(`cannot compare ${files[0]} (results@${a}) with ${files[1]} (results@${b}): different schema major versions`);
  }
  return files.map((file) => readResults(file));
}

/** Refuses a comparison without a single pair that has both a baseline and a candidate cell. */
export function requireCommonCells(comparison: Comparison, files: readonly string[], documents: readonly ResultsDocument[]): void {
  if (comparison.pairs.some((pair) => pair.baseline !== null && pair.candidate !== null)) return;
  if (files.length === 2) {
    const [base, candidate] = documents;
    const pythons = (document: ResultsDocument | undefined): string => [...new Set(document?.cells.map((cell) => cell.key.python))].join(',');
    const [a, b] = [pythons(base), pythons(candidate)];
    // The interpreter is part of a cell's key: two runs on different interpreters share no cell.
    const hint = a !== b ? `; their interpreters differ (${a} vs ${b}): measure both in one run with --python a,b and compare that` : '';
    throw new InputError(
      `${files[0]} and ${files[1]} have no cell in common (${base?.cells.length ?? 0} and ${candidate?.cells.length ?? 0} cells): nothing to compare${hint}`,
    );
  }
  throw new InputError(`${files[0]}: its ${comparison.kind === 'variants' ? 'baseline and candidate variants' : 'interpreters'} have no cell in common`);
}

/** The message when one document offers nothing to compare within it. */
export function nothingWithin(file: string): InputError {
  return new InputError(`${file}: no baseline/candidate variants and a single interpreter: nothing to compare; give two documents`);
}
