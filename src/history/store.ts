import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { formatZodIssues } from '../core/format-zod-error.js';
import { writeTextAtomically } from '../results/write-text-atomically.js';
import { parseResults, readResults } from '../results/read-results.js';
import type { ResultsDocument } from '../results/results-schema.js';

/**
 * A history store is a folder of plain files a CI cache or a git branch can keep:
 * `index.json` lists the runs in order, `runs/<id>.json` holds each run's results document as
 * it was added. Nothing else is read or written, so two stores merge by hand like any files.
 */
export const HISTORY_SCHEMA = 'pyconc/history@1';
export const INDEX_FILE = 'index.json';
export const RUNS_DIR = 'runs';

/** Hex digits of a run id: a hash of its document, so the same run cannot be added twice. */
const RUN_ID_LENGTH = 16;

export const runEntrySchema = z.object({
  id: z.string().regex(/^[0-9a-f]+$/),
  /** The document's file, relative to the store. */
  file: z.string(),
  commit: z.string().nullable(),
  /** When the run happened (ISO 8601): `--date`, else the document's startedAt. Runs are kept in this order. */
  date: z.string(),
  startedAt: z.string(),
  tool: z.string(),
});

export const indexSchema = z.object({
  schema: z.literal(HISTORY_SCHEMA),
  runs: z.array(runEntrySchema),
});

export type RunEntry = z.infer<typeof runEntrySchema>;
export type HistoryIndex = z.infer<typeof indexSchema>;

/** A run of the store with its document. */
export interface StoredRun {
  readonly entry: RunEntry;
  readonly document: ResultsDocument;
}

/** The id of a run: a hash of its document as read (key order and spacing of the file do not matter). */
export function runId(document: ResultsDocument): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, RUN_ID_LENGTH);
}

/** What else identifies a run: when it started, which pyconc ran it and on what machine. */
function runIdentity(document: ResultsDocument): string {
  return JSON.stringify([document.startedAt, document.tool.version, document.machine.cpuModel, document.machine.kernel]);
}

function readIndex(dir: string): HistoryIndex {
  const file = path.join(dir, INDEX_FILE);
  if (!existsSync(dir)) throw new InputError(`${dir}: no history store (the folder does not exist); start one with pyconc history add`);
  if (!existsSync(file)) throw new InputError(`${dir}: not a history store (no ${INDEX_FILE}); start one with pyconc history add`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: cannot read the history index (${error instanceof SyntaxError ? 'not valid JSON' : ((error as NodeJS.ErrnoException).code ?? String(error))})`);
  }
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (schema !== HISTORY_SCHEMA) throw new InputError(`${file}: unknown history schema ${JSON.stringify(schema ?? null)}; this pyconc reads "${HISTORY_SCHEMA}"`);
  const parsed = indexSchema.safeParse(json);
  if (!parsed.success) throw new InputError(formatZodIssues(file, parsed.error)[0] ?? `${file}: invalid history index`);
  return parsed.data;
}

/** Reads a store and every run's document; a missing, corrupt or foreign store is an InputError (exit 2), one line. */
export function loadStore(dir: string): StoredRun[] {
  const index = readIndex(dir);
  return index.runs.map((entry) => {
    const file = path.join(dir, entry.file);
    // A run's file stays inside its store, whatever the index says.
    if (path.relative(dir, file).startsWith('..') || path.isAbsolute(entry.file)) throw new InputError(`${path.join(dir, INDEX_FILE)}: run ${entry.id} points outside the store (${entry.file})`);
    return { entry, document: readResults(file) };
  });
}

/** What `history add` is given for each run. */
export interface AddOptions {
  readonly commit?: string;
  /** ISO 8601; the document's startedAt when absent. */
  readonly date?: string;
}

function isoDate(date: string, flag: string): string {
  const time = Date.parse(date);
  if (Number.isNaN(time)) throw new InputError(`${flag} ${date}: not a date (expected ISO 8601, e.g. 2026-11-24T10:00:00Z)`);
  return new Date(time).toISOString();
}

/**
 * Adds runs to a store, creating it when the folder is missing or empty. Everything is checked
 * before anything is written: a file that is not a results document, a run already in the store
 * (or given twice) and a folder that holds something else are refused, one line, the store as it was.
 */
export function addRuns(dir: string, files: readonly string[], options: AddOptions = {}): RunEntry[] {
  if (files.length === 0) throw new InputError('history add: name at least one results file');
  const creating = !existsSync(dir) || (statSync(dir).isDirectory() && readdirSync(dir).length === 0);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`${dir}: not a folder`);
  const index: HistoryIndex = creating ? { schema: HISTORY_SCHEMA, runs: [] } : readIndex(dir);
  const date = options.date === undefined ? undefined : isoDate(options.date, '--date');
  const existing = new Map<string, string>();
  for (const entry of index.runs) {
    existing.set(entry.id, entry.id);
    const stored = path.join(dir, entry.file);
    // Identity beyond the hash: the same run re-exported with other cells (a merge, a newer pyconc) is still the same run.
    if (existsSync(stored)) existing.set(runIdentity(parseResults(readFileSync(stored, 'utf8'), stored)), entry.id);
  }
  const added: { entry: RunEntry; text: string }[] = [];
  for (const file of files) {
    const document = readResults(file);
    const id = runId(document);
    const same = existing.get(id) ?? existing.get(runIdentity(document));
    if (same !== undefined) throw new InputError(`${file}: this run is already in ${dir} (run ${same}); nothing was added`);
    existing.set(id, id);
    existing.set(runIdentity(document), id);
    const entry: RunEntry = { id, file: `${RUNS_DIR}/${id}.json`, commit: options.commit ?? null, date: date ?? document.startedAt, startedAt: document.startedAt, tool: document.tool.version };
    added.push({ entry, text: `${JSON.stringify(document, null, 1)}\n` });
  }
  mkdirSync(path.join(dir, RUNS_DIR), { recursive: true });
  for (const { entry, text } of added) writeTextAtomically(path.join(dir, entry.file), text);
  // Stable: runs of one date keep the order they were added in.
  const runs = [...index.runs, ...added.map(({ entry }) => entry)].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  writeTextAtomically(path.join(dir, INDEX_FILE), `${JSON.stringify({ schema: HISTORY_SCHEMA, runs }, null, 2)}\n`);
  return added.map(({ entry }) => entry);
}
