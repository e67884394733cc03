import type { ResultsDocument } from '../results/results-schema.js';
import { groupRows } from './cell-columns.js';
import { formatParams } from '../core/cell-key.js';
import { groupCells } from './group-cells.js';
import { groupColumns, reportSettings } from './group-columns.js';
import type { Reporter } from './reporter.js';

/** Text from workloads and scenario files is data: escape what Markdown would interpret. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

/** GitHub-flavoured Markdown, for PR comments and job summaries. */
export const markdownReporter: Reporter = (document: ResultsDocument) => {
  const reportOf = reportSettings(document);
  const out: string[] = [];
  for (const group of groupCells(document)) {
    const variant = group.variant === undefined ? '' : ` · ${group.variant}`;
    out.push(`### ${escapeMarkdown(group.scenario)} · ${escapeMarkdown(group.python)} · ${escapeMarkdown(formatParams(group.params))}${variant}`, '');
    const { rows, notes } = groupRows(group.cells);
    const columns = groupColumns(rows, reportOf(group.scenario));
    out.push(`| ${columns.map((column) => escapeMarkdown(column.title)).join(' | ')} |`);
    out.push(`|${columns.map((column) => (column.align === 'left' ? ' --- |' : ' ---: |')).join('')}`);
    for (const row of rows) out.push(`| ${columns.map((column) => escapeMarkdown(column.text(row))).join(' | ')} |`);
    if (notes.length > 0) out.push('', ...notes.map((note, index) => `${index + 1}. ${escapeMarkdown(note)}`));
    out.push('');
  }
  if (document.findings.length > 0) {
    out.push('### Findings', '');
    for (const finding of document.findings) {
      out.push(`- **${finding.verdict}** ${escapeMarkdown(finding.scenario)}: ${escapeMarkdown(finding.claim)} (${escapeMarkdown(finding.evidence)})`);
    }
    out.push('');
  }
  if (document.warnings.length > 0) {
    out.push('### Warnings', '');
    for (const warning of document.warnings) out.push(`- ${escapeMarkdown(warning.message)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
};
