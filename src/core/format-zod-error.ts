import type { z } from 'zod';

/** A zod issue path as a field path: `params.tasks.default`, `expectations[1].op`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

type Issue = z.ZodError['issues'][number];

/** The types the branches of a union accepted, for "expected number or string or array, got object". */
function unionExpectations(issue: Issue, found: Set<string> = new Set()): Set<string> {
  if (issue.code !== 'invalid_union') return found;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (inner.path.length > 0) continue;
      if (inner.code === 'invalid_type') found.add(inner.expected);
      else if (inner.code === 'invalid_union') unionExpectations(inner as Issue, found);
    }
  }
  return found;
}

/** The literal values and `prefix:…` patterns the branches of a union accepted, for "expected one of …". */
function unionChoices(issue: Issue): string[] {
  if (issue.code !== 'invalid_union') return [];
  const choices: string[] = [];
  for (const inner of issue.errors.flat()) {
    if (inner.path.length > 0) continue;
    if (inner.code === 'invalid_value') choices.push(...inner.values.map((value) => String(value)));
    else if (inner.code === 'invalid_format' && inner.format === 'template_literal') {
      const prefix = /^\^([a-zA-Z_:-]+)/.exec((inner as { pattern?: string }).pattern ?? '')?.[1];
      if (prefix !== undefined) choices.push(`${prefix}<name>`);
    }
  }
  return choices;
}

function describeIssue(issue: Issue, received: unknown): string {
  const choices = unionChoices(issue);
  if (choices.length > 0) return `expected one of ${choices.join(', ')}${received === undefined ? '' : `, got ${JSON.stringify(received)}`}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((value) => String(value)).join(', ')}${received === undefined ? '' : `, got ${JSON.stringify(received)}`}`;
  if (issue.code === 'invalid_union') {
    const expected = [...unionExpectations(issue)];
    const received = issue.errors.flat().find((inner) => inner.code === 'invalid_type')?.message.match(/received (\w+)/)?.[1];
    if (expected.length > 0) return `expected ${expected.join(' or ')}${received === undefined ? '' : `, got ${received}`}`;
  }
  return issue.message;
}

/** The value at an issue's path in the input, when the input is at hand. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return typeof value === 'object' ? undefined : value;
}

/** Whether the issue's field is absent from its (present) parent object in the input. */
export function isMissing(input: unknown, path: readonly PropertyKey[]): boolean {
  const last = path[path.length - 1];
  if (input === undefined || last === undefined) return false;
  let parent: unknown = input;
  for (const part of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return false;
    parent = (parent as Record<PropertyKey, unknown>)[part];
  }
  return parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !(last in parent);
}

/** What a missing field should have been: `expected string`, `expected number or string or array`, `expected one of io, cpu`. */
function expectation(issue: Issue): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  return describeIssue(issue, undefined).replace(/, got \w+$/, '');
}

/**
 * One line per zod issue, each naming the source, the field path and what was expected (and, given
 * the input, what it got). Given the input, a required field that is absent reads `missing`, not
 * zod's "expected string, received undefined".
 */
export function formatZodIssues(source: string, error: z.ZodError, input?: unknown): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length === 0 ? '' : ` in ${formatPath(issue.path)}`;
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      return `${source}: unknown field ${keys}${where}`;
    }
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && isMissing(input, issue.path)) {
      return `${source}: ${formatPath(issue.path)}: missing (${expectation(issue)})`;
    }
    return `${source}: ${formatPath(issue.path)}: ${describeIssue(issue, input === undefined ? undefined : valueAt(input, issue.path))}`;
  });
}
