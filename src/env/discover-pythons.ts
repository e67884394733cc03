import { constants } from 'node:fs';
import { access, readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { HARNESS_PATH } from '../python/harness-path.js';
import { findPythonsOnPath, isPythonCommandName } from './find-pythons.js';

/** Where a discovered interpreter came from. */
export type PythonSource = 'PATH' | 'pyenv' | 'uv' | 'asdf' | 'PYCONC_PYTHONS';

/** An interpreter executable found on disk, not yet run. */
export interface DiscoveredPython {
  readonly path: string;
  /** `path` with symlinks resolved: two finds of one file are one interpreter. */
  readonly realPath: string;
  readonly source: PythonSource;
  /** The minor version its folder or file name announces (`3.12.1/`, `python3.12`), if any: lets a version name skip a probe. */
  readonly minorHint: number | null;
}

/** The project's own folder of provisioned interpreters (gitignored), searched like a `PYCONC_PYTHONS` entry. */
export const PROJECT_PYTHONS_DIR = path.join(path.dirname(path.dirname(HARNESS_PATH)), '.pyconc-pythons');

/** The version-manager folders, each `<root>/<version>/bin/python3*`, honouring their environment variables. */
function managerRoots(env: NodeJS.ProcessEnv): [PythonSource, string][] {
  const home = env.HOME ?? homedir();
  return [
    ['pyenv', path.join(env.PYENV_ROOT ?? path.join(home, '.pyenv'), 'versions')],
    ['uv', env.UV_PYTHON_INSTALL_DIR ?? path.join(home, '.local', 'share', 'uv', 'python')],
    ['asdf', path.join(env.ASDF_DATA_DIR ?? path.join(home, '.asdf'), 'installs', 'python')],
  ];
}

function minorHint(text: string): number | null {
  const match = /(?:^|[^\d.])3\.(\d{1,2})(?!\d)/.exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
}

async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return []; // a manager that is not installed
  }
}

async function executable(file: string): Promise<string | null> {
  try {
    if (!(await stat(file)).isFile()) return null;
    await access(file, constants.X_OK);
    return await realpath(file);
  } catch {
    return null;
  }
}

/** The interpreters directly in `dir` (`python3.12`, `python3.13t`). */
async function inFolder(dir: string, source: PythonSource, hint: number | null): Promise<DiscoveredPython[]> {
  const out: DiscoveredPython[] = [];
  for (const name of (await entries(dir)).filter(isPythonCommandName)) {
    const file = path.join(dir, name);
    const real = await executable(file);
    if (real !== null) out.push({ path: file, realPath: real, source, minorHint: minorHint(name) ?? hint });
  }
  return out;
}

/** The interpreters of every `<root>/<tree>/bin/`. */
async function inTrees(root: string, source: PythonSource): Promise<DiscoveredPython[]> {
  const out: DiscoveredPython[] = [];
  for (const tree of await entries(root)) out.push(...(await inFolder(path.join(root, tree, 'bin'), source, minorHint(tree))));
  return out;
}

/**
 * Every interpreter executable on this machine that pyconc knows where to look for: PATH (shims
 * left out: they stand for one of the others), pyenv, uv, asdf, each folder of `PYCONC_PYTHONS`
 * (colon-separated; interpreters in it or in its `*\/bin/`) and the project's `.pyconc-pythons/`.
 * One entry per real file, in that order. Nothing is executed.
 */
export async function discoverPythons(env: NodeJS.ProcessEnv = process.env, projectDir: string = PROJECT_PYTHONS_DIR): Promise<DiscoveredPython[]> {
  const found: DiscoveredPython[] = [];
  for (const python of await findPythonsOnPath(env)) {
    if (!python.isShim) found.push({ path: python.path, realPath: python.realPath, source: 'PATH', minorHint: minorHint(python.command) });
  }
  for (const [source, root] of managerRoots(env)) found.push(...(await inTrees(root, source)));
  const folders = [...(env.PYCONC_PYTHONS ?? '').split(':').filter((dir) => path.isAbsolute(dir)), projectDir];
  for (const folder of [...new Set(folders)]) {
    found.push(...(await inFolder(folder, 'PYCONC_PYTHONS', null)), ...(await inTrees(folder, 'PYCONC_PYTHONS')));
  }
  const byRealPath = new Map<string, DiscoveredPython>();
  for (const python of found) if (!byRealPath.has(python.realPath)) byRealPath.set(python.realPath, python);
  return [...byRealPath.values()];
}
