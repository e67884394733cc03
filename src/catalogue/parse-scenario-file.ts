import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { closestName } from '../core/closest-name.js';
import { InputError } from '../core/errors.js';
import { formatPath, formatZodIssues, isMissing } from '../core/format-zod-error.js';
import { schemaKeysAt } from '../core/schema-keys.js';
import { scenarioFileSchema, type ScenarioFile } from './scenario-schema.js';

/** How a scenario file is named in messages: relative to the working directory when it is below it. */
export function sourceName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') ? file : relative;
}

/** Reads a scenario file and checks it against the schema; every problem is one line naming the file and field. */
export function parseScenarioFile(file: string): ScenarioFile {
  const source = sourceName(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${source}: cannot read scenario file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const document = parseDocument(text);
  const yamlError = document.errors[0];
  if (yamlError !== undefined) {
    const line = yamlError.linePos?.[0].line;
    const where = line === undefined ? '' : ` at line ${line}`;
    const message = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${source}: invalid YAML${where}: ${message}`);
  }
  const raw: unknown = document.toJS();
  const parsed = scenarioFileSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(scenarioProblems(source, parsed.error, raw).join('\n'));
  return parsed.data;
}

/**
 * Every problem of a scenario file, one line each naming the file and the field: misspelt keys
 * first, each with the key it most likely meant (a required field that is missing at the same
 * level first, then every field the schema allows there); a missing field a misspelling explains
 * is not named again.
 */
export function scenarioProblems(source: string, error: z.ZodError, raw: unknown): string[] {
  const issues = [...error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  const missingAt = (path: readonly PropertyKey[]): string[] =>
    issues.filter((issue) => issue.code !== 'unrecognized_keys' && issue.path.length === path.length + 1 && formatPath(issue.path.slice(0, -1)) === formatPath(path) && isMissing(raw, issue.path))
      .map((issue) => String(issue.path[issue.path.length - 1]));
  const explained = new Set<string>();
  const lines: string[] = [];
  for (const issue of issues) {
    const [line = `${source}: invalid scenario`] = formatZodIssues(source, new z.ZodError([issue]), raw);
    if (issue.code !== 'unrecognized_keys') {
      if (!explained.has(formatPath(issue.path))) lines.push(line);
      continue;
    }
    const hints = issue.keys.flatMap((key) => {
      const meant = closestName(key, missingAt(issue.path)) ?? closestName(key, schemaKeysAt(scenarioFileSchema, issue.path));
      if (meant === undefined) return [];
      explained.add(formatPath([...issue.path, meant]));
      return [`"${key}" → "${meant}"`];
    });
    const hint = hints.length === 0 ? '' : issue.keys.length === 1 ? ` (did you mean ${hints[0]?.split(' → ')[1]}?)` : ` (did you mean ${hints.join(', ')}?)`;
    lines.push(line + hint);
  }
  return lines;
}
