import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../core/errors.js';

/** A function of the user's, as `pyconc advise` names it: `path/to/file.py:function` or `package.module:function`. */
export interface TargetSpec {
  /** As the user wrote it (what reports and the advice document show). */
  readonly text: string;
  /** What the Python side loads: the file made absolute, or the module name as written. */
  readonly resolved: string;
  readonly kind: 'file' | 'module';
  /** The function (a dotted path within the module, `Class.method`, is allowed). */
  readonly function: string;
  /** The module's file name or dotted name, for snippets (`from thing import check`). */
  readonly module: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether the part before the colon names a file rather than a module: it ends in .py or holds a path separator. */
function namesFile(where: string): boolean {
  return where.endsWith('.py') || where.includes('/') || where.includes(path.sep);
}

/**
 * Parses and checks a target (TARGET, `--setup`, `--teardown`) before anything runs: the syntax, a
 * file that exists, a module name made of identifiers. Whether the module imports and the function
 * exists is the probe's to find out (it imports the user's code; pyconc does not read it).
 */
export function parseTarget(flag: string, text: string, cwd: string): TargetSpec {
  const colon = text.lastIndexOf(':');
  const where = colon < 0 ? '' : text.slice(0, colon);
  const fn = colon < 0 ? '' : text.slice(colon + 1);
  if (where === '' || fn === '' || !fn.split('.').every((part) => IDENTIFIER.test(part))) {
    throw new UsageError(`${flag} ${text}: expected path/to/file.py:function or package.module:function`);
  }
  if (namesFile(where)) {
    const file = path.resolve(cwd, where);
    if (!existsSync(file)) throw new InputError(`${flag} ${text}: file not found: ${file}`);
    if (!statSync(file).isFile()) throw new InputError(`${flag} ${text}: ${file} is not a file`);
    if (!file.endsWith('.py')) throw new UsageError(`${flag} ${text}: ${file} is not a Python file (.py)`);
    return { text, resolved: `${file}:${fn}`, kind: 'file', function: fn, module: path.basename(file, '.py') };
  }
  if (!where.split('.').every((part) => IDENTIFIER.test(part))) {
    throw new UsageError(`${flag} ${text}: "${where}" is neither a .py file nor a dotted module name`);
  }
  return { text, resolved: `${where}:${fn}`, kind: 'module', function: fn, module: where };
}

/** A twin's name (`--async NAME`, `--sync NAME`): a function of the target's module. */
export function parseTwin(flag: string, name: string): string {
  if (!name.split('.').every((part) => IDENTIFIER.test(part))) throw new UsageError(`${flag} ${name}: expected the name of a function in the target's module`);
  return name;
}
