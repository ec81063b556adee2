import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser';
import { startCharter, type RunningCharter } from '../support/charter';

describe('web UI serving', () => {
  let charter: RunningCharter;
  let browser: Browser;

  beforeAll(async () => {
    charter = await startCharter('sqlite');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await charter?.close();
  });

  it('sends browsers asking for / to /ui/ and keeps answering {} to API clients', async () => {
    const html = await fetch(`${charter.url}/`, { headers: { accept: 'text/html,application/xhtml+xml' }, redirect: 'manual' });
    expect(html.status).toBe(302);
    expect(html.headers.get('location')).toBe('/ui/');

    const api = await fetch(`${charter.url}/`);
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({});
  });

  it('answers any /ui/ path with the app page, so deep links work', async () => {
    for (const p of ['/ui/', '/ui', '/ui/subjects/orders-value', '/ui/topics/a.b.c?tab=history']) {
      const res = await fetch(charter.url + p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('serves hashed assets for good and a missing asset as 404, not as the page', async () => {
    const index = await (await fetch(`${charter.url}/ui/`)).text();
    const script = /src="(\/ui\/assets\/[^"]+\.js)"/.exec(index)![1];
    const res = await fetch(charter.url + script);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');

    const missing = await fetch(`${charter.url}/ui/assets/nope-123.js`);
    expect(missing.status).toBe(404);
    const escape = await fetch(`${charter.url}/ui/..%2F..%2Fpackage.json`);
    expect(await escape.text()).not.toContain('"name": "charter"');
  });

  it('renders the app in Chromium from a deep link', async () => {
    const { page, context, errors } = await openPage(browser, charter.url);
    await page.goto('/ui/no/such/page');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.getByRole('link', { name: 'Charter: overview' }).click();
    await page.getByTestId('subject-count').waitFor();
    expect(await page.getByTestId('subject-count').textContent()).toBe('0');
    expect(errors).toEqual([]);
    await context.close();
  });
});
