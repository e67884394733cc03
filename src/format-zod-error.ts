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

/** One line per zod issue, each naming the source, the field path and what was expected. */
export function formatZodIssues(source: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length === 0 ? '' : ` in ${formatPath(issue.path)}`;
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      return `${source}: unknown field ${keys}${where}`;
    }
    return `${source}: ${formatPath(issue.path)}: ${issue.message}`;
  });
}
