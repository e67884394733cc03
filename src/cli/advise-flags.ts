import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { AdviceFormat, AdviseOptions } from '../advise/advise-options.js';
import { ADVICE_EXPORT_FORMATS, ADVICE_FORMATS, DEFAULT_BUDGET_S } from '../core/settings.js';
import { readInputsFile } from '../advise/inputs-file.js';
import { parseTarget, parseTwin } from '../advise/target.js';
import { checkOutputPath } from '../results/check-output-path.js';
import { parseModes } from './parse-run-flags.js';

/** The flags of `pyconc advise` as commander hands them over. */
export interface RawAdviseFlags {
  tasks?: string;
  inputs?: string;
  setup?: string;
  teardown?: string;
  sync?: string;
  async?: string;
  budget?: string;
  maxWorkers?: string;
  modes?: string;
  python?: string;
  format?: string;
  output?: string;
  exportJson?: string;
  exportMarkdown?: string;
  exportHtml?: string;
}

function integer(flag: string, value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < 1) throw new UsageError(`${flag}: expected an integer ≥ 1, got "${value}"`);
  return number;
}

/** The `--export-<format>` requests, refusing two writers of one file (or of stdout). */
function adviceExports(flags: RawAdviseFlags): AdviseOptions['exports'] {
  const owners = new Map<string, string>(flags.output === undefined ? [] : [[path.resolve(flags.output), '--output']]);
  const files = { json: flags.exportJson, markdown: flags.exportMarkdown, html: flags.exportHtml };
  const requests: { format: (typeof ADVICE_EXPORT_FORMATS)[number]; file: string }[] = [];
  for (const format of ADVICE_EXPORT_FORMATS) {
    const file = files[format];
    if (file === undefined) continue;
    const target = file === '-' ? '-' : path.resolve(file);
    const owner = owners.get(target);
    if (owner !== undefined) throw new UsageError(`${owner} and --export-${format} both write ${file === '-' ? 'to stdout' : file}`);
    owners.set(target, `--export-${format}`);
    if (file !== '-') checkOutputPath(file);
    requests.push({ format, file });
  }
  return requests;
}

/** Turns `pyconc advise` flags into options, checking each and the rules between them once (files included: nothing runs before). */
export function parseAdviseOptions(targetText: string, flags: RawAdviseFlags, cwd: string): AdviseOptions {
  if (flags.tasks !== undefined && flags.inputs !== undefined) throw new UsageError('--tasks and --inputs: give one (with --inputs each line is a task)');
  const target = parseTarget('TARGET', targetText, cwd);
  const format = flags.format ?? 'table';
  if (!(ADVICE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: expected one of ${ADVICE_FORMATS.join(', ')}, got "${format}"`);
  const budget = Number(flags.budget ?? DEFAULT_BUDGET_S);
  if (flags.budget !== undefined && (flags.budget.trim() === '' || !Number.isFinite(budget) || budget <= 0)) throw new UsageError(`--budget: expected a positive number of seconds, got "${flags.budget}"`);
  if (flags.sync !== undefined && flags.async !== undefined) throw new UsageError('--sync and --async: name the one twin the target does not have (--sync for an async def target, --async for a sync one)');
  const pythons = (flags.python ?? 'python3').split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (pythons.length !== 1) throw new UsageError(`--python: advise measures one interpreter at a time, got "${flags.python ?? ''}"`);
  if (flags.output !== undefined) checkOutputPath(flags.output);
  return {
    target,
    cwd,
    tasks: flags.tasks === undefined ? null : integer('--tasks', flags.tasks),
    inputs: flags.inputs === undefined ? null : readInputsFile(flags.inputs, cwd),
    setup: flags.setup === undefined ? null : parseTarget('--setup', flags.setup, cwd),
    teardown: flags.teardown === undefined ? null : parseTarget('--teardown', flags.teardown, cwd),
    syncTwin: flags.sync === undefined ? null : parseTwin('--sync', flags.sync),
    asyncTwin: flags.async === undefined ? null : parseTwin('--async', flags.async),
    budgetS: budget,
    maxWorkers: flags.maxWorkers === undefined ? null : integer('--max-workers', flags.maxWorkers),
    modes: flags.modes === undefined ? null : parseModes(flags.modes),
    python: pythons[0] ?? 'python3',
    format: format as AdviceFormat,
    output: flags.output ?? null,
    exports: adviceExports(flags),
  };
}
