import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { onExitCleanUp } from '../core/exit-cleanup.js';

/** The private temporary directories of the runs in progress, for an exit that cannot wait for `finally`. */
const liveRunDirs = new Set<string>();

/** Makes a run's private temporary directory under `root` (default: TMPDIR); nothing a run names becomes part of the path. */
export function createRunTempDir(root = os.tmpdir()): string {
  let dir: string;
  try {
    dir = mkdtempSync(path.join(root, 'pyconc-'));
  } catch (error) {
    throw new InputError(`cannot create a temporary directory in ${root} (${(error as NodeJS.ErrnoException).code ?? String(error)}); set TMPDIR to a writable directory`);
  }
  liveRunDirs.add(dir);
  return dir;
}

/** Removes one run's directory. */
export function removeRunTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  liveRunDirs.delete(dir);
}

/** Removes the temporary directories of every run in progress, synchronously (a second Ctrl-C exits at once). */
export function removeRunTempDirs(): void {
  for (const dir of liveRunDirs) rmSync(dir, { recursive: true, force: true });
  liveRunDirs.clear();
}

// A process that must exit at once leaves no run folder behind.
onExitCleanUp(removeRunTempDirs);
