import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../helpers/cli.js';

/**
 * Debian's Chromium (`apt-get install -y chromium`); the tests never download a browser.
 * PYCONC_TEST_CHROMIUM points elsewhere (a missing path shows the skip).
 */
export const CHROMIUM = process.env['PYCONC_TEST_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why the browser tests skip, or null when they can run. */
export const NO_BROWSER: string | null = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y chromium): the HTML pages are not rendered`;

/** Where pages and screenshots are kept for a look after the run (gitignored). */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'html');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** What loading a page from disk showed: its console errors, uncaught errors and every URL it asked for. */
export interface LoadedPage {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
}

/** Writes `html` to the artifacts folder and opens it from disk (file://), recording errors and requests. */
export async function openPage(browser: Browser, name: string, html: string, colorScheme: 'light' | 'dark' = 'light'): Promise<LoadedPage> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, colorScheme });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors, requests };
}

/** How many SVG elements the marks with this ARIA label drew inside the figure of this id. */
export function countMarks(page: Page, figureId: string, label: string): Promise<number> {
  return page.locator(`[id="${figureId}"] svg g[aria-description="${label}"] > *`).count();
}

/** Saves a full-page screenshot next to the page. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
