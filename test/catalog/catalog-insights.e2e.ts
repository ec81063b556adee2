import { startCharter, type RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { registry } from '../support/http';

const order = (fields: Record<string, unknown>[]) => JSON.stringify({ type: 'record', name: 'OrderPlaced', namespace: 'io.acme.sales', fields });
const ORDER_V1 = order([
  { name: 'id', type: 'string' },
  { name: 'amount', type: 'double' },
  { name: 'customerEmail', type: 'string', 'confluent:tags': ['PII'] },
]);

describe.each(DATABASE_KINDS)('catalogue impact, search and history on %s', (kind) => {
  let charter: RunningCharter;
  let sut: ReturnType<typeof registry>;

  beforeAll(async () => {
    charter = await startCharter(kind);
    sut = registry(charter.url);
    const writes: [string, Record<string, unknown>][] = [
      ['/catalog/domains', { name: 'sales', description: 'Orders and checkout' }],
      ['/catalog/domains', { name: 'finance', description: 'Invoices and ledgers' }],
      ['/catalog/domains', { name: 'data', description: 'Analytics platform' }],
      ['/catalog/teams', { name: 'sales-core', domain: 'sales' }],
      ['/catalog/teams', { name: 'finance-ops', domain: 'finance' }],
      ['/catalog/teams', { name: 'data-platform', domain: 'data' }],
      ['/catalog/applications', { name: 'checkout', domain: 'sales', ownerTeam: 'sales-core', principals: ['User:checkout'] }],
      ['/catalog/applications', { name: 'invoicing', domain: 'finance', ownerTeam: 'finance-ops', consumerGroups: ['invoicing'] }],
      ['/catalog/applications', { name: 'warehouse-loader', domain: 'data', ownerTeam: 'data-platform', consumerGroups: ['warehouse'] }],
      [
        '/catalog/topics',
        { name: 'sales.order.placed', domain: 'sales', ownerTeam: 'sales-core', description: 'A customer placed an order at checkout', tags: ['revenue'] },
      ],
      ['/catalog/events', { name: 'OrderPlaced', topic: 'sales.order.placed', subject: 'sales.order.placed-value', description: 'Placed order' }],
    ];
    for (const [path, body] of writes) expect((await sut.post(path, body)).status).toBe(201);
    expect((await sut.put('/catalog/topics/sales.order.placed/producers/checkout', {})).status).toBe(200);
    expect((await sut.put('/catalog/topics/sales.order.placed/consumers/invoicing', { consumerGroup: 'invoicing' })).status).toBe(200);
    expect((await sut.put('/catalog/topics/sales.order.placed/consumers/warehouse-loader', { consumerGroup: 'warehouse' })).status).toBe(200);
    expect((await sut.register('sales.order.placed-value', ORDER_V1)).status).toBe(200);
  });
  afterAll(() => charter.close());

  describe('impact of a proposed schema change', () => {
    const impact = (schema: string) => sut.post('/catalog/impact', { subject: 'sales.order.placed-value', schema });

    it('finds both consumer teams unharmed by a compatible change', async () => {
      const res = await impact(order([...JSON.parse(ORDER_V1).fields, { name: 'currency', type: 'string', default: 'EUR' }]));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({ subject: 'sales.order.placed-value', compatibilityLevel: 'BACKWARD', registrable: true, breaking: false }),
      );
      expect(res.body.teams).toEqual([
        { name: 'data-platform', applications: ['warehouse-loader'], breaks: false },
        { name: 'finance-ops', applications: ['invoicing'], breaks: false },
        { name: 'sales-core', applications: ['checkout'], breaks: false },
      ]);
    });

    it('names the two consumer teams that break when a field their readers need is dropped, although the registry would take it', async () => {
      const res = await impact(order([{ name: 'id', type: 'string' }, { name: 'customerEmail', type: 'string', 'confluent:tags': ['PII'] }]));
      expect(res.body.registrable).toBe(true);
      expect(res.body.backward.compatible).toBe(true);
      expect(res.body.forward.compatible).toBe(false);
      expect(res.body.forward.messages.join(' ')).toContain('amount');
      expect(res.body.breaking).toBe(true);
      expect(res.body.topics).toEqual([
        expect.objectContaining({
          topic: 'sales.order.placed',
          role: 'value',
          domain: 'sales',
          ownerTeam: 'sales-core',
          producers: [{ application: 'checkout', team: 'sales-core', consumerGroup: null, breaks: false }],
          consumers: [
            { application: 'invoicing', team: 'finance-ops', consumerGroup: 'invoicing', breaks: true },
            { application: 'warehouse-loader', team: 'data-platform', consumerGroup: 'warehouse', breaks: true },
          ],
        }),
      ]);
      expect(res.body.teams.filter((t: { breaks: boolean }) => t.breaks).map((t: { name: string }) => t.name)).toEqual(['data-platform', 'finance-ops']);
      expect(res.body.applications).toEqual(
        expect.arrayContaining([{ name: 'invoicing', team: 'finance-ops', roles: ['consumer'], topics: ['sales.order.placed'], breaks: true }]),
      );
    });

    it('says the registry would refuse a change its readers cannot read old records with', async () => {
      const res = await impact(order([...JSON.parse(ORDER_V1).fields, { name: 'channel', type: 'string' }]));
      expect(res.body.registrable).toBe(false);
      expect(res.body.backward.compatible).toBe(false);
      expect(res.body.messages.length).toBeGreaterThan(0);
      expect(res.body.breaking).toBe(true);
    });

    it('answers an invalid schema with 42201 and a bad request with 422', async () => {
      expect((await impact('{"type": "record"')).body.error_code).toBe(42201);
      const bad = await sut.post('/catalog/impact', { schema: ORDER_V1 });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].path).toBe('subject');
    });
  });

  describe('search', () => {
    const names = (hits: { type: string; key: string }[]) => hits.map((h) => `${h.type}:${h.key}`);

    it('finds a topic by a prefix of its name, by its description and by its tag', async () => {
      expect(names((await sut.get('/catalog/search?q=sales.ord')).body)).toContain('topic:sales.order.placed');
      expect(names((await sut.get('/catalog/search?q=checkout%20customer')).body)).toEqual(['topic:sales.order.placed']);
      expect(names((await sut.get('/catalog/search?q=revenue')).body)).toEqual(['topic:sales.order.placed']);
    });

    it('finds topics and events by the field names and field tags of their schemas', async () => {
      const byField = (await sut.get('/catalog/search?q=customerEmail')).body;
      expect(names(byField)).toEqual(['event:OrderPlaced', 'topic:sales.order.placed']);
      expect(byField[1].matches).toEqual(expect.arrayContaining([{ field: 'field', text: 'customerEmail' }]));
      expect(names((await sut.get('/catalog/search?q=pii&type=topic')).body)).toEqual(['topic:sales.order.placed']);
    });

    it('sees a newly registered version of a bound subject', async () => {
      expect((await sut.get('/catalog/search?q=loyalty')).body).toEqual([]);
      const v2 = order([...JSON.parse(ORDER_V1).fields, { name: 'loyaltyPoints', type: 'int', default: 0 }]);
      expect((await sut.register('sales.order.placed-value', v2)).status).toBe(200);
      expect(names((await sut.get('/catalog/search?q=loyalty')).body)).toEqual(['event:OrderPlaced', 'topic:sales.order.placed']);
    });

    it('ranks the entry named exactly first, filters by type and domain, and wants a query', async () => {
      const hits = (await sut.get('/catalog/search?q=invoicing')).body;
      expect(hits[0]).toEqual(expect.objectContaining({ type: 'application', key: 'invoicing', domain: 'finance' }));
      expect(names((await sut.get('/catalog/search?q=sales&type=domain')).body)).toEqual(['domain:sales']);
      expect(names((await sut.get('/catalog/search?q=ops&domain=finance')).body)).toEqual(['team:finance-ops']);
      expect((await sut.get('/catalog/search')).status).toBe(422);
      expect((await sut.get('/catalog/search?q=x&type=planet')).status).toBe(422);
    });
  });

  describe('history', () => {
    it('records who created, changed and deleted an entry, what changed and when, newest first', async () => {
      await sut.post('/catalog/topics', { name: 'sales.cart.viewed', domain: 'sales', description: 'first' });
      await sut.put('/catalog/topics/sales.cart.viewed', { domain: 'sales', description: 'second', partitions: 3 });
      await sut.delete('/catalog/topics/sales.cart.viewed');
      const history = (await sut.get('/catalog/history?type=topic&key=sales.cart.viewed')).body;
      expect(history.map((h: { action: string }) => h.action)).toEqual(['delete', 'update', 'create']);
      expect(history.every((h: { principal: string }) => h.principal === 'anonymous')).toBe(true);
      expect(history[1]).toEqual(
        expect.objectContaining({
          changed: ['description', 'partitions'],
          before: expect.objectContaining({ description: 'first', partitions: null }),
          after: expect.objectContaining({ description: 'second', partitions: 3 }),
        }),
      );
      expect(history[2].before).toBeNull();
      expect(history[0].after).toBeNull();
      expect(new Date(history[0].at).toString()).not.toBe('Invalid Date');
      expect(history[0].id).toBeGreaterThan(history[1].id);
    });

    it('records a producer binding and pages with before=', async () => {
      const page1 = (await sut.get('/catalog/history?limit=2')).body;
      expect(page1).toHaveLength(2);
      const page2 = (await sut.get(`/catalog/history?limit=2&before=${page1[1].id}`)).body;
      expect(page2[0].id).toBeLessThan(page1[1].id);
      const bindings = (await sut.get('/catalog/history?type=client')).body;
      expect(bindings.map((h: { key: string }) => h.key)).toContain('sales.order.placed/producer/checkout');
      expect((await sut.get('/catalog/history?type=planet')).status).toBe(422);
    });

    it('does not write history for a write that changes nothing', async () => {
      const before = (await sut.get('/catalog/history?type=domain&key=sales')).body.length;
      await sut.put('/catalog/domains/sales', { description: 'Orders and checkout' });
      expect((await sut.get('/catalog/history?type=domain&key=sales')).body).toHaveLength(before);
    });
  });
});
