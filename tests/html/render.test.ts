import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellId } from '../../src/core/cell-key.js';
import { MARK_LABELS } from '../../src/html/chart-spec.js';
import { htmlComparison } from '../../src/html/comparison-page.js';
import { htmlReport } from '../../src/report/html-reporter.js';
import { parseResults } from '../../src/results/read-results.js';
import { ROOT } from '../helpers/cli.js';
import { countMarks, launchBrowser, NO_BROWSER, openPage, screenshot, type LoadedPage } from './browser.js';
import { historyReportCommand } from '../../src/commands/history-command.js';
import { buildStore, demoRuns } from '../history/runs.js';
import { comparisonInput, parameterDocument, scalingDocument, sequentialKey, userComparison } from './documents.js';

if (NO_BROWSER !== null) console.warn(`tests/html/render.test.ts skipped: ${NO_BROWSER}`);

/** A page loaded from disk may ask for nothing but itself and data: URLs. */
function external(loaded: LoadedPage): string[] {
  return loaded.requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'));
}

describe.skipIf(NO_BROWSER !== null)('HTML pages in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws the results page: every ok cell with its CI and ideal, speedup against workers, no error, no request', async () => {
    const loaded = await openPage(browser, 'scaling', htmlReport(scalingDocument()));
    expect(loaded.errors).toEqual([]);
    expect(external(loaded)).toEqual([]);
    const group = `g-${cellId(sequentialKey())}`;
    expect(await countMarks(loaded.page, `${group}-wall`, MARK_LABELS.median)).toBe(7);
    expect(await countMarks(loaded.page, `${group}-wall`, MARK_LABELS.ci)).toBe(7);
    expect(await countMarks(loaded.page, `${group}-wall`, MARK_LABELS.ideal)).toBe(7);
    expect(await countMarks(loaded.page, `${group}-workers`, MARK_LABELS.speedup)).toBe(6);
    // One dashed ideal line per mode.
    expect(await countMarks(loaded.page, `${group}-workers`, MARK_LABELS.ideal)).toBe(2);
    // The hostile text stayed text: no image was made of it, no alert ran.
    expect(await loaded.page.locator('img').count()).toBe(0);
    expect(await loaded.page.locator('text=<script>alert("x")</script>').count()).toBeGreaterThan(0);
    await screenshot(loaded.page, 'scaling');
  });

  it('reaches every figure and table with the keyboard, and keeps chart labels as selectable text', async () => {
    const loaded = await openPage(browser, 'scaling-keyboard', htmlReport(scalingDocument()));
    const focused: string[] = [];
    for (let i = 0; i < 12; i++) {
      await loaded.page.keyboard.press('Tab');
      focused.push(await loaded.page.evaluate('document.activeElement.tagName + "#" + (document.activeElement.id || document.activeElement.className)'));
    }
    expect(focused.filter((name) => name.startsWith('FIGURE#'))).toHaveLength(2);
    expect(focused.some((name) => name === 'DIV#table-wrap')).toBe(true);
    const group = `g-${cellId(sequentialKey())}`;
    expect(await loaded.page.locator(`[id="${group}-wall"] svg text`).allTextContents()).toContain('multiprocessing w=2');
  });

  it('draws speedup against a scanned parameter', async () => {
    const loaded = await openPage(browser, 'parameter', htmlReport(parameterDocument()));
    expect(loaded.errors).toEqual([]);
    expect(await loaded.page.locator(`figure[id$="-params"] svg g[aria-description="${MARK_LABELS.speedup}"] > *`).count()).toBe(3);
  });

  it('draws a real quick run of this machine, light and dark', async () => {
    const document = parseResults(readFileSync(path.join(ROOT, 'tests/fixtures/html/quick-run.json'), 'utf8'), 'quick-run.json');
    for (const scheme of ['light', 'dark'] as const) {
      const loaded = await openPage(browser, `quick-run-${scheme}`, htmlReport(document), scheme);
      expect(loaded.errors).toEqual([]);
      expect(external(loaded)).toEqual([]);
      const ok = document.cells.filter((cell) => cell.status === 'ok');
      expect(await loaded.page.locator(`svg g[aria-description="${MARK_LABELS.median}"] > *`).count()).toBe(ok.length);
      const background = await loaded.page.evaluate('getComputedStyle(document.body).backgroundColor');
      expect(background).toBe(scheme === 'dark' ? 'rgb(21, 23, 26)' : 'rgb(255, 255, 255)');
      await screenshot(loaded.page, `quick-run-${scheme}`);
    }
  });

  it('draws the comparison: a ratio per paired cell, its CI, the threshold band, regressions first', async () => {
    const loaded = await openPage(browser, 'comparison', htmlComparison(comparisonInput()));
    expect(loaded.errors).toEqual([]);
    expect(external(loaded)).toEqual([]);
    expect(await countMarks(loaded.page, 'comparison-chart', MARK_LABELS.ratio)).toBe(3);
    expect(await countMarks(loaded.page, 'comparison-chart', MARK_LABELS.ci)).toBe(3);
    expect(await countMarks(loaded.page, 'comparison-chart', MARK_LABELS.band)).toBe(1);
    expect(await loaded.page.locator('tbody tr').first().getAttribute('class')).toBe('regression');
    await screenshot(loaded.page, 'comparison');
  });

  // Issue 21, item 7: the chart's cell labels were clipped on the left, and the counts read "7 regression".
  it('keeps every cell label of the comparison chart inside the page, and counts in agreement', async () => {
    for (const mixed of [false, true]) {
      const input = userComparison(mixed);
      const loaded = await openPage(browser, `comparison-labels-${mixed ? 'mixed' : 'one'}`, htmlComparison(input));
      expect(loaded.errors).toEqual([]);
      expect(await countMarks(loaded.page, 'comparison-chart', MARK_LABELS.ratio)).toBe(21);
      const svg = loaded.page.locator('[id="comparison-chart"] svg').first();
      const left = (await svg.boundingBox())?.x ?? Number.NaN;
      const ticks = loaded.page.locator('[id="comparison-chart"] svg g[aria-label="y-axis tick label"] text');
      expect(await ticks.count()).toBe(21);
      for (const box of await ticks.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().left))) expect(box).toBeGreaterThanOrEqual(left);
      const labels = await ticks.allTextContents();
      expect(new Set(labels).size).toBe(21);
      // One scenario's cells are labelled by what differs between them; the caption says what they share.
      if (!mixed) expect(labels).toContain('threading/w2/chunk=500');
      if (!mixed) expect(await loaded.page.locator('figcaption').textContent()).toContain('Every cell: csv-report-builder · rows=20000 · columns=12 · format=csv.');
      expect(await loaded.page.locator('header p').textContent()).toMatch(/^7 regressions · 14 inconclusive; /);
      expect(await loaded.page.title()).toBe(input.title);
      await screenshot(loaded.page, `comparison-labels-${mixed ? 'mixed' : 'one'}`);
    }
  });

  it('draws a history: each cell\'s runs with their CIs, the fitted levels and the step', async () => {
    const store = buildStore(demoRuns(12, { slowFrom: 7, slowdown: 1.3 }));
    const loaded = await openPage(browser, 'history', historyReportCommand({ store, format: 'html' }).text);
    expect(loaded.errors).toEqual([]);
    expect(external(loaded)).toEqual([]);
    const figures = await loaded.page.locator('figure').evaluateAll((nodes) => nodes.map((node) => node.id));
    expect(figures).toHaveLength(3);
    for (const id of figures) {
      expect(await countMarks(loaded.page, id, MARK_LABELS.median)).toBe(12);
      expect(await countMarks(loaded.page, id, MARK_LABELS.ci)).toBe(12);
      expect(await countMarks(loaded.page, id, MARK_LABELS.step)).toBe(1);
      expect(await countMarks(loaded.page, id, MARK_LABELS.level)).toBe(2);
    }
    await screenshot(loaded.page, 'history');
  });

  it('says so in place of a chart that cannot be drawn, and keeps the tables', async () => {
    // The first chart's points are no list: drawing it throws, the other chart is still drawn.
    const broken = htmlReport(scalingDocument()).replace('"points":[', '"points":7,"was":[');
    const loaded = await openPage(browser, 'broken', broken);
    expect(await loaded.page.locator('.chart-error').count()).toBe(1);
    expect(loaded.errors).toHaveLength(1);
    expect(await loaded.page.locator('figure svg').count()).toBeGreaterThan(0);
    expect(await loaded.page.locator('table').count()).toBeGreaterThan(0);
  });
});
