import Table from 'cli-table3';
import { paint } from '../core/colors.js';
import { escapeMarkdown } from '../report/markdown-reporter.js';
import type { AdviceExportFormat, AdviceFormat } from './advise-options.js';
import { adviceHtml } from './advice-html.js';
import type { Advice } from './advice-schema.js';
import { header, headline, modelRows, notRun, probeFacts } from './advice-text.js';

/** Turns an advice document into text for stdout or a file; pure. */
export type AdviceReporter = (advice: Advice, options: { readonly color: boolean }) => string;

/** The terminal's advice: the probe, the recommendation with its code, every model tried, the notes. */
export const adviceTable: AdviceReporter = (advice, { color }) => {
  const c = paint(color);
  const out = [c.dim(header(advice)), '', `${c.bold('Probe')}: ${advice.probe.classification}: ${advice.probe.why}`, c.dim(`  ${probeFacts(advice)}`), ''];
  out.push(`${c.bold(advice.verdict === 'parallelise' ? c.green('Recommendation') : 'Advice')}: ${headline(advice)}`);
  if (advice.recommendation !== null) {
    out.push(`  ${advice.recommendation.why}`, '', ...advice.recommendation.snippet.split('\n').map((line) => (line === '' ? '' : `    ${line}`)), '');
  }
  const rows = modelRows(advice);
  if (rows.length > 0) {
    const widths = [24, 22, 13, 38];
    const table = new Table({ head: ['model', 'speedup (95% CI)', 'verdict', 'why'], colWidths: widths, wordWrap: true, style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true } });
    table.push(...rows.map((row) => [row.model, row.speedup, row.verdict, row.why]));
    out.push('Every model tried, against one loop (sequential):', table.toString());
  }
  const skipped = notRun(advice);
  if (skipped.length > 0) out.push('Not run:', ...skipped.map((line) => c.dim(`  ${line}`)));
  if (advice.notes.length > 0) out.push('', ...advice.notes.map((note) => c.yellow(`note: ${note}`)));
  return `${out.join('\n').trimEnd()}\n`;
};

/** The advice as GitHub-flavoured Markdown (a PR comment, a job summary). */
export const adviceMarkdown: AdviceReporter = (advice) => {
  const out = [`_${escapeMarkdown(header(advice))}_`, '', `### ${escapeMarkdown(headline(advice))}`, ''];
  out.push(`**Probe**: ${escapeMarkdown(advice.probe.classification)}: ${escapeMarkdown(advice.probe.why)}  `, escapeMarkdown(probeFacts(advice)), '');
  if (advice.recommendation !== null) out.push(escapeMarkdown(advice.recommendation.why), '', '```python', advice.recommendation.snippet, '```', '');
  const rows = modelRows(advice);
  if (rows.length > 0) {
    out.push('| model | speedup (95% CI) | verdict | why |', '| --- | ---: | --- | --- |');
    for (const row of rows) out.push(`| ${escapeMarkdown(row.model)} | ${escapeMarkdown(row.speedup)} | ${escapeMarkdown(row.verdict)} | ${escapeMarkdown(row.why)} |`);
    out.push('');
  }
  const skipped = notRun(advice);
  if (skipped.length > 0) out.push('Not run:', '', ...skipped.map((line) => `- ${escapeMarkdown(line)}`), '');
  for (const note of advice.notes) out.push(`- ${escapeMarkdown(note)}`);
  return `${out.join('\n').trimEnd()}\n`;
};

/** The advice document itself (pyconc/advice@1). */
export const adviceJson: AdviceReporter = (advice) => `${JSON.stringify(advice, null, 2)}\n`;

/** The --format registry of `pyconc advise`, one reporter a format (the export formats are a subset). */
export const ADVICE_REPORTERS: Readonly<Record<AdviceFormat, AdviceReporter>> & Readonly<Record<AdviceExportFormat, AdviceReporter>> = {
  table: adviceTable,
  markdown: adviceMarkdown,
  json: adviceJson,
  html: (advice) => adviceHtml(advice),
};
