import type { Reporter } from '../report/reporter.js';
import { htmlReport } from '../report/html-reporter.js';
import { REPORTERS } from '../report/reporters.js';
import { bmfExporter } from './bmf-exporter.js';
import type { Exporter } from './exporter.js';
import { gabExporter } from './gab-exporter.js';

/** The formats `--export-<format> FILE` writes; a new format is one more name here and one more row below. */
export const EXPORT_FORMATS = ['json', 'markdown', 'csv', 'html', 'bmf', 'gab'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One row of the registry: how to write the format, and its help text for `--export-<format>`. */
export interface ExportFormatRow {
  readonly exporter: Exporter;
  readonly description: string;
}

/** A report format as an export: files and CI logs get no colour. */
function fromReporter(reporter: Reporter): Exporter {
  return (document) => reporter(document, { color: false });
}

/** The --export-<format> registry. */
export const EXPORTERS: Readonly<Record<ExportFormat, ExportFormatRow>> = {
  json: { exporter: fromReporter(REPORTERS.json), description: 'the results document (pyconc/results@1)' },
  markdown: { exporter: fromReporter(REPORTERS.markdown), description: 'GitHub-flavoured Markdown tables' },
  csv: { exporter: fromReporter(REPORTERS.csv), description: 'one row per cell' },
  html: { exporter: htmlReport, description: 'a self-contained HTML report with charts' },
  bmf: { exporter: bmfExporter, description: 'Bencher Metric Format (bencher run --adapter json)' },
  gab: { exporter: gabExporter, description: "github-action-benchmark's customSmallerIsBetter list" },
};

/** `--export-bmf`. */
export function exportFlag(format: ExportFormat): string {
  return `--export-${format}`;
}

/** `exportBmf`: the key commander gives the value of `--export-bmf`. */
export function exportOptionKey(format: ExportFormat): string {
  return `export${format.charAt(0).toUpperCase()}${format.slice(1)}`;
}
