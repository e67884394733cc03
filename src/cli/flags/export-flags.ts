import type { Command } from 'commander';
import { EXPORT_DESCRIPTIONS, EXPORT_FORMATS, exportFlag } from '../../export/export-formats.js';

/** `--export-<format> FILE` for every export format, and `--no-step-summary` (run and report). */
export function addExportOptions(command: Command): Command {
  for (const format of EXPORT_FORMATS) command.option(`${exportFlag(format)} <file>`, `also write ${EXPORT_DESCRIPTIONS[format]} to FILE (- for stdout)`);
  return command.option('--no-step-summary', 'do not append the markdown summary to $GITHUB_STEP_SUMMARY (appended when that variable is set)');
}
