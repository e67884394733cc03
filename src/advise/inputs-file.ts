import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';

/** An `--inputs` file, checked: where it is and how many tasks it makes (one a non-blank line). */
export interface InputsFile {
  /** As given on the command line. */
  readonly given: string;
  readonly absolute: string;
  readonly count: number;
}

/**
 * Reads `--inputs FILE.jsonl` once, before anything runs: one JSON value per line (blank lines are
 * skipped), each line parsed here so that a malformed one is named by its number, not met by a
 * process pool half-way through an experiment.
 */
export function readInputsFile(given: string, cwd: string): InputsFile {
  const absolute = path.resolve(cwd, given);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`--inputs ${given}: ${code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read it (${code ?? String(error)})`}`);
  }
  let count = 0;
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    try {
      JSON.parse(line);
    } catch (error) {
      const what = (error as Error).message.replace(/\s+/g, ' ');
      throw new InputError(`--inputs ${given}: line ${index + 1} is not JSON (${what}); expected JSON Lines, one value per line`);
    }
    count += 1;
  }
  if (count === 0) throw new InputError(`--inputs ${given}: no inputs (expected JSON Lines, one value per line)`);
  return { given, absolute, count };
}
