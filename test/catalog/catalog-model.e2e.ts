import { startCharter, type RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { api, registry } from '../support/http';

describe.each(DATABASE_KINDS)('catalogue model on %s', (kind) => {
  let charter: RunningCharter;
  let sut: ReturnType<typeof registry>;

  beforeAll(async () => {
    charter = await startCharter(kind);
    sut = registry(charter.url);
    await sut.post('/catalog/domains', { name: 'orders', description: 'Orders and their lines' });
    await sut.post('/catalog/teams', { name: 'order-core', domain: 'orders', contacts: [{ kind: 'email', value: 'orders@acme.test' }] });
  });
  afterAll(() => charter.close());

  it('creates, reads, lists, replaces and deletes a domain', async () => {
    const created = await sut.post('/catalog/domains', { name: 'shipping', description: 'Parcels' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: 'shipping', description: 'Parcels', warnings: [] });
    expect((await sut.get('/catalog/domains/shipping')).body).toEqual({ name: 'shipping', description: 'Parcels' });
    expect((await sut.get('/catalog/domains')).body.map((d: { name: string }) => d.name)).toEqual(['orders', 'shipping']);

    const replaced = await sut.put('/catalog/domains/shipping', { description: 'Parcels and carriers' });
    expect(replaced.status).toBe(200);
    expect((await sut.get('/catalog/domains/shipping')).body.description).toBe('Parcels and carriers');

    expect((await sut.delete('/catalog/domains/shipping')).status).toBe(200);
    expect((await sut.get('/catalog/domains/shipping')).body).toEqual({
      error_code: 40480,
      message: "Domain 'shipping' not found in the catalogue",
    });
  });

  it('keeps a team with its contacts and an application with its principals and consumer groups', async () => {
    const app = await sut.post('/catalog/applications', {
      name: 'order-service',
      domain: 'orders',
      ownerTeam: 'order-core',
      principals: ['User:order-service'],
      consumerGroups: ['order-service', 'order-service-replay'],
    });
    expect(app.status).toBe(201);
    expect((await sut.get('/catalog/teams/order-core')).body.contacts).toEqual([{ kind: 'email', value: 'orders@acme.test' }]);
    expect((await sut.get('/catalog/applications/order-service')).body).toEqual({
      name: 'order-service',
      domain: 'orders',
      ownerTeam: 'order-core',
      description: null,
      principals: ['User:order-service'],
      consumerGroups: ['order-service', 'order-service-replay'],
    });
  });

  it('stores a topic with its configuration in the shape of the AsyncAPI Kafka binding, classification, tags and subject strategies', async () => {
    const topic = {
      name: 'orders.order.created',
      domain: 'orders',
      ownerTeam: 'order-core',
      description: 'An order was placed',
      lifecycle: 'active',
      partitions: 12,
      replicationFactor: 3,
      topicConfiguration: {
        'cleanup.policy': ['delete'],
        'retention.ms': 604800000,
        'retention.bytes': -1,
        'delete.retention.ms': 86400000,
        'max.message.bytes': 1048588,
        'min.insync.replicas': 2,
      },
      classification: 'confidential',
      tags: ['orders', 'core'],
      key: { strategy: 'RecordNameStrategy', records: ['io.acme.OrderKey'] },
      value: { strategy: 'TopicRecordNameStrategy', records: ['io.acme.OrderCreated', 'io.acme.OrderAmended'] },
    };
    const created = await sut.post('/catalog/topics', topic);
    expect(created.status).toBe(201);
    expect((await sut.get('/catalog/topics/orders.order.created')).body).toEqual(topic);
    expect((await sut.get('/catalog/topics/orders.order.created/subjects')).body).toEqual([
      { subject: 'io.acme.OrderKey', topic: 'orders.order.created', role: 'key', record: 'io.acme.OrderKey' },
      { subject: 'orders.order.created-io.acme.OrderCreated', topic: 'orders.order.created', role: 'value', record: 'io.acme.OrderCreated' },
      { subject: 'orders.order.created-io.acme.OrderAmended', topic: 'orders.order.created', role: 'value', record: 'io.acme.OrderAmended' },
    ]);
  });

  it('binds a topic value to <topic>-value by default (TopicNameStrategy) and fills in defaults', async () => {
    await sut.post('/catalog/topics', { name: 'orders.line.added', domain: 'orders' });
    const topic = (await sut.get('/catalog/topics/orders.line.added')).body;
    expect(topic).toEqual(
      expect.objectContaining({ lifecycle: 'active', ownerTeam: null, key: null, value: { strategy: 'TopicNameStrategy', records: [] }, tags: [] }),
    );
    expect((await sut.get('/catalog/topics/orders.line.added/subjects')).body).toEqual([
      { subject: 'orders.line.added-value', topic: 'orders.line.added', role: 'value' },
    ]);
  });

  it('describes events with their subject and version range, and producers and consumers with their consumer group', async () => {
    await sut.post('/catalog/topics', { name: 'orders.order.shipped', domain: 'orders', ownerTeam: 'order-core' });
    const event = await sut.post('/catalog/events', {
      name: 'OrderShipped',
      topic: 'orders.order.shipped',
      subject: 'orders.order.shipped-value',
      minVersion: 2,
      description: 'The parcel left the warehouse',
    });
    expect(event.status).toBe(201);
    expect(event.body).toEqual(expect.objectContaining({ subject: 'orders.order.shipped-value', minVersion: 2, maxVersion: null }));

    expect((await sut.put('/catalog/topics/orders.order.shipped/producers/order-service', {})).status).toBe(200);
    const consumer = await sut.put('/catalog/topics/orders.order.shipped/consumers/order-service', { consumerGroup: 'order-service' });
    expect(consumer.body).toEqual(expect.objectContaining({ role: 'consumer', consumerGroup: 'order-service' }));
    expect((await sut.get('/catalog/topics/orders.order.shipped/producers')).body).toEqual([
      { topic: 'orders.order.shipped', application: 'order-service', role: 'producer', consumerGroup: null },
    ]);
    expect((await sut.get('/catalog/applications/order-service/topics')).body.map((c: { role: string }) => c.role).sort()).toEqual([
      'consumer',
      'producer',
    ]);
    // Every binding of every topic in one answer, as the lineage graph reads them.
    expect((await sut.get('/catalog/clients')).body).toEqual([
      { topic: 'orders.order.shipped', application: 'order-service', role: 'consumer', consumerGroup: 'order-service' },
      { topic: 'orders.order.shipped', application: 'order-service', role: 'producer', consumerGroup: null },
    ]);
    const undeclared = await sut.put('/catalog/topics/orders.order.shipped/consumers/order-service', { consumerGroup: 'somebody-else' });
    expect(undeclared.status).toBe(422);
    expect(undeclared.body.message).toContain("consumer group 'somebody-else' is not one of application 'order-service''s consumer groups");
  });

  it('answers duplicates with 409, unknown entries with 404 and references to missing entries with 422', async () => {
    const duplicate = await sut.post('/catalog/domains', { name: 'orders' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ error_code: 40980, message: "Domain 'orders' already exists in the catalogue" });
    expect((await sut.put('/catalog/teams/nobody', { domain: 'orders' })).body.error_code).toBe(40480);
    expect((await sut.get('/catalog/topics/orders.none/producers')).status).toBe(404);
    const dangling = await sut.post('/catalog/topics', { name: 'orders.x.y', domain: 'nowhere', ownerTeam: 'ghosts' });
    expect(dangling.status).toBe(422);
    expect(dangling.body.error_code).toBe(42281);
    expect(dangling.body.message).toContain("domain names domain 'nowhere', which does not exist");
    expect(dangling.body.message).toContain("ownerTeam names team 'ghosts', which does not exist");
  });

  it('answers malformed bodies with 422 naming each field, never a 500', async () => {
    const bad = await sut.post('/catalog/topics', {
      name: 'bad topic!',
      domain: 'orders',
      partitions: 0,
      lifecycle: 'zombie',
      topicConfiguration: { 'cleanup.policy': ['shred'], 'retention.ms': 'long' },
      value: { strategy: 'RecordNameStrategy' },
      surprise: true,
    });
    expect(bad.status).toBe(422);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'partitions', 'lifecycle', 'topicConfiguration.cleanup.policy.0', 'topicConfiguration.retention.ms', 'value', '(body)']),
    );
    expect((await sut.post('/catalog/domains', '[1,2')).status).toBe(400);
    expect((await sut.post('/catalog/domains', [])).status).toBe(422);
    expect((await sut.put('/catalog/domains/orders', { name: 'other' })).status).toBe(422);
  });

  it('refuses to delete what others still name, and takes a topic\'s producers and consumers with it', async () => {
    const inUse = await sut.delete('/catalog/teams/order-core');
    expect(inUse.status).toBe(409);
    expect(inUse.body.error_code).toBe(40981);

    await sut.post('/catalog/topics', { name: 'orders.cart.abandoned', domain: 'orders' });
    await sut.put('/catalog/topics/orders.cart.abandoned/consumers/order-service', { consumerGroup: 'order-service' });
    expect((await sut.delete('/catalog/topics/orders.cart.abandoned')).status).toBe(200);
    const left = (await sut.get('/catalog/applications/order-service/topics')).body;
    expect(left.some((c: { topic: string }) => c.topic === 'orders.cart.abandoned')).toBe(false);
    expect((await sut.get('/catalog/clients')).body.some((c: { topic: string }) => c.topic === 'orders.cart.abandoned')).toBe(false);
  });

  it('lists entries of one domain', async () => {
    await sut.post('/catalog/domains', { name: 'billing' });
    await sut.post('/catalog/topics', { name: 'billing.invoice.sent', domain: 'billing' });
    expect((await sut.get('/catalog/topics?domain=billing')).body.map((t: { name: string }) => t.name)).toEqual(['billing.invoice.sent']);
    expect((await sut.get('/catalog/topics?domain=orders')).body.every((t: { domain: string }) => t.domain === 'orders')).toBe(true);
  });

  it("shows a subject's field tags from the schema, its metadata and the catalogue, and edits the catalogue's", async () => {
    const schema = JSON.stringify({
      type: 'record',
      name: 'Payment',
      namespace: 'io.acme',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'cardNumber', type: 'string', 'confluent:tags': ['PCI'] },
        { name: 'iban', type: 'string' },
        { name: 'amount', type: 'double' },
      ],
    });
    await sut.post('/catalog/topics', { name: 'orders.payment.taken', domain: 'orders' });
    expect((await sut.register('orders.payment.taken-value', schema, { metadata: { tags: { 'io.acme.Payment.iban': ['PII'] } } })).status).toBe(200);
    const put = await sut.put('/catalog/field-tags/orders.payment.taken-value', { path: 'io.acme.Payment.amount', tags: ['FINANCIAL'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ subject: 'orders.payment.taken-value', path: 'io.acme.Payment.amount', tags: ['FINANCIAL'], warnings: [] });
    const view = (await sut.get('/catalog/field-tags/orders.payment.taken-value')).body;
    expect(view).toEqual(expect.objectContaining({ subject: 'orders.payment.taken-value', version: 1, schemaType: 'AVRO', topics: ['orders.payment.taken'], orphans: [] }));
    const byName = Object.fromEntries(view.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.cardNumber).toEqual(expect.objectContaining({ schemaTags: ['PCI'], metadataTags: [], catalogTags: [], tags: ['PCI'] }));
    expect(byName.iban).toEqual(expect.objectContaining({ schemaTags: [], metadataTags: ['PII'], tags: ['PII'] }));
    expect(byName.amount).toEqual(expect.objectContaining({ catalogTags: ['FINANCIAL'], tags: ['FINANCIAL'] }));
    expect((await sut.get('/catalog/field-tags?subject=orders.payment.taken-value')).body).toHaveLength(1);
    expect((await sut.delete(`/catalog/field-tags/orders.payment.taken-value?path=${encodeURIComponent('io.acme.Payment.amount')}`)).status).toBe(200);
    expect((await sut.get('/catalog/field-tags?subject=orders.payment.taken-value')).body).toEqual([]);
    expect((await sut.delete('/catalog/field-tags/orders.payment.taken-value?path=nothing')).status).toBe(404);
  });

  it('answers odd requests anywhere in the catalogue with 4xx, never a 500', async () => {
    const bodies: unknown[] = ['null', 1, 'x', [], {}, { name: 1 }, { name: 'a'.repeat(300) }, { name: 'p', kind: 'naming', params: 5 }, { path: 5 }, { files: { a: 5 } }, { files: {} },
      { subject: 's', schema: '{}', references: [{}] }, { subject: '\u0001', schema: 'x' }, { subject: 's', schema: '"string"', schemaType: 'XML' }];
    const failures: string[] = [];
    const check = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
      const res = await api(charter.url, method, path, body, headers);
      if (res.status >= 500 || res.status < 400) failures.push(`${method} ${path} ${JSON.stringify(body)}: ${res.status} ${res.text}`);
    };
    for (const body of bodies) {
      for (const path of ['/catalog/topics', '/catalog/policies', '/catalog/impact', '/catalog/import?mode=apply']) await check('POST', path, body);
      for (const path of ['/catalog/teams/order-core', '/catalog/field-tags/x', '/catalog/topics/orders.none/consumers/order-service']) await check('PUT', path, body);
    }
    for (const path of ['/catalog/history?limit=abc', '/catalog/history?before=x', '/catalog/findings?severity=', '/catalog/export?layout=x', '/catalog/asyncapi/domains/x', '/catalog/asyncapi/applications/order-service?format=xml']) {
      await check('GET', path);
    }
    await check('POST', '/catalog/import?mode=apply', 'a: [', { 'content-type': 'application/yaml' });
    expect(failures).toEqual([]);
  });

  it('documents the catalogue in OpenAPI', async () => {
    const doc = (await sut.get('/docs/openapi.json')).body;
    for (const path of ['/catalog/domains', '/catalog/teams/{name}', '/catalog/topics/{name}/{role}/{application}', '/catalog/field-tags/{subject}']) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.paths['/catalog/topics'].post.requestBody.content['application/json'].schema.properties.topicConfiguration).toBeDefined();
  });
});
