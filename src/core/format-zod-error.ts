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

function describeIssue(issue: Issue): string {
  if (issue.code === 'invalid_union') {
    const expected = [...unionExpectations(issue)];
    const received = issue.errors.flat().find((inner) => inner.code === 'invalid_type')?.message.match(/received (\w+)/)?.[1];
    if (expected.length > 0) return `expected ${expected.join(' or ')}${received === undefined ? '' : `, got ${received}`}`;
  }
  return issue.message;
}

/** One line per zod issue, each naming the source, the field path and what was expected. */
export function formatZodIssues(source: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length === 0 ? '' : ` in ${formatPath(issue.path)}`;
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      return `${source}: unknown field ${keys}${where}`;
    }
    return `${source}: ${formatPath(issue.path)}: ${describeIssue(issue)}`;
  });
}
