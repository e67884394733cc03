import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/commands/report-command.js';
import { cellId } from '../../src/core/cell-key.js';
import { EXPORT_DESCRIPTIONS } from '../../src/core/settings.js';
import { EXPORTERS } from '../../src/export/exporters.js';
import { htmlComparison, orderPairs } from '../../src/html/comparison-page.js';
import { escapeHtml, jsonForScript } from '../../src/html/escape-html.js';
import { htmlReport, parameterChart, wallChart, workersChart } from '../../src/report/html-reporter.js';
import { groupCells } from '../../src/report/group-cells.js';
import { testTempDir } from '../helpers/temp-dirs.js';
import { comparisonInput, HOSTILE, parameterDocument, scalingDocument, sequentialKey } from './documents.js';

/** The page without its inlined library and drawing code: what the report itself wrote. */
function markup(html: string): string {
  return html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
}

describe('htmlReport', () => {
  const html = htmlReport(scalingDocument());

  it('is one self-contained file: no external script, style, font or image, and a policy that forbids loading any', () => {
    const page = markup(html);
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page.match(/<(script|img|link|iframe|object|embed)\b[^>]*>/gi)?.filter((tag) => /\s(src|href|data)=/i.test(tag))).toEqual([]);
    // The only address on the page is the hostile text, shown as text.
    expect(page.split(escapeHtml(HOSTILE)).join('').match(/@import|url\(|https?:\/\//g)).toBeNull();
    expect(page).toContain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"`);
    // The library is inlined: Plot's UMD build names itself in its first line.
    expect(html.includes('@observablehq/plot v0.6')).toBe(true);
  });

  it('escapes workload and scenario text everywhere it shows it', () => {
    const page = markup(html);
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).toContain(escapeHtml(HOSTILE));
    expect(page).toContain('Demo &#60;scenario&#62;');
    // The chart data cannot close its script element either.
    expect(html.match(/<script type="application\/json" id="pyconc-charts">([\s\S]*?)<\/script>/)?.[1]).not.toMatch(/<\/script/i);
  });

  it('is the html row of the export registry', () => {
    expect(EXPORTERS.html(scalingDocument()) === html).toBe(true);
    expect(EXPORT_DESCRIPTIONS.html).toBe('a self-contained HTML report with charts');
  });

  it('has a focusable figure per chart, the table, findings, warnings, machine and interpreters as text', () => {
    const group = `g-${cellId(sequentialKey())}`;
    expect(html).toContain(`<figure id="${group}-wall" tabindex="0"`);
    expect(html).toContain(`<figure id="${group}-workers" tabindex="0"`);
    for (const text of ['speedup, 95% CI', 'Findings', 'Warnings', 'Machine and interpreters', 'Test CPU', 'cpython-3.11.7', 'FAILED [1]']) expect(markup(html)).toContain(text);
  });
});

describe('the charts of a results page', () => {
  it('draws every ok cell with its CI and ideal, in the unit that reads best', () => {
    const [group] = groupCells(scalingDocument());
    const chart = wallChart(group!, 'wall');
    expect(chart?.unit).toBe('ms');
    expect(chart?.points.map((point) => point.label)).toEqual(['sequential', 'threading w=1', 'threading w=2', 'threading w=4', 'multiprocessing w=1', 'multiprocessing w=2', 'multiprocessing w=4']);
    expect(chart?.points[0]).toEqual({ label: 'sequential', mode: 'sequential', median: 100, low: 95, high: 105, ideal: 100 });
  });

  it('draws speedup against workers only where more than one worker count ran, with the ideal speedup', () => {
    const [group] = groupCells(scalingDocument());
    const chart = workersChart(group!, 'workers');
    expect(chart?.points).toHaveLength(6);
    expect(chart?.ideal.filter((point) => point.series === 'multiprocessing').map((point) => point.value)).toEqual([1, 2, 2]);
    const [single] = groupCells(parameterDocument());
    expect(workersChart(single!, 'workers')).toBeNull();
  });

  it('draws speedup against a parameter when a scenario scanned one', () => {
    const chart = parameterChart(groupCells(parameterDocument()), 'params');
    expect(chart?.xLabel).toBe('tasks');
    expect(chart?.points.map((point) => [point.x, point.value])).toEqual([[4, 3], [8, 3], [16, 3]]);
    expect(chart?.ideal.map((point) => point.value)).toEqual([4, 4, 4]);
    expect(parameterChart(groupCells(scalingDocument()), 'params')).toBeNull();
  });
});

describe('htmlComparison', () => {
  it('puts regressions first, then by ratio', () => {
    expect(orderPairs(comparisonInput().pairs).map((pair) => pair.verdict)).toEqual(['regression', 'improvement', 'unchanged', 'new']);
  });

  it('writes the threshold band, every pair in the table, escaped', () => {
    const html = htmlComparison(comparisonInput());
    const page = markup(html);
    expect(page).toContain('threshold ±10%');
    expect(page).toContain('+30.0%');
    expect(page).not.toContain('<script>alert');
    expect(page.match(/<tr class=/g)).toHaveLength(4);
  });
});

describe('jsonForScript', () => {
  it('keeps a closing script tag and the JavaScript line separators out of the text', () => {
    const text = jsonForScript({ a: '</script>\u2028' });
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual({ a: '</script>\u2028' });
  });
});

describe('report --export-html', () => {
  it('writes the page to a file through the export registry', () => {
    const dir = testTempDir('pyconc-html-');
    const results = path.join(dir, 'r.json');
    writeFileSync(results, JSON.stringify(scalingDocument()));
    const out: string[] = [];
    const sink = { write: (text: string) => out.push(text) };
    reportCommand(results, { format: 'markdown', color: false, exports: [{ format: 'html', file: path.join(dir, 'r.html') }], stepSummary: false }, { stdout: sink, stderr: sink, env: {} });
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8').startsWith('<!doctype html>')).toBe(true);
    expect(out.join('')).toContain('### demo');
  });
});
