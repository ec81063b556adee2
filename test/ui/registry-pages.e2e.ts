import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, PHONE, screenshot, waitForCount, type UiPage } from '../support/browser';
import { startCharter, type RunningCharter } from '../support/charter';
import { registry } from '../support/http';
import { seedRegistry } from './seed';

/** Waits until the playground's editor has loaded a text holding `part`. */
function editorHolds(page: Page, part: string) {
  return page.waitForFunction(`document.querySelector('.editor-input')?.value.includes(${JSON.stringify(part)})`);
}

describe('registry pages', () => {
  let charter: RunningCharter;
  let browser: Browser;
  let ui: UiPage;
  let page: Page;

  beforeAll(async () => {
    charter = await startCharter('sqlite');
    await seedRegistry(charter.url);
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    ui = await openPage(browser, charter.url);
    page = ui.page;
  });
  afterEach(async () => {
    expect(ui.errors).toEqual([]);
    await ui.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await charter?.close();
  });

  it('lists subjects with their format and latest version, and filters them from the URL', async () => {
    await page.goto('/ui/subjects');
    const table = page.getByRole('table', { name: 'Subjects' });
    await table.getByRole('link', { name: 'orders-value' }).waitFor();
    await waitForCount(table.getByRole('row'), 1 + 7);
    await screenshot(page, 'subjects');

    await page.getByLabel('Name contains').fill('orders');
    await page.waitForURL(/q=orders/);
    await waitForCount(table.getByRole('row'), 1 + 2);

    await page.goto('/ui/subjects?type=PROTOBUF');
    await table.getByRole('link', { name: 'payments-value' }).waitFor();
    await waitForCount(table.getByRole('row'), 1 + 1);
  });

  it('shows a version with syntax colours and its facts', async () => {
    await page.goto('/ui/subjects/orders-value');
    const code = page.getByRole('region', { name: 'Schema of orders-value version 2' });
    await code.waitFor();
    expect(await code.textContent()).toContain('"total"');
    expect(await code.locator('.tok-key').count()).toBeGreaterThan(5);
    await page.getByLabel('Version', { exact: true }).selectOption('1');
    await page.getByRole('region', { name: 'Schema of orders-value version 1' }).waitFor();
    expect(page.url()).toContain('version=1');
    await screenshot(page, 'subject');
  });

  it('diffs any two versions side by side and shows the changed line', async () => {
    await page.goto('/ui/subjects/orders-value?tab=compare&left=1&right=2');
    const diff = page.getByTestId('diff');
    await diff.waitFor();
    const added = diff.locator('tr[data-kind="added"], tr[data-kind="changed"]');
    expect(await added.count()).toBeGreaterThan(0);
    expect(await added.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"total"')]));
    // The unchanged "customer_email" line stays as context, not as a change.
    expect(await diff.locator('tr[data-kind="same"]').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('customer_email')]));
    await screenshot(page, 'subject-diff');

    await page.getByRole('button', { name: 'Swap' }).click();
    await page.waitForURL(/left=2&right=1/);
    expect(await diff.locator('tr[data-kind="removed"]').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"total"')]));
  });

  it('shows references and referenced-by as links', async () => {
    await page.goto(`/ui/subjects/${encodeURIComponent('shop.Address')}?tab=references`);
    const by = page.getByRole('list', { name: 'Referenced by' });
    await by.getByRole('link', { name: /customers-value version 1/ }).click();
    await page.getByRole('heading', { name: 'customers-value' }).waitFor();
    await page.getByRole('link', { name: 'References' }).click();
    await page.getByRole('list', { name: 'References' }).getByRole('link', { name: /shop\.Address version 1/ }).waitFor();
  });

  it('opens a subject whose name holds a slash from a deep link', async () => {
    await page.goto(`/ui/subjects/${encodeURIComponent('team/shipments-value')}`);
    await page.getByRole('heading', { name: 'team/shipments-value' }).waitFor();
    expect(await page.getByRole('region', { name: /Schema of team\/shipments-value/ }).textContent()).toContain('tracking_code');
  });

  it('says so when a subject does not exist', async () => {
    await page.goto('/ui/subjects/no-such-subject');
    await page.getByText('No such subject').waitFor();
  });

  it("changes a subject's compatibility level", async () => {
    await page.goto('/ui/subjects/orders-key');
    await page.getByTestId('level-effective').getByText('BACKWARD').waitFor();
    await page.getByLabel('Compatibility level').selectOption('FULL');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('level-effective').getByText('FULL', { exact: true }).waitFor();
    const res = await registry(charter.url).get('/config/orders-key');
    expect(res.body).toEqual(expect.objectContaining({ compatibilityLevel: 'FULL' }));
  });

  it('soft-deletes a version after confirmation, then deletes it permanently once its name is typed', async () => {
    await page.goto('/ui/subjects/scratch-value?tab=versions');
    const table = page.getByRole('table', { name: 'Versions' });
    await table.getByRole('row', { name: /^1 / }).getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Delete version 1 of scratch-value?' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await registry(charter.url).get('/subjects/scratch-value/versions')).body).toEqual([1, 2]);

    await table.getByRole('row', { name: /^1 / }).getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await table.getByRole('row', { name: /^1 / }).getByText('soft-deleted').waitFor();
    expect((await registry(charter.url).get('/subjects/scratch-value/versions')).body).toEqual([2]);

    await table.getByRole('row', { name: /^1 / }).getByRole('button', { name: 'Delete permanently…' }).click();
    const confirm = dialog.getByRole('button', { name: 'Delete permanently' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type .* to confirm/).fill('scratch-value');
    await confirm.click();
    await table.getByRole('row', { name: /^1 / }).waitFor({ state: 'detached' });
    expect((await registry(charter.url).get('/subjects/scratch-value/versions?deleted=true')).body).toEqual([2]);
  });

  it('shows an incompatible verdict with the path of each difference, marked on its line in the editor', async () => {
    await page.goto('/ui/playground?subject=orders-value');
    const editor = page.getByRole('textbox', { name: 'Schema text' });
    await editorHolds(page, '"total"');
    const text = await editor.inputValue();
    // `id` becomes a string: a reader expecting a long cannot read it.
    await editor.fill(text.replace('"long"', '"string"'));
    await page.getByRole('button', { name: 'Check compatibility' }).click();
    const verdict = page.getByTestId('verdict');
    await verdict.getByRole('heading', { name: 'Incompatible' }).waitFor();
    expect(await verdict.getByTestId('difference-path').allTextContents()).toEqual(['/fields/0/type']);
    expect(await verdict.textContent()).toContain('TYPE_MISMATCH');
    const marked = page.locator('.editor .code-line.hl');
    expect(await marked.count()).toBe(1);
    expect(await marked.textContent()).toContain('"type": "string"');
    await screenshot(page, 'playground');

    await editor.fill(text);
    await page.getByRole('button', { name: 'Check compatibility' }).click();
    await verdict.getByRole('heading', { name: 'Compatible' }).waitFor();
  });

  it('marks a Protobuf difference on the field it names', async () => {
    await page.goto('/ui/playground?subject=payments-value');
    const editor = page.getByRole('textbox', { name: 'Schema text' });
    await editorHolds(page, 'amount_cents');
    await editor.fill((await editor.inputValue()).replace('int64 amount_cents', 'string amount_cents'));
    await page.getByRole('button', { name: 'Check compatibility' }).click();
    await page.getByTestId('verdict').getByRole('heading', { name: 'Incompatible' }).waitFor();
    expect(await page.locator('.editor .code-line.hl').textContent()).toContain('amount_cents');
  });

  it('reads well on a phone', async () => {
    const phone = await openPage(browser, charter.url, { viewport: PHONE, isMobile: true });
    await phone.page.goto('/ui/subjects/orders-value?tab=compare');
    await phone.page.getByTestId('diff').waitFor();
    await phone.page.getByRole('button', { name: 'Menu' }).click();
    await phone.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Subjects' }).waitFor();
    await screenshot(phone.page, 'subject-phone');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});
