import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

/** Fails before the run starts when the results file could not be written; never touches the file. */
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
}
