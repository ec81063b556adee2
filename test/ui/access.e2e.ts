import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { startCharter, type RunningCharter } from '../support/charter';
import { seedCatalog, seedRegistry } from './seed';

// Authentication and roles come with issue 6; until then these prove the UI's side: stored
// credentials on every call, 401 → sign-in and back, 403 and missing routes explained.
describe('sign-in and access plumbing', () => {
  let charter: RunningCharter;
  let browser: Browser;

  beforeAll(async () => {
    charter = await startCharter('sqlite');
    await seedRegistry(charter.url);
    await seedCatalog(charter.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await charter?.close();
  });

  it('sends a 401 to the sign-in page, then back with the credentials on every call', async () => {
    const { page, context, errors } = await openPage(browser, charter.url);
    const seen: (string | undefined)[] = [];
    // Stands in for a server that wants credentials: /catalog/topics answers 401 without them.
    await context.route('**/catalog/topics', async (route) => {
      const auth = route.request().headers().authorization;
      seen.push(auth);
      if (!auth) await route.fulfill({ status: 401, contentType: 'application/json', body: '{"error_code":401,"message":"Unauthorized"}' });
      else await route.continue();
    });
    await page.goto('/ui/topics?owner=none');
    await page.waitForURL(/\/ui\/sign-in\?next=/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in');
    await page.getByLabel('User name or API key').fill('alice');
    await page.getByLabel('Password or API secret').fill('s3cret:ü');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/ui\/topics\?owner=none$/);
    await page.getByRole('table', { name: 'Topics' }).getByRole('link', { name: 'sales.carts' }).waitFor();
    expect(seen.at(-1)).toBe(`Basic ${Buffer.from('alice:s3cret:ü').toString('base64')}`);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('alice');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/ui\/sign-in/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells a user without the right to see a page so', async () => {
    const { page, context } = await openPage(browser, charter.url);
    await context.route('**/acl/users', (route) =>
      route.fulfill({ status: 403, contentType: 'application/json', body: '{"error_code":40301,"message":"User alice may not list users"}' }),
    );
    await page.goto('/ui/admin/access');
    await page.getByText('You may not see this').waitFor();
    await context.close();
  });

  it('says which parts the server does not offer yet instead of failing', async () => {
    const { page, context, errors } = await openPage(browser, charter.url);
    // A server without these routes answers as Confluent does for any unknown URL.
    const missing = { status: 404, contentType: 'application/vnd.schemaregistry.v1+json', body: '{"error_code":404,"message":"HTTP 404 Not Found"}' };
    for (const p of ['**/acl/users', '**/acl/keys', '**/acl/bindings', '**/acl/audit?*']) await context.route(p, (route) => route.fulfill(missing));
    await page.goto('/ui/admin/access');
    await page.getByText('User management is not available on this server yet.').waitFor();
    await page.getByText('API key management is not available on this server yet.').waitFor();
    await page.goto('/ui/audit');
    await page.getByText('The access log is not available on this server yet.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('can be used from the keyboard: skip link, tab order, visible focus', async () => {
    const { page, context } = await openPage(browser, charter.url);
    await page.goto('/ui/subjects');
    await page.getByRole('table', { name: 'Subjects' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    // Tab moves on into the page's filter form.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.closest("main") !== null')).toBe(true);
    await context.close();
  });
});
