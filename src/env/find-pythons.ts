import { constants } from 'node:fs';
import { access, open, readdir, realpath, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

/** A Python executable found on PATH. */
export interface PythonOnPath {
  /** The file name as it would be typed: `python3.11`. */
  command: string;
  /** Where PATH finds it first. */
  path: string;
  /** `path` with symlinks resolved; the identity used for de-duplication. */
  realPath: string;
  /**
   * A version-manager shim (pyenv, asdf, mise): it picks the interpreter per directory and can
   * cost many times the interpreter's own start-up, so resolve it once before timing anything.
   */
  isShim: boolean;
  /** Other PATH entries for the same executable (`/bin/python3` beside `/usr/bin/python3`). */
  aliases: string[];
}

const MAX_MINOR = 30;
const NAME = /^python(?:3(?:\.(\d{1,2})(t?))?)?$/;
const SHIM_MARKER = /pyenv|asdf|mise/;
// mise shims are symlinks to the mise binary itself (rtx was its former name).
const SHIM_BINARIES = new Set(['mise', 'rtx']);
const SNIFF_BYTES = 2048;

/** Whether a file name is one we look for: python, python3, python3.N or python3.Nt (N ≤ 30). */
export function isPythonCommandName(name: string): boolean {
  const match = NAME.exec(name);
  return match !== null && (match[1] === undefined || Number(match[1]) <= MAX_MINOR);
}

/**
 * Scans PATH for python, python3, python3.N and python3.Nt executables, in PATH order, keeping
 * the first of those that resolve to the same file. Nothing is executed.
 */
export async function findPythonsOnPath(
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonOnPath[]> {
  const found: PythonOnPath[] = [];
  const byKey = new Map<string, PythonOnPath>();
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    // An empty or relative entry means "the current directory": a benchmark should not pick up an
    // interpreter from wherever it happened to be started.
    if (!path.isAbsolute(dir)) continue;
    const names = await listPythonNames(dir);
    const candidates = await Promise.all(names.map((name) => inspect(dir, name)));
    for (const candidate of candidates) {
      if (candidate === null) continue;
      // Shims share one target (mise) or decide by their own name, so they are told apart by path.
      const key = candidate.isShim ? candidate.path : candidate.realPath;
      const first = byKey.get(key);
      if (first === undefined) {
        byKey.set(key, candidate);
        found.push(candidate);
      } else if (first.path !== candidate.path && !first.aliases.includes(candidate.path)) {
        first.aliases.push(candidate.path);
      }
    }
  }
  return found;
}

async function listPythonNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter(isPythonCommandName).sort(compareNames);
  } catch {
    return []; // missing or unreadable PATH entries are common and harmless
  }
}

/** python < python3 < python3.9 < python3.10 < python3.13 < python3.13t */
function compareNames(a: string, b: string): number {
  const rank = (name: string): number[] => {
    const match = NAME.exec(name);
    if (name === 'python') return [0];
    if (match?.[1] === undefined) return [1];
    return [2, Number(match[1]), match[2] ? 1 : 0];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const diff = (ra[i] ?? -1) - (rb[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

async function inspect(dir: string, command: string): Promise<PythonOnPath | null> {
  const file = path.join(dir, command);
  try {
    if (!(await stat(file)).isFile()) return null;
    await access(file, constants.X_OK);
    const realPath = await realpath(file);
    const isShim = await isVersionManagerShim(realPath);
    return { command, path: file, realPath, isShim, aliases: [] };
  } catch {
    return null; // broken symlink, not executable, vanished meanwhile
  }
}

/** Whether an executable is a version-manager shim, judged by its first bytes, never run. */
export async function isVersionManagerShim(realPath: string): Promise<boolean> {
  if (SHIM_BINARIES.has(path.basename(realPath))) return true;
  let handle: FileHandle | undefined;
  try {
    handle = await open(realPath, 'r');
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const head = buffer.subarray(0, bytesRead).toString('latin1');
    return head.startsWith('#!') && SHIM_MARKER.test(head);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
