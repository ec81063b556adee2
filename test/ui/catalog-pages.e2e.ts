import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, PHONE, screenshot, waitForCount, type UiPage } from '../support/browser';
import { startCharter, type RunningCharter } from '../support/charter';
import { registry } from '../support/http';
import { SEEDED_CLIENTS, seedCatalog, seedRegistry } from './seed';

describe('catalogue pages', () => {
  let charter: RunningCharter;
  let browser: Browser;
  let ui: UiPage;
  let page: Page;

  beforeAll(async () => {
    charter = await startCharter('sqlite');
    await seedRegistry(charter.url);
    await seedCatalog(charter.url);
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

  it('shows the overview with the catalogue counts', async () => {
    await page.goto('/ui/');
    await page.getByTestId('topic-count').getByText('5').waitFor();
    expect(await page.getByTestId('domain-count').textContent()).toBe('3');
    await screenshot(page, 'overview');
  });

  it('finds a schema field from the search box on any page', async () => {
    await page.goto('/ui/subjects');
    await page.getByRole('table', { name: 'Subjects' }).getByRole('link', { name: 'orders-value', exact: true }).waitFor();
    await page.keyboard.press('/');
    expect(await page.getByRole('searchbox', { name: /^Search topics/ }).evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('customer_email');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ui\/search\?q=customer_email/);
    const topics = page.getByRole('region', { name: 'Topics' });
    await topics.getByRole('link', { name: 'sales.orders' }).waitFor();
    expect(await topics.textContent()).toContain('field: customer_email');
    await page.getByRole('region', { name: 'Events' }).getByRole('link', { name: 'OrderPlaced' }).waitFor();
    // Subjects the catalogue does not bind are found by their fields too.
    const subjects = page.getByRole('region', { name: 'Subjects' });
    expect(await subjects.textContent()).toContain('field: customer_email');
    await screenshot(page, 'search');

    await page.goto('/ui/search?q=tracking_code');
    await page.getByRole('region', { name: 'Subjects' }).getByRole('link', { name: 'team/shipments-value' }).waitFor();
    await page.getByRole('region', { name: 'Topics' }).getByRole('link', { name: 'logistics.shipments' }).waitFor();
  });

  it('shows a topic: owner, lifecycle, classification, tags, configuration, schemas with tagged fields, clients, findings, history', async () => {
    await page.goto('/ui/topics/sales.orders');
    await page.getByRole('heading', { name: 'sales.orders', exact: true }).waitFor();
    expect(await page.getByTestId('topic-owner').textContent()).toBe('sales-core');
    const facts = await page.getByRole('definition').allTextContents();
    expect(facts).toEqual(expect.arrayContaining(['confidential', 'active', '12', '3', '7 days']));
    await page.getByRole('list', { name: 'Consumers' }).getByRole('link', { name: 'fraud-detector' }).waitFor();
    expect(await page.getByRole('list', { name: 'Producers' }).textContent()).toContain('checkout');
    const fields = page.getByRole('table', { name: 'Fields of sales.orders-value' });
    await fields.getByRole('row', { name: /customer_email/ }).getByText('PII').waitFor();
    await page.getByRole('table', { name: 'History' }).getByText('create').first().waitFor();
    await screenshot(page, 'topic', { fullPage: true });
  });

  it('lists topics and filters them by owner from the URL', async () => {
    await page.goto('/ui/topics?owner=none');
    const table = page.getByRole('table', { name: 'Topics' });
    await table.getByRole('link', { name: 'sales.carts' }).waitFor();
    await waitForCount(table.getByRole('row'), 1 + 2);
  });

  it('shows the governance dashboard with the counts the API reports, and exports CSV', async () => {
    const api = registry(charter.url);
    const topics = (await api.get('/catalog/topics')).body as { ownerTeam: string | null; classification: string | null }[];
    const report = (await api.get('/catalog/findings')).body as { counts: { warn: number; block: number } };
    await page.goto('/ui/governance');
    const stat = (id: string) => page.getByTestId(id);
    await stat('stat-topics').getByText(String(topics.length), { exact: true }).waitFor();
    await stat('stat-block').getByText(String(report.counts.block), { exact: true }).waitFor();
    expect(await stat('stat-warn').textContent()).toBe(String(report.counts.warn));
    expect(await stat('stat-unowned').textContent()).toBe(String(topics.filter((t) => !t.ownerTeam).length));
    expect(await stat('stat-unclassified').textContent()).toBe(String(topics.filter((t) => !t.classification).length));
    await stat('stat-pii').getByText('2', { exact: true }).waitFor();
    expect(report.counts.block).toBeGreaterThan(0);
    await page.getByRole('table', { name: 'Personal data inventory' }).getByRole('row', { name: /recipient_name/ }).waitFor();
    await screenshot(page, 'governance', { fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('region', { name: 'Policy findings' }).getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await streamText(await download.createReadStream());
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('severity,entry_type,entry,policy,kind,field,message,fix');
    expect(lines.length - 1).toBe(report.counts.block + report.counts.warn);
    expect(csv).toContain('LegacyOrders');

    await page.getByLabel('Severity').selectOption('block');
    await page.waitForURL(/severity=block/);
    await waitForCount(page.getByRole('table', { name: 'Findings' }).getByRole('row'), 1 + report.counts.block);
  });

  it('draws the seeded producers and consumers in the lineage graph, and filters it by team', async () => {
    await page.goto('/ui/lineage');
    const graph = page.getByRole('region', { name: 'Lineage graph' });
    await graph.waitFor();
    for (const c of SEEDED_CLIENTS) {
      await graph.getByTestId(`node-${c.role}-${c.application}`).waitFor();
      await graph.getByTestId(`node-topic-${c.topic}`).waitFor();
    }
    expect(await graph.locator('.graph-edges path').count()).toBe(SEEDED_CLIENTS.length);
    await screenshot(page, 'lineage');

    await page.getByLabel('Team', { exact: true }).selectOption('logistics-team');
    await page.waitForURL(/team=logistics-team/);
    await graph.getByTestId('node-consumer-warehouse').waitFor();
    await graph.getByTestId('node-consumer-fraud-detector').waitFor({ state: 'detached' });
    await graph.getByRole('link', { name: /^Topic logistics.shipments/ }).click();
    await page.getByRole('heading', { name: 'logistics.shipments', exact: true }).waitFor();
  });

  it('shows domains, teams and applications', async () => {
    await page.goto('/ui/domains/sales');
    await page.getByRole('table', { name: 'Topics of the domain' }).getByRole('link', { name: 'LegacyOrders' }).waitFor();
    await page.goto('/ui/teams');
    await page.getByRole('table', { name: 'Teams' }).getByRole('link', { name: 'finance-ops' }).click();
    await page.getByRole('heading', { name: 'finance-ops' }).waitFor();
    await page.getByRole('link', { name: 'fraud-detector' }).click();
    await page.getByRole('heading', { name: 'Consumes from' }).waitFor();
    expect(await page.getByRole('link', { name: 'sales.orders' }).count()).toBe(1);
    await screenshot(page, 'application');
  });

  it('shows the catalogue history in the audit log, filtered from the URL', async () => {
    await page.goto('/ui/audit?resource=topic:sales');
    const table = page.getByRole('table', { name: 'History' });
    await table.getByRole('link', { name: 'sales.orders' }).waitFor();
    expect(await table.getByText('LegacyOrders').count()).toBe(0);
    await screenshot(page, 'audit');
  });

  it('says so when a catalogue entry does not exist', async () => {
    await page.goto('/ui/topics/no.such.topic');
    await page.getByText('No such topic').waitFor();
  });

  it('reads well on a phone', async () => {
    const phone = await openPage(browser, charter.url, { viewport: PHONE, isMobile: true });
    await phone.page.goto('/ui/topics/sales.orders');
    await phone.page.getByTestId('topic-owner').waitFor();
    await screenshot(phone.page, 'topic-phone');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
