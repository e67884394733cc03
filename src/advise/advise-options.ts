import type { Mode } from '../core/modes.js';
import type { InputsFile } from './inputs-file.js';
import type { TargetSpec } from './target.js';

/** What `pyconc advise` prints on stdout, and writes with `--export-<format>`. */
export const ADVICE_FORMATS = ['table', 'markdown', 'json', 'html'] as const;
export type AdviceFormat = (typeof ADVICE_FORMATS)[number];

/** The formats `--export-<format> FILE` writes (the table is for terminals). */
export const ADVICE_EXPORT_FORMATS = ['json', 'markdown', 'html'] as const;
export type AdviceExportFormat = (typeof ADVICE_EXPORT_FORMATS)[number];

/** The default `--budget`: what the whole of `pyconc advise` may take, probe included (seconds). */
export const DEFAULT_BUDGET_S = 60;

/** Everything `pyconc advise` needs, checked once by the CLI; nothing below it reads argv. */
export interface AdviseOptions {
  readonly target: TargetSpec;
  /** The user's working directory: a module target is imported from it, relative paths resolve in it. */
  readonly cwd: string;
  /** `--tasks N` (the function gets the task index); null with `--inputs`, or when neither is given (the probe decides). */
  readonly tasks: number | null;
  readonly inputs: InputsFile | null;
  readonly setup: TargetSpec | null;
  readonly teardown: TargetSpec | null;
  /** `--sync NAME` for an async target, `--async NAME` for a sync one: the twin, in the target's module. */
  readonly syncTwin: string | null;
  readonly asyncTwin: string | null;
  readonly budgetS: number;
  readonly maxWorkers: number | null;
  /** `--modes`: only these (sequential always runs); null: every mode that can run the function. */
  readonly modes: readonly Mode[] | null;
  readonly python: string;
  readonly format: AdviceFormat;
  /** `-o FILE`: the advice document (pyconc/advice@1), written atomically. */
  readonly output: string | null;
  readonly exports: readonly { readonly format: AdviceExportFormat; readonly file: string }[];
}
