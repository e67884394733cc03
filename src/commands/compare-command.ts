import { parseCompareFlags, type RawCompareFlags } from '../compare/compare-options.js';
import { runCompare } from '../compare/run-compare.js';
import { UsageError } from '../core/errors.js';
import { checkOutputPath } from '../results/check-output-path.js';
import { writeTextAtomically } from '../results/write-text-atomically.js';
import type { CommandIo } from './command-io.js';

/**
 * `pyconc compare BASE.json [NEW.json] [-o VERDICT.json]`: prints the verdicts in the format asked
 * for, writes the verdict document with `-o`, and returns the exit code (1 on a regression or a
 * verdict named by --fail-on). Bad input throws UsageError or InputError (exit 2).
 */
export function compareCommand(files: readonly string[], flags: RawCompareFlags & { output?: string }, io: CommandIo): number {
  if (files.length > 2) throw new UsageError(`compare: expected BASE.json [NEW.json], got ${files.length} files`);
  const options = parseCompareFlags({ ...flags, color: io.color });
  if (flags.output !== undefined) checkOutputPath(flags.output);
  const outcome = runCompare(files, options);
  io.stdout.write(outcome.text);
  if (flags.output !== undefined) writeTextAtomically(flags.output, `${JSON.stringify(outcome.verdict, null, 2)}\n`);
  return outcome.exitCode;
}
