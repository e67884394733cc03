import type { ResultsDocument } from '../results/results-schema.js';
import { cellColumns, cellNote, COLUMN_TITLES, type CellColumns } from './cell-columns.js';
import { formatParams } from './format-units.js';
import { groupCells } from './group-cells.js';
import type { Reporter } from './reporter.js';

const ORDER: (keyof CellColumns)[] = ['mode', 'workers', 'wall', 'speedup', 'efficiency', 'cpu', 'rss', 'status'];

/** Text from workloads and scenario files is data: escape what Markdown would interpret. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

/** GitHub-flavoured Markdown, for PR comments and job summaries. */
export const markdownReporter: Reporter = (document: ResultsDocument) => {
  const out: string[] = [];
  for (const group of groupCells(document)) {
    out.push(`### ${escapeMarkdown(group.scenario)} · ${escapeMarkdown(group.python)} · ${escapeMarkdown(formatParams(group.params))}`, '');
    out.push(`| ${ORDER.map((column) => COLUMN_TITLES[column]).join(' | ')} |`);
    out.push(`|${ORDER.map((column) => (column === 'mode' || column === 'status' ? ' --- |' : ' ---: |')).join('')}`);
    const notes: string[] = [];
    for (const cell of group.cells) {
      const note = cellNote(cell);
      if (note !== null) notes.push(note);
      const columns = cellColumns(cell, note === null ? '' : ` [${notes.length}]`);
      out.push(`| ${ORDER.map((column) => escapeMarkdown(columns[column])).join(' | ')} |`);
    }
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
