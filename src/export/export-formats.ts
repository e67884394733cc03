/**
 * The formats `--export-<format> FILE` writes, and what each holds (its flag's help). The writers
 * are in `exporters.ts`, kept apart so that `pyconc --help` declares every flag without loading a
 * reporter; a new format is one name and one description here and one writer there (the compiler
 * checks that both tables have every format).
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
