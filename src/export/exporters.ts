import type { Reporter } from '../report/reporter.js';
import { htmlReport } from '../report/html-reporter.js';
import { REPORTERS } from '../report/reporters.js';
import { bmfExporter } from './bmf-exporter.js';
import type { ExportFormat } from '../core/settings.js';
import type { Exporter } from './exporter.js';
import { gabExporter } from './gab-exporter.js';

/** A report format as an export: files and CI logs get no colour. */
function fromReporter(reporter: Reporter): Exporter {
  return (document) => reporter(document, { color: false });
}

/** The --export-<format> registry: how each format is written (`core/settings.ts` names them and says what each holds). */
export const EXPORTERS: Readonly<Record<ExportFormat, Exporter>> = {
  json: fromReporter(REPORTERS.json),
  markdown: fromReporter(REPORTERS.markdown),
  csv: fromReporter(REPORTERS.csv),
  html: htmlReport,
  bmf: bmfExporter,
  gab: gabExporter,
};
