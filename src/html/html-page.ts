import { chartLibraryScript, chartLibraryVersions } from './chart-library.js';
import { MARK_LABELS, type ChartSpec } from './chart-spec.js';
import { drawCharts, ratioChart } from './draw-charts.js';
import { escapeHtml, jsonForScript } from './escape-html.js';
import { PAGE_STYLE } from './page-style.js';

/** What a page holds: a title, its body (already escaped HTML) and the charts the body has places for. */
export interface PageInput {
  readonly title: string;
  readonly body: string;
  readonly charts: readonly ChartSpec[];
  /** One line for the footer: which pyconc wrote it. */
  readonly generator: string;
}

/**
 * The page's policy: nothing may be loaded from anywhere, not even from the same folder. The inline
 * style and scripts are the only code, so a stray URL in the data can fetch nothing.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/** A chart's place in a page: a focusable figure whose caption says how to read it and where the figures are. */
export function chartFigure(spec: ChartSpec, caption: string): string {
  return [
    `<figure id="${escapeHtml(spec.id)}" tabindex="0" aria-label="${escapeHtml(spec.label)}">`,
    `<div class="plot" id="${escapeHtml(spec.id)}-plot"></div>`,
    `<figcaption>${caption}</figcaption>`,
    '</figure>',
  ].join('\n');
}

/** One self-contained HTML file: style, data, the charting library and the code that draws, all inline. */
export function htmlPage(input: PageInput): string {
  // drawCharts calls ratioChart by name: both are declared in the page's script.
  const draw = `${String(ratioChart)}\n(${String(drawCharts)})(Plot, JSON.parse(document.getElementById('pyconc-charts').textContent), document, ${jsonForScript(MARK_LABELS)});`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<noscript><p>The charts need JavaScript; every figure is also in the tables.</p></noscript>',
    input.body,
    `<footer>${escapeHtml(input.generator)}; charts drawn with ${escapeHtml(chartLibraryVersions())}, inlined.</footer>`,
    `<script type="application/json" id="pyconc-charts">${jsonForScript(input.charts)}</script>`,
    `<script>${chartLibraryScript()}</script>`,
    `<script>${draw}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** An HTML table from header cells and rows of text (escaped here); `left` names the columns aligned left. */
export function htmlTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  options: { left?: readonly number[]; caption?: string; rowClass?: (index: number) => string } = {},
): string {
  const left = new Set(options.left ?? []);
  const cls = (index: number): string => (left.has(index) ? ' class="left"' : '');
  const out = ['<div class="table-wrap" tabindex="0">', '<table>'];
  if (options.caption !== undefined) out.push(`<caption class="muted">${escapeHtml(options.caption)}</caption>`);
  out.push(`<thead><tr>${head.map((title, index) => `<th scope="col"${cls(index)}>${escapeHtml(title)}</th>`).join('')}</tr></thead>`, '<tbody>');
  rows.forEach((row, rowIndex) => {
    const rowClass = options.rowClass?.(rowIndex) ?? '';
    out.push(`<tr${rowClass === '' ? '' : ` class="${escapeHtml(rowClass)}"`}>${row.map((text, index) => `<td${cls(index)}>${escapeHtml(text)}</td>`).join('')}</tr>`);
  });
  out.push('</tbody>', '</table>', '</div>');
  return out.join('\n');
}
