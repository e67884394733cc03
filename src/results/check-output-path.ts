import { accessSync, closeSync, constants, openSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';

/**
 * Fails before the run starts when the results file could not be written; never touches the file
 * itself. Permission bits say little to root or on a read-only or virtual file system, so the
 * directory is also probed the way the results will be written: a temporary file created beside
 * the target (then removed).
 */
export function checkOutputPath(file: string): void {
  const dir = path.dirname(path.resolve(file));
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new InputError(`--output ${file}: directory ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) throw new InputError(`--output ${file}: ${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError(`--output ${file}: directory ${dir} is not writable`);
  }
  try {
    if (statSync(file).isDirectory()) throw new InputError(`--output ${file}: is a directory`);
    accessSync(file, constants.W_OK);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`--output ${file}: not writable`);
  }
  const probe = path.join(dir, `.${path.basename(file)}.${process.pid}.probe`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    throw new InputError(`--output ${file}: cannot create files in ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    rmSync(probe, { force: true });
  }
}
