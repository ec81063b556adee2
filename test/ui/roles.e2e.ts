import type { Browser, Page } from 'playwright-core';
import { ADMIN, as, basic, startSecuredCharter, userWith } from '../acl/support';
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

  it('lets a SystemAdmin add a user, grant a role, create and revoke a key, and remove them, all from the page', async () => {
    const admin = as(charter, basic(ADMIN.user, ADMIN.password));
    const { page, context, errors } = await openPage(browser, charter.url);
    await signIn(page, ADMIN.user, ADMIN.password);
    await page.goto('/ui/admin/access');
    await page.getByRole('table', { name: 'Users' }).waitFor();

    // A user with a password: it can sign in over Basic once it exists.
    const addUser = page.getByRole('form', { name: 'Add a user' });
    await addUser.getByLabel('User name').fill('dana');
    await addUser.getByLabel('Password (empty for a service account)').fill('dana-password-1');
    await addUser.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('table', { name: 'Users' }).getByRole('cell', { name: 'dana', exact: true }).waitFor();
    expect((await as(charter, basic('dana', 'dana-password-1')).get('/acl/whoami')).status).toBe(200);

    // A refused input is explained in place, with the server's message.
    await addUser.getByLabel('User name').fill('no spaces allowed');
    await addUser.getByRole('button', { name: 'Add user' }).click();
    expect(await addUser.getByRole('alert').textContent()).toMatch(/name/);

    // DataSteward on every topic starting with `sales.`.
    const grant = page.getByRole('form', { name: 'Grant a role' });
    await grant.getByLabel('Principal').fill('User:dana');
    await grant.getByLabel('Role').selectOption('DataSteward');
    await grant.getByLabel('Resource type').selectOption('Topic');
    await grant.getByLabel('Resource name').fill('sales.');
    await grant.getByLabel('Pattern').selectOption('PREFIXED');
    await grant.getByRole('button', { name: 'Grant role' }).click();
    const bindingRow = page.getByRole('table', { name: 'Role bindings' }).getByRole('row').filter({ hasText: 'User:dana' });
    await bindingRow.getByRole('cell', { name: 'DataSteward', exact: true }).waitFor();
    const bindings = (await admin.get<{ principal: string; role: string; resource: { type: string; name: string; patternType: string } }[]>('/acl/bindings')).body;
    expect(bindings.filter((b) => b.principal === 'User:dana').map((b) => [b.role, b.resource])).toEqual([
      ['DataSteward', { type: 'Topic', name: 'sales.', patternType: 'PREFIXED' }],
    ]);

    // A key for dana: the secret is shown once and works at once.
    const keyForm = page.getByRole('form', { name: 'Create an API key' });
    await keyForm.getByLabel('Owner (empty for yourself)').fill('dana');
    await keyForm.getByLabel('Description').fill('CI gate');
    await keyForm.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent())!;
    const keyId = (await page.getByRole('status', { name: 'New API key secret' }).locator('code').first().textContent())!;
    expect((await as(charter, basic(keyId, secret)).get('/acl/whoami')).body).toEqual(expect.objectContaining({ name: keyId, owner: 'dana' }));
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('api-key-secret').count()).toBe(0);

    // Revoking asks first; afterwards the key no longer signs in.
    await page.getByRole('button', { name: `Revoke key ${keyId}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'API keys' }).getByRole('cell', { name: keyId }).waitFor({ state: 'detached' });
    expect((await as(charter, basic(keyId, secret)).get('/acl/whoami')).status).toBe(401);

    // Deleting a user must be typed out; its bindings go with it.
    await page.getByRole('button', { name: 'Delete user dana' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('button', { name: 'Delete user' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Type dana to confirm').fill('dana');
    await dialog.getByRole('button', { name: 'Delete user' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'Users' }).getByRole('cell', { name: 'dana', exact: true }).waitFor({ state: 'detached' });
    expect((await admin.get<{ principal: string }[]>('/acl/bindings')).body.some((b) => b.principal === 'User:dana')).toBe(false);
    expect((await as(charter, basic('dana', 'dana-password-1')).get('/acl/whoami')).status).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("lets a DataSteward classify a topic it does not own, and nothing else about it", async () => {
    const admin = as(charter, basic(ADMIN.user, ADMIN.password));
    expect((await admin.post('/catalog/domains', { name: 'sales' })).status).toBe(201);
    expect((await admin.post('/catalog/topics', { name: 'sales.orders', domain: 'sales', classification: 'internal', tags: ['orders'] })).status).toBe(201);
    const steward = await userWith(charter, 'stella', 'stella-password-1', [
      { role: 'DataSteward', resource: { type: 'Topic', name: 'sales.', patternType: 'PREFIXED' } },
    ]);
    // Its role does not let it rewrite the topic.
    expect((await as(charter, steward).put('/catalog/topics/sales.orders', { domain: 'sales', description: 'mine now' })).status).toBe(403);

    const { page, context, errors } = await openPage(browser, charter.url);
    await signIn(page, 'stella', 'stella-password-1');
    await page.goto('/ui/topics/sales.orders');
    await page.getByRole('button', { name: 'Edit classification' }).click();
    const form = page.getByRole('form', { name: 'Classification' });
    await form.getByLabel('Classification').selectOption('restricted');
    await form.getByLabel('Tags (space separated)').fill('orders pii-reviewed');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit classification' }).waitFor();
    await page.getByLabel('Topic facts').getByText('restricted').waitFor();

    const topic = (await admin.get('/catalog/topics/sales.orders')).body;
    expect([topic.classification, topic.tags, topic.description]).toEqual(['restricted', ['orders', 'pii-reviewed'], null]);
    const history = (await admin.get('/catalog/history?type=topic&key=sales.orders')).body;
    expect(JSON.stringify(history)).toContain('stella');
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
