import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { didYouMean } from '../core/closest-name.js';
import { InputError } from '../core/errors.js';
import { formatZodIssues } from '../core/format-zod-error.js';
import { scenarioFileSchema, type ScenarioFile } from './scenario-schema.js';

/** Keys a scenario file may hold at each level, for "did you mean" hints on typos. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(scenarioFileSchema.shape),
  param: ['default', 'quick', 'description', 'min', 'max', 'integer'],
  exclusion: ['params', 'modes'],
  workers: ['default', 'quick'],
  expectation: ['claim', 'mode', 'workers', 'params', 'metric', 'op', 'value', 'than', 'minUsableCpus'],
  ideal: ['model', 'tasks', 'latencyMs'],
  report: ['metrics', 'speedup'],
  gate: ['threshold'],
  goal: ['metric', 'better'],
};

function knownKeysAt(pathParts: readonly PropertyKey[]): readonly string[] {
  const [first] = pathParts;
  if (pathParts.length === 0) return KNOWN_KEYS[''] ?? [];
  if (first === 'params' && pathParts.length === 2) return KNOWN_KEYS['param'] ?? [];
  if ((first === 'exclude' || first === 'expectations') && pathParts.length === 2) return KNOWN_KEYS[first === 'exclude' ? 'exclusion' : 'expectation'] ?? [];
  if (typeof first === 'string' && ['workers', 'ideal', 'report', 'gate', 'goal'].includes(first)) return KNOWN_KEYS[first] ?? [];
  return [];
}

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
  if (!parsed.success) {
    // A misspelt key also makes its real name "missing"; the misspelling is the useful line.
    parsed.error.issues.sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
    const issue = parsed.error.issues[0];
    let line = formatZodIssues(source, parsed.error, raw)[0] ?? `${source}: invalid scenario`;
    if (issue?.code === 'unrecognized_keys' && issue.keys.length === 1 && issue.keys[0] !== undefined) {
      line += didYouMean(issue.keys[0], knownKeysAt(issue.path));
    }
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problem(s))` : '';
    throw new InputError(line + more);
  }
  return parsed.data;
}
