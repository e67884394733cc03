import { htmlComparison } from '../html/comparison-page.js';
/**
 * The three outputs of `pyconc compare`, each headed by the one-line verdict and listing
 * pairs worst first (the order of the verdict document): a text table for terminals and CI
 * logs, Markdown for a PR comment or `$GITHUB_STEP_SUMMARY`, and the JSON verdict document.
 */
import Table from 'cli-table3';
import { paint } from '../core/colors.js';
import { shortNames } from '../core/short-names.js';
import { escapeMarkdown } from '../report/markdown-reporter.js';
import { METRICS } from './compare-metrics.js';
import type { CompareFormat } from './compare-options.js';
import { gateLine } from './compare-summary.js';
import { cannotPass, formatChange } from './verdict-rule.js';
import type { PairVerdict, Verdict, VerdictDocument } from './verdict-schema.js';

/** Renders a verdict document; `color` only matters to the table. */
export type CompareReporter = (document: VerdictDocument, options: { color: boolean }) => string;

/** Tables are read in terminals and CI logs: no wider than this. */
export const MAX_COMPARE_WIDTH = 100;

type Painter = ReturnType<typeof paint>;
const VERDICT_COLORS: Readonly<Record<Verdict, keyof Painter>> = {
  regression: 'red',
  failed: 'red',
  missing: 'yellow',
  inconclusive: 'yellow',
  new: 'cyan',
  improvement: 'green',
  unchanged: 'dim',
};

function medianText(document: VerdictDocument, side: PairVerdict['baseline']): string {
  if (side === null) return '–';
  return side.median === null ? side.status : METRICS[document.settings.metric].format(side.median);
}

function sizes(pair: PairVerdict): string {
  return `${pair.baseline?.n ?? '–'}/${pair.candidate?.n ?? '–'}`;
}

function change(pair: PairVerdict): string {
  if (pair.ratio === null) return '–';
  return `${formatChange(pair.ratio.value)} (${formatChange(pair.ratio.ciLow)}…${formatChange(pair.ratio.ciHigh)})`;
}

function pValue(p: number | null): string {
  if (p === null) return '–';
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/** What a reader should know beyond the row: why it failed, what an inconclusive pair needs. */
export function pairNote(pair: PairVerdict): string | undefined {
  const parts: string[] = [];
  if (pair.reason !== undefined) parts.push(pair.reason);
  // The interval's half-width, per cell and before the correction: beside an observed +47% that the
  // corrected test could not confirm, "smallest detectable change ±20%" read as a contradiction.
  if (pair.detectable !== undefined && Number.isFinite(pair.detectable) && !cannotPass(pair.reason)) {
    parts.push(`95% CI half-width ±${(pair.detectable * 100).toFixed(1)}% (per cell, before the correction)`);
  }
  if (pair.samplesNeeded !== undefined) {
    const { perSide, capped } = pair.samplesNeeded;
    parts.push(capped ? `more than ${perSide} samples per side needed` : `about ${perSide} samples per side would settle it`);
  }
  return parts.length === 0 ? undefined : parts.join('; ');
}

const HEAD = ['verdict', 'cell', 'n', 'baseline', 'candidate', 'change (95% CI)', 'p adj'];
const CELL_COLUMN = 1;

function widthOf(text: string): number {
  // eslint-disable-next-line no-control-regex
  return Math.max(...text.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((line) => line.length));
}

/** A cell name over lines of at most `width` characters, broken after its slashes where it can be. */
export function wrapName(name: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const segment of name.split(/(?<=\/)/)) {
    if (line !== '' && line.length + segment.length > width) {
      lines.push(line);
      line = '';
    }
    line += segment;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** Text over lines of at most MAX_COMPARE_WIDTH columns, broken at spaces, every line after the first indented. */
function wrapText(text: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > MAX_COMPARE_WIDTH) {
      lines.push(line);
      line = indent + word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

function renderTable(body: string[][], color: boolean): string {
  const table = new Table({
    head: HEAD,
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
  });
  table.push(...body);
  return table.toString();
}

/**
 * The verdict line, a table worst first, numbered notes below. Cell names are cut to what differs
 * between the rows (what they share is said once above the table; the JSON keeps full names), and
 * wrap only if the table is still wider than 100 columns.
 */
export const tableCompareReporter: CompareReporter = (document, { color }) => {
  const c = paint(color);
  const notes: string[] = [];
  const short = shortNames(document.pairs.map((pair) => pair.name));
  const body = document.pairs.map((pair, index) => {
    const note = pairNote(pair);
    if (note !== undefined) notes.push(wrapText(`[${notes.length + 1}] ${note}`, '    '));
    const label = `${pair.verdict}${note === undefined ? '' : ` [${notes.length}]`}`;
    const medians = [medianText(document, pair.baseline), medianText(document, pair.candidate)];
    return [c[VERDICT_COLORS[pair.verdict]](label), short.names[index] ?? pair.name, sizes(pair), ...medians, change(pair), pValue(pair.pAdjusted)];
  });
  const out = [c.bold(document.summary.line)];
  if (short.common.length > 0) out.push(c.dim(wrapText(`every cell: ${short.common.join(' · ')}`, '  ')));
  if (body.length > 0) {
    let table = renderTable(body, color);
    const excess = widthOf(table) - MAX_COMPARE_WIDTH;
    if (excess > 0) {
      // Only the names can give way: wrap them to the width the other columns leave.
      const longest = Math.max(...body.map((row) => (row[CELL_COLUMN] ?? '').length));
      const width = Math.max(12, longest - excess);
      table = renderTable(body.map((row) => row.map((text, column) => (column === CELL_COLUMN ? wrapName(text, width) : text))), color);
    }
    out.push(table);
  }
  out.push(...notes.map((note) => c.dim(note)));
  const gate = gateLine(document.summary.counts, document.settings.failOn);
  if (gate !== undefined) out.push(c.red(gate));
  out.push(...document.warnings.map((warning) => c.yellow(wrapText(`warning: ${warning.message}`, '  '))));
  const { metric } = document.settings;
  out.push(c.dim(wrapText(`metric ${metric}: ${METRICS[metric].description}; change = candidate / baseline − 1 of the medians`, '  ')));
  return `${out.join('\n')}\n`;
};

function markdownRows(document: VerdictDocument, pairs: readonly PairVerdict[]): string[] {
  const rows = ['| Verdict | Cell | n | Baseline | Candidate | Change (95% CI) | p adj. | Note |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |'];
  for (const pair of pairs) {
    const cells = [
      `**${pair.verdict}**`,
      `\`${pair.name.replace(/`/g, "'")}\``,
      sizes(pair),
      escapeMarkdown(medianText(document, pair.baseline)),
      escapeMarkdown(medianText(document, pair.candidate)),
      escapeMarkdown(change(pair)),
      escapeMarkdown(pValue(pair.pAdjusted)),
      escapeMarkdown(pairNote(pair) ?? ''),
    ];
    rows.push(`| ${cells.join(' | ')} |`);
  }
  return rows;
}

/** The verdict line first, then the pairs that need a look worst first; unchanged ones folded away. */
export const markdownCompareReporter: CompareReporter = (document) => {
  const out = [document.summary.line, ''];
  const flagged = document.pairs.filter((pair) => pair.verdict !== 'unchanged');
  const unchanged = document.pairs.filter((pair) => pair.verdict === 'unchanged');
  if (flagged.length > 0) out.push(...markdownRows(document, flagged), '');
  if (unchanged.length > 0) {
    out.push(`<details><summary>${unchanged.length} unchanged</summary>`, '', ...markdownRows(document, unchanged), '', '</details>', '');
  }
  const gate = gateLine(document.summary.counts, document.settings.failOn);
  // Verdict names and counts only: nothing to escape.
  if (gate !== undefined) out.push(`**${gate.charAt(0).toUpperCase()}${gate.slice(1)}.**`, '');
  for (const warning of document.warnings) out.push(`> **Warning:** ${escapeMarkdown(warning.message)}`, '');
  const { metric, confidenceLevel } = document.settings;
  out.push(`Metric: ${escapeMarkdown(`${metric}, ${METRICS[metric].description}`)}. Change: candidate / baseline − 1 of the medians, with its ${confidenceLevel * 100}% bootstrap interval; p adj.: two-sided Mann-Whitney U on the raw samples, corrected for ${document.pairs.filter((pair) => pair.pValue !== null).length} tests.`);
  return `${out.join('\n').trimEnd()}\n`;
};

/** The verdict document itself. */
export const jsonCompareReporter: CompareReporter = (document) => `${JSON.stringify(document, null, 2)}\n`;

/** One self-contained page: every pair's ratio with its interval against the ±threshold band, regressions first. */
export const htmlCompareReporter: CompareReporter = (document) =>
  htmlComparison({
    // The verdict line starts with `pyconc compare:` already.
    title: document.summary.line,
    threshold: document.settings.threshold,
    pairs: document.pairs.map(({ name, scenario, mode, workers, ratio, verdict }) => ({ name, scenario, mode, workers, ratio, verdict })),
  });

/** The reporter of each `--format`. */
export const COMPARE_REPORTERS: Readonly<Record<CompareFormat, CompareReporter>> = {
  table: tableCompareReporter,
  markdown: markdownCompareReporter,
  json: jsonCompareReporter,
  html: htmlCompareReporter,
};
