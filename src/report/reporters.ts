import type { OutputFormat } from '../core/settings.js';
import { csvReporter } from './csv-reporter.js';
import { htmlReporter } from './html-reporter.js';
import { markdownReporter } from './markdown-reporter.js';
import type { Reporter } from './reporter.js';
import { tableReporter } from './table-reporter.js';

const jsonReporter: Reporter = (document) => `${JSON.stringify(document, null, 2)}\n`;

/** The --format registry: one reporter a format. */
export const REPORTERS: Readonly<Record<OutputFormat, Reporter>> = {
  table: tableReporter,
  json: jsonReporter,
  markdown: markdownReporter,
  csv: csvReporter,
  html: htmlReporter,
};
