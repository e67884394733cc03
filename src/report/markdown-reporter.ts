import type { Cell, ResultsDocument } from '../results/results-schema.js';
import { groupRows, warmView, type CellColumns } from './cell-columns.js';
import { meanText, rangeText } from './cell-detail.js';
import { formatParams } from '../core/cell-key.js';
import { groupCells } from './group-cells.js';
import { interpreterComparisons, interpreterViewCells } from './interpreter-view.js';
import { findingsSummary, verdictText } from './findings-text.js';
import { groupColumns, reportSettings, rowContexts, type TableColumn } from './group-columns.js';
import { recommendationFor } from './recommendation-lines.js';
import { runHeader } from './run-header.js';
import type { Reporter } from './reporter.js';

/** Text from workloads and scenario files is data: escape what Markdown would interpret. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

/**
 * The wall column followed by `mean ± σ` and `min … max` of the cell's wall times: what hyperfine's
 * markdown export shows, for readers who compare the two (the terminal table has no room for them;
 * `pyconc report FILE --cell ID` shows one cell's in full), after the warm work where that is beside
 * it. Where the wall column is not shown (warm values instead of cold), the columns are as they were.
 */
function withSpread(columns: TableColumn[], rows: readonly CellColumns[], cells: readonly Cell[]): TableColumn[] {
  if (!columns.some((column) => column.id === 'wall')) return columns;
  // After the time columns: the wall, and the warm work beside it where there is one.
  const at = columns.findLastIndex((column) => column.id === 'wall' || column.id === 'warm');
  const stats = (row: CellColumns) => cells[rows.indexOf(row)]?.summary?.wallNs;
  const spread = (title: string, text: (value: NonNullable<ReturnType<typeof stats>>) => string): TableColumn => ({
    id: 'wall',
    title,
    align: 'right',
    text: (row) => {
      const value = stats(row);
      return value === undefined ? '–' : text(value);
    },
  });
  return [...columns.slice(0, at + 1), spread('mean ± σ', meanText), spread('min … max', rangeText), ...columns.slice(at + 1)];
}

/** GitHub-flavoured Markdown, for PR comments and job summaries. */
export const markdownReporter: Reporter = (document: ResultsDocument, { show = 'auto' } = { color: false }) => {
  const reportOf = reportSettings(document);
  const contextOf = rowContexts(document);
  const titles = new Map((document.scenarios ?? []).map((scenario) => [scenario.name, scenario.title]));
  const out: string[] = [`_${escapeMarkdown(runHeader(document))}_`, ''];
  const groups = groupCells(document);
  const lastTableOf = new Map(groups.map((group) => [group.scenario, group]));
  const views = interpreterComparisons(document);
  const recommendationOf = recommendationFor(document);
  for (const group of groups) {
    const variant = group.variant === undefined ? '' : ` · ${group.variant}`;
    const title = titles.get(group.scenario);
    out.push(`### ${escapeMarkdown(group.scenario)}${title === undefined ? '' : ` — ${escapeMarkdown(title)}`} · ${escapeMarkdown(group.python)} · ${escapeMarkdown(formatParams(group.params))}${variant}`, '');
    const { rows, notes, legend, titles: columnTitles } = groupRows(group.cells, contextOf(group.scenario), show);
    const columns = withSpread(groupColumns(rows, reportOf(group.scenario), columnTitles, warmView(group.cells, show)), rows, group.cells);
    out.push(`| ${columns.map((column) => escapeMarkdown(column.title)).join(' | ')} |`);
    out.push(`|${columns.map((column) => (column.align === 'left' ? ' --- |' : ' ---: |')).join('')}`);
    for (const row of rows) out.push(`| ${columns.map((column) => escapeMarkdown(column.text(row))).join(' | ')} |`);
    if (notes.length > 0) out.push('', ...notes.map((note, index) => `${index + 1}. ${escapeMarkdown(note)}`));
    if (legend.length > 0) out.push('', ...legend.map((line) => `${escapeMarkdown(line)}  `));
    const recommendation = recommendationOf(group.cells)?.text;
    if (recommendation !== undefined) out.push('', `> **${escapeMarkdown(recommendation)}**`);
    out.push('');
    if (lastTableOf.get(group.scenario) !== group) continue;
    for (const view of views.filter((one) => one.scenario === group.scenario)) {
      const [head = [], ...body] = interpreterViewCells(view);
      out.push(`#### ${escapeMarkdown(view.scenario)} by interpreter · ${escapeMarkdown(formatParams(view.params))}${view.variant === undefined ? '' : ` · ${view.variant}`}`, '');
      out.push(`| ${head.map(escapeMarkdown).join(' | ')} |`, '| --- | --- | ---: | ---: |', ...body.map((line) => `| ${line.map(escapeMarkdown).join(' | ')} |`), '');
    }
  }
  const { measured, notMeasuredLine } = findingsSummary(document);
  if (document.findings.length > 0) {
    out.push('### Findings', '');
    if (notMeasuredLine !== null) out.push(`- ${escapeMarkdown(notMeasuredLine)}`);
    for (const finding of measured) {
      out.push(`- **${verdictText(finding)}** ${escapeMarkdown(finding.scenario)}: ${escapeMarkdown(finding.claim)} (${escapeMarkdown(finding.evidence)})`);
    }
    out.push('');
  }
  const compared = views.flatMap((view) => view.findings);
  if (compared.length > 0) {
    out.push('### Interpreters compared', '', 'Ratios are median(first interpreter) / median(this one) with a 95% bootstrap CI: above 1× is faster.', '');
    for (const finding of compared) out.push(`- **${escapeMarkdown(finding.subject)}**: ${escapeMarkdown(finding.text)}`);
    out.push('');
  }
  if (document.warnings.length > 0) {
    out.push('### Warnings', '');
    for (const warning of document.warnings) out.push(`- ${warning.scenario === undefined ? '' : `${escapeMarkdown(warning.scenario)}: `}${escapeMarkdown(warning.message)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
};
