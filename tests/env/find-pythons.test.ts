import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findPythonsOnPath,
  isPythonCommandName,
  isVersionManagerShim,
} from '../../src/env/find-pythons.js';

const ELF = '\x7fELF\x02\x01\x01 fake interpreter that mentions pyenv in its strings';
const PYENV_SHIM =
  '#!/usr/bin/env bash\nset -e\nexport PYENV_ROOT="/home/u/.pyenv"\n' +
  'exec "/home/u/.pyenv/libexec/pyenv" exec "$program" "$@"\n';
const ASDF_SHIM =
  '#!/usr/bin/env bash\n# asdf-plugin: python 3.12.1\nexec /home/u/.asdf/bin/asdf exec "python3" "$@"\n';
const WRAPPER = '#!/bin/sh\nexec /usr/bin/python3 "$@"\n';

let tmp: string;
const dir = (name: string): string => path.join(tmp, name);

async function file(at: string, content: string, mode: number): Promise<void> {
  await writeFile(at, content);
  await chmod(at, mode); // explicit: the umask must not decide what is executable
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'pyconc-find-pythons-'));
  for (const name of ['shims', 'bin', 'alias', 'mise']) await mkdir(dir(name));

  await file(path.join(dir('shims'), 'python3.12'), PYENV_SHIM, 0o755);
  await file(path.join(dir('shims'), 'python3'), ASDF_SHIM, 0o755);

  await file(path.join(dir('bin'), 'python3.12'), ELF, 0o755);
  await symlink('python3.12', path.join(dir('bin'), 'python3')); // same file as python3.12
  await file(path.join(dir('bin'), 'python3.13t'), ELF, 0o755);
  await file(path.join(dir('bin'), 'python3.9'), WRAPPER, 0o755);
  await file(path.join(dir('bin'), 'python3.11'), ELF, 0o644); // not executable
  await file(path.join(dir('bin'), 'python3.31'), ELF, 0o755); // beyond 3.30
  await file(path.join(dir('bin'), 'python3-config'), WRAPPER, 0o755); // not an interpreter
  await symlink('missing', path.join(dir('bin'), 'python3.10')); // broken link
  await mkdir(path.join(dir('bin'), 'python')); // a directory, searchable but not a program

  await symlink(path.join(dir('bin'), 'python3.12'), path.join(dir('alias'), 'python3.12'));

  // mise shims are symlinks to the mise binary: one target, different interpreters.
  await file(path.join(dir('mise'), 'mise'), ELF, 0o755);
  await symlink('mise', path.join(dir('mise'), 'python3.11'));
  await symlink('mise', path.join(dir('mise'), 'python3.12'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('isPythonCommandName', () => {
  it('accepts python, python3, python3.N and python3.Nt up to 3.30', () => {
    for (const name of ['python', 'python3', 'python3.9', 'python3.13t', 'python3.30']) {
      expect(isPythonCommandName(name), name).toBe(true);
    }
    for (const name of ['python2', 'python3.31', 'python3-config', 'python3.12m', 'pythonw', 'py']) {
      expect(isPythonCommandName(name), name).toBe(false);
    }
  });
});

describe('isVersionManagerShim', () => {
  it('recognises pyenv and asdf scripts, and mise by its binary name', async () => {
    expect(await isVersionManagerShim(path.join(dir('shims'), 'python3.12'))).toBe(true);
    expect(await isVersionManagerShim(path.join(dir('shims'), 'python3'))).toBe(true);
    expect(await isVersionManagerShim(path.join(dir('mise'), 'mise'))).toBe(true);
  });

  it('does not flag binaries or plain wrapper scripts', async () => {
    // The fake ELF mentions pyenv, but only a script (#!) can be a shim.
    expect(await isVersionManagerShim(path.join(dir('bin'), 'python3.12'))).toBe(false);
    expect(await isVersionManagerShim(path.join(dir('bin'), 'python3.9'))).toBe(false);
    expect(await isVersionManagerShim(path.join(tmp, 'nothing-here'))).toBe(false);
  });
});

describe('findPythonsOnPath', () => {
  it('lists interpreters in PATH order, deduplicated by real path', async () => {
    const PATH = [
      dir('shims'),
      '', // empty entry = current directory: skipped
      'relative/bin',
      dir('bin'),
      dir('nonexistent'),
      dir('alias'),
      dir('mise'),
      dir('bin'), // listed twice
    ].join(path.delimiter);
    const found = await findPythonsOnPath({ PATH });
    const bin = (name: string): string => path.join(dir('bin'), name);

    expect(found.map((p) => [p.command, p.path, p.isShim])).toEqual([
      ['python3', path.join(dir('shims'), 'python3'), true],
      ['python3.12', path.join(dir('shims'), 'python3.12'), true],
      ['python3', bin('python3'), false],
      ['python3.9', bin('python3.9'), false],
      ['python3.13t', bin('python3.13t'), false],
      ['python3.11', path.join(dir('mise'), 'python3.11'), true],
      ['python3.12', path.join(dir('mise'), 'python3.12'), true],
    ]);

    const python3 = found[2];
    expect(python3?.realPath).toBe(bin('python3.12'));
    expect(python3?.aliases).toEqual([bin('python3.12'), path.join(dir('alias'), 'python3.12')]);
    expect(found[5]?.realPath).toBe(path.join(dir('mise'), 'mise'));
  });

  it('returns nothing for an empty or missing PATH', async () => {
    expect(await findPythonsOnPath({})).toEqual([]);
    expect(await findPythonsOnPath({ PATH: '' })).toEqual([]);
  });
});
