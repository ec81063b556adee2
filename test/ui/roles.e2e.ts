import type { Browser, Page } from 'playwright-core';
import { ADMIN, startSecuredCharter, userWith } from '../acl/support';
import { launchBrowser, openPage } from '../support/browser';
import type { RunningCharter } from '../support/charter';

/** Signs in through the UI's own page, as a person would. */
async function signIn(page: Page, user: string, password: string): Promise<void> {
  await page.goto('/ui/sign-in');
  await page.getByLabel('User name or API key').fill(user);
  await page.getByLabel('Password or API secret').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

describe('roles in the browser, against Charter with authentication on', () => {
  let charter: RunningCharter;
  let browser: Browser;

  beforeAll(async () => {
    charter = await startSecuredCharter('sqlite');
    await userWith(charter, 'audrey', 'audrey-password-1', [{ role: 'Auditor', resource: { type: 'Cluster' } }]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await charter?.close();
  });

  it('keeps an Auditor out of the admin pages while the audit log stays readable', async () => {
    const { page, context, errors } = await openPage(browser, charter.url);
    await signIn(page, 'audrey', 'audrey-password-1');
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('audrey');
    await page.goto('/ui/admin/access');
    await page.getByText('You may not see this').first().waitFor();
    expect(await page.getByRole('table', { name: 'Users' }).count()).toBe(0);
    await page.goto('/ui/audit');
    await page.getByRole('heading', { name: /audit/i }).first().waitFor();
    expect(await page.getByText('You may not see this').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the admin pages to a SystemAdmin', async () => {
    const { page, context } = await openPage(browser, charter.url);
    await signIn(page, ADMIN.user, ADMIN.password);
    await page.goto('/ui/admin/access');
    await page.getByText('audrey').first().waitFor();
    expect(await page.getByText('You may not see this').count()).toBe(0);
    await context.close();
  });
});
