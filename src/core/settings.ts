/** The small value types that every layer shares: flags, options, plans and documents all speak them. */

export const OUTPUT_FORMATS = ['table', 'json', 'markdown', 'csv', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const START_METHODS = ['fork', 'spawn', 'forkserver'] as const;
export type StartMethod = (typeof START_METHODS)[number];

/**
 * The formats `--export-<format> FILE` writes (`export/exporters.ts` has the writer of each), and
 * what each holds (its flag's help). Kept apart from the writers so that `pyconc --help` declares
 * every flag without loading a reporter; a new format is one name and one description here and one
 * writer there (the compiler checks that both tables have every format).
 */
export const EXPORT_FORMATS = ['json', 'markdown', 'csv', 'html', 'bmf', 'gab'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What each format holds, as `--export-<format>`'s help says it. */
export const EXPORT_DESCRIPTIONS: Readonly<Record<ExportFormat, string>> = {
  json: 'the results document (pyconc/results@1)',
  markdown: 'GitHub-flavoured Markdown tables',
  csv: 'one row per cell',
  html: 'a self-contained HTML report with charts',
  bmf: 'Bencher Metric Format (bencher run --adapter json)',
  gab: "github-action-benchmark's customSmallerIsBetter list",
};

/** `--export-bmf`. */
export function exportFlag(format: ExportFormat): string {
  return `--export-${format}`;
}

/** `exportBmf`: the key commander gives the value of `--export-bmf`. */
export function exportOptionKey(format: ExportFormat): string {
  return `export${format.charAt(0).toUpperCase()}${format.slice(1)}`;
}

/** What `pyconc history report --format` takes. */
export const HISTORY_REPORT_FORMATS = ['html', 'markdown'] as const;
export type HistoryReportFormat = (typeof HISTORY_REPORT_FORMATS)[number];

/** What a new scenario's tasks do (`pyconc init --kind`): wait (io), compute in pure Python (cpu), or both in turn (mixed). */
export const INIT_KINDS = ['io', 'cpu', 'mixed'] as const;
export type InitKind = (typeof INIT_KINDS)[number];

/** A scenario parameter's value. */
export type ParamValue = number | string;

/** A worker count as a scenario or a flag gives it: a number, or `auto` (the usable CPUs). */
export type WorkerCount = number | 'auto';

/** How many samples a cell takes (adaptive stopping). */
export interface SamplingSettings {
  readonly minRuns: number;
  readonly maxRuns: number;
  readonly warmup: number;
  /** Target relative half-width of the median's 95% CI (0.03 = ±3%). */
  readonly precision: number;
  readonly maxTimeS: number;
  readonly timeoutS: number;
  /** Values per sample process (`--values-per-process`): the tasks run K times in one process; absent is 1. */
  readonly valuesPerProcess?: number;
}

/** Why a cell stopped sampling; `settled`: in an A/B run, its pair's ratio interval cleared the threshold band one way or the other. */
export const STOP_REASONS = ['max-runs', 'precision', 'max-time', 'settled'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** Which interval the precision target judged: the whole sample's wall time, or the warm work time (K > 1 values per process). */
export const STOP_STATISTICS = ['wall', 'warm-work'] as const;
export type StopStatistic = (typeof STOP_STATISTICS)[number];

/** What `pyconc advise` prints on stdout, and writes with `--export-<format>`. */
export const ADVICE_FORMATS = ['table', 'markdown', 'json', 'html'] as const;
export type AdviceFormat = (typeof ADVICE_FORMATS)[number];

/** The formats `pyconc advise --export-<format> FILE` writes (the table is for terminals). */
export const ADVICE_EXPORT_FORMATS = ['json', 'markdown', 'html'] as const;
export type AdviceExportFormat = (typeof ADVICE_EXPORT_FORMATS)[number];

/** The default `pyconc advise --budget`: what the whole may take, probe included (seconds). */
export const DEFAULT_BUDGET_S = 60;
