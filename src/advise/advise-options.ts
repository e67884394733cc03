import type { Mode } from '../core/modes.js';
import type { InputsFile } from './inputs-file.js';
import type { TargetSpec } from './target.js';

import type { AdviceExportFormat, AdviceFormat } from '../core/settings.js';

// The formats and the default budget live in core/settings.ts: `pyconc --help` reads them without loading advise/.
export { ADVICE_EXPORT_FORMATS, ADVICE_FORMATS, DEFAULT_BUDGET_S, type AdviceExportFormat, type AdviceFormat } from '../core/settings.js';

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
