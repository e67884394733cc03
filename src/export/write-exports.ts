import path from 'node:path';
import { InputError, UsageError } from '../core/errors.js';
import { checkOutputPath } from '../results/check-output-path.js';
import type { ResultsDocument } from '../results/results-schema.js';
import type { TextSink } from './exporter.js';
import { EXPORT_FORMATS, exportFlag, exportOptionKey, type ExportFormat } from '../core/settings.js';
import { EXPORTERS } from './exporters.js';
import { writeTextAtomically } from '../results/write-text-atomically.js';

/** The file name that means stdout. */
export const STDOUT = '-';

/** One `--export-<format> FILE`. */
export interface ExportRequest {
  readonly format: ExportFormat;
  /** A path, or `-` for stdout. */
  readonly file: string;
}

/**
 * Turns commander's `exportJson`, `exportMarkdown`, … values into requests, in registry order.
 * Refuses an empty name, two exports to one file (or to stdout), and an export over `output`
 * (the results file of `--output`), one line each.
 */
export function parseExportFlags(flags: Readonly<Record<string, unknown>>, options: { output?: string | null } = {}): ExportRequest[] {
  const requests: ExportRequest[] = [];
  const owners = new Map<string, string>();
  if (options.output !== undefined && options.output !== null) owners.set(path.resolve(options.output), '--output');
  for (const format of EXPORT_FORMATS) {
    const file = flags[exportOptionKey(format)];
    if (file === undefined) continue;
    const flag = exportFlag(format);
    if (typeof file !== 'string' || file.trim() === '') throw new UsageError(`${flag}: expected a file name, or - for stdout`);
    const target = file === STDOUT ? STDOUT : path.resolve(file);
    const owner = owners.get(target);
    if (owner !== undefined) {
      throw new UsageError(file === STDOUT ? `${owner} and ${flag} both write to stdout (-); only one can` : `${owner} and ${flag} both write ${file}`);
    }
    owners.set(target, flag);
    requests.push({ format, file });
  }
  return requests;
}

/** Whether some export goes to stdout, where the command's own report would otherwise be printed. */
export function writesToStdout(requests: readonly ExportRequest[]): boolean {
  return requests.some((request) => request.file === STDOUT);
}

/** Fails before a run starts when an export file could not be written, naming the export's flag. */
export function checkExportPaths(requests: readonly ExportRequest[]): void {
  for (const { format, file } of requests) {
    if (file === STDOUT) continue;
    try {
      checkOutputPath(file);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const prefix = `--output ${file}: `;
      const reason = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
      throw new InputError(`${exportFlag(format)} ${file}: ${reason}`);
    }
  }
}

/**
 * Writes every requested export: `-` to `stdout`, files atomically. Every export is attempted even
 * when one fails, so one bad path does not cost the others; the failures are then thrown together,
 * one line each.
 */
export function writeExports(document: ResultsDocument, requests: readonly ExportRequest[], stdout: TextSink): void {
  const failures: string[] = [];
  for (const { format, file } of requests) {
    const text = EXPORTERS[format](document);
    if (file === STDOUT) {
      stdout.write(text);
      continue;
    }
    try {
      writeTextAtomically(file, text);
    } catch (error) {
      failures.push(`${exportFlag(format)} ${file}: could not write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  if (failures.length > 0) throw new InputError(failures.join('\n'));
}
