import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVICE_CHART_ID, adviceHtml } from '../../src/advise/advice-html.js';
import { MARK_LABELS } from '../../src/html/chart-spec.js';
import { adviseWith } from '../advise/advise-with.js';
import { KINDS } from '../advise/probes.js';
import { countMarks, launchBrowser, NO_BROWSER, openPage, screenshot } from './browser.js';

if (NO_BROWSER !== null) console.warn(`tests/html/advice-page.test.ts skipped: ${NO_BROWSER}`);

describe.skipIf(NO_BROWSER !== null)('the advice page in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws speedup against workers per model, the recommendation and the knee ringed, nothing fetched', async () => {
    // Threads level off from 16 workers on: the knee is 16, the best 32; asyncio and a process pool as references.
    const { advice } = await adviseWith({ ...KINDS.waits, isAsync: false }, {
      sequential: 650, 'threading w=2': 330, 'threading w=4': 170, 'threading w=8': 90, 'threading w=16': 46, 'threading w=32': 45, 'threading w=64': 45,
      'async-threads': 330, multiprocessing: 400, 'process-loops': 420,
    });
    expect(advice.recommendation).toMatchObject({ mode: 'threading', workers: 16 });
    const loaded = await openPage(browser, 'advice', adviceHtml(advice));
    expect(loaded.errors).toEqual([]);
    expect(loaded.requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
    const measured = advice.results.cells.filter((cell) => cell.status === 'ok' && cell.key.mode !== 'sequential').length;
    expect(await countMarks(loaded.page, ADVICE_CHART_ID, MARK_LABELS.speedup)).toBe(measured);
    expect(await countMarks(loaded.page, ADVICE_CHART_ID, MARK_LABELS.highlight)).toBe(1);
    expect(await loaded.page.locator(`[id="${ADVICE_CHART_ID}"] svg text`).allTextContents()).toContain('recommended (the knee)');
    expect(await loaded.page.locator('pre code').textContent()).toContain('ThreadPoolExecutor(max_workers=16)');
    await screenshot(loaded.page, 'advice');
  });
});
