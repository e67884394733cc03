import { InputError, PyconcError } from '../core/errors.js';
import { assignInterpreterIds, HarnessUnusableError, resolveInterpreter, type Interpreter } from '../python/interpreter.js';
import { discoverPythons, PROJECT_PYTHONS_DIR, type DiscoveredPython, type PythonSource } from './discover-pythons.js';

/** A version name: `3.12`, `python3.12`, `3.13t` (free-threaded builds only). */
export interface VersionName {
  readonly minor: number;
  readonly freeThreaded: boolean;
}

const VERSION_NAME = /^(?:python)?3\.(\d{1,2})(t?)$/;

/** The version a `--python` value names, or null for a path or a command. */
export function parseVersionName(request: string): VersionName | null {
  const match = VERSION_NAME.exec(request);
  return match?.[1] === undefined ? null : { minor: Number(match[1]), freeThreaded: match[2] === 't' };
}

/** A discovered interpreter that answered the probe. */
export interface FoundPython extends Omit<Interpreter, 'id'> {
  readonly source: PythonSource;
}

/** Where to look and how: the environment (PATH, the managers' variables) and the project's own folder. */
export interface DiscoveryOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly projectDir?: string;
}

/** A discovered Python ≥ 3.9 that answered the probe but cannot run the harness. */
export interface RefusedPython {
  readonly path: string;
  readonly source: PythonSource;
  readonly version: string;
  readonly reason: string;
}

async function probe(python: DiscoveredPython, refused: RefusedPython[]): Promise<FoundPython | null> {
  try {
    return { ...(await resolveInterpreter(python.path)), source: python.source };
  } catch (error) {
    if (error instanceof HarnessUnusableError) refused.push({ path: python.path, source: python.source, version: error.version, reason: error.reason });
    if (error instanceof PyconcError) return null; // too old, broken, not a Python: not a candidate
    throw error;
  }
}

/** Every discovered interpreter that works (Python ≥ 3.9), probed once each; those the harness cannot run on go to `refused`. */
export async function findInterpreters(
  options: DiscoveryOptions = {},
  keep: (python: DiscoveredPython) => boolean = () => true,
  refused: RefusedPython[] = [],
): Promise<FoundPython[]> {
  const found: FoundPython[] = [];
  for (const python of await discoverPythons(options.env ?? process.env, options.projectDir ?? PROJECT_PYTHONS_DIR)) {
    if (!keep(python)) continue;
    const probed = await probe(python, refused);
    // Two paths to one interpreter (a PATH symlink into pyenv) report one executable.
    if (probed !== null && !found.some((other) => other.executable === probed.executable)) found.push(probed);
  }
  return found;
}

function patchOf(version: string): number[] {
  return version.split(/[^\d]+/).filter((part) => part !== '').map(Number);
}

function newer(a: string, b: string): boolean {
  const [pa, pb] = [patchOf(a), patchOf(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return false;
}

function matches(python: FoundPython, name: VersionName): boolean {
  return python.version.startsWith(`3.${name.minor}.`) && python.freeThreadedBuild === name.freeThreaded;
}

function describe(python: FoundPython): string {
  return `${python.version}${python.freeThreadedBuild ? 't' : ''} (${python.source})`;
}

/** The newest patch release of a version name among what was found, or an InputError listing what was. */
export function pickVersion(request: string, name: VersionName, found: readonly FoundPython[]): FoundPython {
  let best: FoundPython | undefined;
  for (const python of found) if (matches(python, name) && (best === undefined || newer(python.version, best.version))) best = python;
  if (best !== undefined) return best;
  const seen = found.length === 0 ? 'none' : found.map(describe).join(', ');
  throw new InputError(`--python ${request}: no ${name.freeThreaded ? 'free-threaded ' : ''}Python 3.${name.minor} found on PATH, pyenv, uv, asdf or PYCONC_PYTHONS (found: ${seen})`);
}

/**
 * Resolves every `--python` value once, in order: a version name to the newest matching
 * interpreter discovered, anything else (a path, a command) as given. Duplicates of one executable are dropped.
 */
export async function resolvePythons(requests: readonly string[], options: DiscoveryOptions = {}): Promise<Interpreter[]> {
  const probes: Omit<Interpreter, 'id'>[] = [];
  let found: FoundPython[] | undefined;
  const refused: RefusedPython[] = [];
  const minors = new Set(requests.map((request) => parseVersionName(request)?.minor));
  for (const request of requests) {
    const name = parseVersionName(request);
    if (name === null) {
      probes.push(await resolveInterpreter(request));
      continue;
    }
    found ??= await findInterpreters(options, (python) => python.minorHint === null || minors.has(python.minorHint), refused);
    // The probe skips folders that announce another version; a miss lists everything there is.
    const among = found.some((python) => matches(python, name)) ? found : await findInterpreters(options, undefined, refused);
    const unusable = refused.find((python) => python.version.startsWith(`3.${name.minor}.`));
    if (unusable !== undefined && !among.some((python) => matches(python, name))) {
      throw new HarnessUnusableError(`${request} (${unusable.path})`, unusable.version, unusable.reason);
    }
    const match = pickVersion(request, name, among);
    const { source: _source, ...picked } = match;
    probes.push({ ...picked, requested: request });
  }
  return assignInterpreterIds(probes);
}
