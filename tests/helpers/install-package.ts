import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

/**
 * pyconc installed the way a user's project gets it, without network: `npm pack` of this checkout
 * (or a git URL), installed into an empty folder from the local npm cache.
 *
 * `npm install --offline TARBALL` alone cannot work offline: npm must first read each dependency's
 * registry metadata (its packument), and `npm ci` (which filled the cache) fetches tarballs by their
 * lockfile URL and integrity, never packuments. So the empty project gets a lockfile first: this
 * repository's own entries for pyconc's runtime dependencies (the devDependencies left out, as
 * `npm install --omit=dev` would), with pyconc itself resolved to the tarball or git URL. `npm ci
 * --offline` then takes every tarball from the cache, exactly as the user's own `npm ci` would
 * take them from the registry. Where the cache lacks one (a machine that never ran `npm ci` here),
 * npm says ENOTCACHED and the caller skips with that reason.
 */

interface LockEntry {
  version?: string;
  dev?: boolean;
  [field: string]: unknown;
}

interface Lockfile {
  packages: Record<string, LockEntry>;
}

/** The environment for npm: npm's own variables from an enclosing `npm test` left out (they name this project), the cache kept. */
export function npmEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || (name.toLowerCase().startsWith('npm_') && name.toLowerCase() !== 'npm_config_cache')) continue;
    env[name] = value;
  }
  return { ...env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

/** `npm pack` of this checkout as it is built (`dist/` from `npm run build`), into `dest`; the tarball's path. */
export async function packProject(dest: string): Promise<string> {
  mkdirSync(dest, { recursive: true });
  const result = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], { cwd: ROOT, env: npmEnv(), extendEnv: false });
  const [packed] = JSON.parse(String(result.stdout)) as { filename: string }[];
  if (packed === undefined) throw new Error('npm pack wrote no tarball');
  return path.join(dest, packed.filename);
}

/** An empty project in `project` depending on pyconc at `spec` (a `file:` tarball or a git URL), with the lockfile described above. */
export function writeProject(project: string, spec: string): void {
  mkdirSync(project, { recursive: true });
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
  const own = lock.packages[''] ?? {};
  const manifest = { name: 'user-project', version: '1.0.0', private: true, dependencies: { pyconc: spec } };
  const packages: Record<string, LockEntry> = {
    '': { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies },
    'node_modules/pyconc': { version: own.version, resolved: spec, license: own['license'], dependencies: own['dependencies'], bin: own['bin'], engines: own['engines'] },
  };
  for (const [where, entry] of Object.entries(lock.packages)) if (where !== '' && entry.dev !== true) packages[where] = entry;
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify({ ...manifest, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}

/** `npm ci --offline` in `project`: undefined when it installed, else why it cannot here (npm's ENOTCACHED); any other failure throws. */
export async function installOffline(project: string, timeout = 180_000): Promise<string | undefined> {
  const result = await execa('npm', ['ci', '--offline'], { cwd: project, env: npmEnv(), extendEnv: false, reject: false, timeout, stdin: 'ignore' });
  if (result.exitCode === 0) return undefined;
  const stderr = String(result.stderr);
  if (/ENOTCACHED/.test(stderr)) return `the npm cache lacks a dependency's tarball, so an offline install cannot work here (run npm ci once): ${stderr.split('\n')[1] ?? ''}`;
  throw new Error(`npm ci --offline failed (exit ${result.exitCode}):\n${stderr}`);
}
