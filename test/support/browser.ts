import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureChromium } = require(path.resolve(__dirname, '../../scripts/chromium.js')) as { ensureChromium(): string };

/**
 * Flags that keep Chromium to itself: our machines reach only package registries, and without
 * these it keeps opening connections to Google's services that the network refuses.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium (installed with apt when missing), driven by playwright-core. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: ARGS });
}

export const LAPTOP = { width: 1366, height: 860 };
export const PHONE = { width: 390, height: 844 };

export interface UiPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and console errors the page reported, for a test to assert none. */
  errors: string[];
}

/** A fresh browser context (no stored credentials) on Charter at `baseURL`. */
export async function openPage(browser: Browser, baseURL: string, opts: { viewport?: { width: number; height: number }; isMobile?: boolean } = {}): Promise<UiPage> {
  const context = await browser.newContext({ baseURL, viewport: opts.viewport ?? LAPTOP, isMobile: opts.isMobile, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed API calls the page handles (404 for a missing entry, a route the server lacks) are logged by Chromium as console errors too.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return { page, context, errors };
}

/**
 * Where screenshots go: `docs/screenshots` (shown in the README) with CHARTER_UPDATE_SCREENSHOTS=1,
 * else the run's temporary folder, so that a test run leaves the checkout as it found it.
 */
export const SCREENSHOTS =
  process.env.CHARTER_UPDATE_SCREENSHOTS === '1' || !process.env.CHARTER_TEST_TMP
    ? path.resolve(__dirname, '../../docs/screenshots')
    : path.join(process.env.CHARTER_TEST_TMP, 'screenshots');

/** Saves `<name>.png` in SCREENSHOTS. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // Animations and the blinking caret would make every run's picture differ.
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  return file;
}

/**
 * Waits until `locator` matches exactly `n` elements (after a filter changes, the page re-renders
 * a moment later): element n-1 appears and element n goes away.
 */
export async function waitForCount(locator: import('playwright-core').Locator, n: number): Promise<void> {
  if (n > 0) await locator.nth(n - 1).waitFor({ state: 'attached' });
  await locator.nth(n).waitFor({ state: 'detached' });
}
