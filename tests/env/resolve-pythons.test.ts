import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPythons } from '../../src/env/discover-pythons.js';
import { parseVersionName, resolvePythons } from '../../src/env/resolve-pythons.js';

// Fake interpreters: shell scripts that print a recorded probe (of a free-threaded 3.13.1) with their own version.
let tmp: string;
let env: NodeJS.ProcessEnv;
const options = (): { env: NodeJS.ProcessEnv; projectDir: string } => ({ env, projectDir: path.join(tmp, 'project') });

async function fake(file: string, version: string, freeThreaded: boolean): Promise<void> {
  const recorded = JSON.parse(await readFile(new URL('../fixtures/probes/cpython-3.13.1t.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const probe = { ...recorded, executable: file, version, freeThreadedBuild: freeThreaded, gilEnabled: !freeThreaded };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\necho '${JSON.stringify(probe)}'\n`);
  await chmod(file, 0o755);
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'pyconc-resolve-pythons-'));
  await fake(path.join(tmp, 'pyenv/versions/3.12.1/bin/python3'), '3.12.1', false);
  await fake(path.join(tmp, 'pyenv/versions/3.12.4/bin/python3'), '3.12.4', false);
  await fake(path.join(tmp, 'uv/cpython-3.11.9-linux-x86_64-gnu/bin/python3'), '3.11.9', false);
  await fake(path.join(tmp, 'asdf/installs/python/3.10.2/bin/python3'), '3.10.2', false);
  await fake(path.join(tmp, 'extra/python3.13t'), '3.13.1', true);
  await fake(path.join(tmp, 'project/3.14.0/bin/python3.14'), '3.14.0', false);
  env = {
    PATH: path.join(tmp, 'empty-path'),
    HOME: path.join(tmp, 'home'),
    PYENV_ROOT: path.join(tmp, 'pyenv'),
    UV_PYTHON_INSTALL_DIR: path.join(tmp, 'uv'),
    ASDF_DATA_DIR: path.join(tmp, 'asdf'),
    PYCONC_PYTHONS: path.join(tmp, 'extra'),
  };
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('parseVersionName', () => {
  it('reads 3.N, python3.N and 3.Nt; paths and commands are not version names', () => {
    expect(parseVersionName('3.12')).toEqual({ minor: 12, freeThreaded: false });
    expect(parseVersionName('python3.13t')).toEqual({ minor: 13, freeThreaded: true });
    expect(parseVersionName('python3')).toBeNull();
    expect(parseVersionName('/usr/bin/python3.12')).toBeNull();
    expect(parseVersionName('3.12.1')).toBeNull();
  });
});

describe('discoverPythons', () => {
  it('looks in pyenv, uv, asdf, PYCONC_PYTHONS and the project folder, honouring their variables', async () => {
    const found = await discoverPythons(options().env, options().projectDir);
    expect(found.map((python) => [python.source, path.relative(tmp, python.path), python.minorHint])).toEqual([
      ['pyenv', 'pyenv/versions/3.12.1/bin/python3', 12],
      ['pyenv', 'pyenv/versions/3.12.4/bin/python3', 12],
      ['uv', 'uv/cpython-3.11.9-linux-x86_64-gnu/bin/python3', 11],
      ['asdf', 'asdf/installs/python/3.10.2/bin/python3', 10],
      ['PYCONC_PYTHONS', 'extra/python3.13t', 13],
      ['PYCONC_PYTHONS', 'project/3.14.0/bin/python3.14', 14],
    ]);
  });
});

describe('resolvePythons', () => {
  it('picks the newest patch release of a version name and keeps what was asked for', async () => {
    const [a, b, c] = await resolvePythons(['3.12', 'python3.11', '3.14'], options());
    expect([a?.id, a?.requested, a?.executable]).toEqual(['cpython-3.12.4', '3.12', path.join(tmp, 'pyenv/versions/3.12.4/bin/python3')]);
    expect([b?.id, c?.id]).toEqual(['cpython-3.11.9', 'cpython-3.14.0']);
  });

  it('takes only a free-threaded build for 3.Nt, and no free-threaded build for 3.N', async () => {
    const [ft] = await resolvePythons(['3.13t'], options());
    expect([ft?.id, ft?.freeThreadedBuild]).toEqual(['cpython-3.13.1t', true]);
    await expect(resolvePythons(['3.13'], options())).rejects.toThrow(/^--python 3\.13: no Python 3\.13 found .*3\.13\.1t \(PYCONC_PYTHONS\)/);
  });

  it('names what it found when a version is missing, on one line', async () => {
    await expect(resolvePythons(['3.9'], options())).rejects.toThrow(
      '--python 3.9: no Python 3.9 found on PATH, pyenv, uv, asdf or PYCONC_PYTHONS (found: 3.12.1 (pyenv), 3.12.4 (pyenv), 3.11.9 (uv), 3.10.2 (asdf), 3.13.1t (PYCONC_PYTHONS), 3.14.0 (PYCONC_PYTHONS))',
    );
  });
});
