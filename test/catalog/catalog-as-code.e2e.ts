import { Parser } from '@asyncapi/parser';
import YAML from 'yaml';
import { startCharter, type RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { api, registry } from '../support/http';

type Client = ReturnType<typeof registry>;
const DAY = 86_400_000;

const ORDER_KEY = JSON.stringify({ type: 'record', name: 'OrderKey', namespace: 'io.acme.sales', fields: [{ name: 'orderId', type: 'string' }] });
const ORDER_PLACED = JSON.stringify({
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'io.acme.sales',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'customerEmail', type: 'string', 'confluent:tags': ['PII'] },
    { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
  ],
});
const INVOICE_JSON = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'InvoiceIssued',
  type: 'object',
  properties: { invoiceId: { type: 'string' }, lines: { type: 'array', items: { $ref: '#/definitions/line' } } },
  definitions: { line: { type: 'object', properties: { amount: { type: 'number' } } } },
});
const PAYMENT_PROTO = 'syntax = "proto3";\npackage finance;\n\nmessage PaymentSettled {\n  string payment_id = 1;\n  int64 amount_cents = 2;\n}\n';

/** A catalogue with something of every kind in it. */
async function seed(base: string): Promise<void> {
  const writes: [string, string, Record<string, unknown>][] = [
    ['POST', '/catalog/domains', { name: 'sales', description: 'Orders and checkout' }],
    ['POST', '/catalog/domains', { name: 'finance', description: 'Invoices and payments' }],
    ['POST', '/catalog/teams', { name: 'sales-core', domain: 'sales', contacts: [{ kind: 'email', value: 'sales@acme.test' }, { kind: 'slack', value: '#sales' }] }],
    ['POST', '/catalog/teams', { name: 'finance-ops', domain: 'finance', description: 'Money people' }],
    ['POST', '/catalog/applications', { name: 'checkout', domain: 'sales', ownerTeam: 'sales-core', principals: ['User:checkout'], consumerGroups: ['checkout'] }],
    ['POST', '/catalog/applications', { name: 'invoicing', domain: 'finance', ownerTeam: 'finance-ops', principals: ['User:invoicing'], consumerGroups: ['invoicing', 'invoicing-replay'] }],
    [
      'POST',
      '/catalog/topics',
      {
        name: 'sales.order.placed',
        domain: 'sales',
        ownerTeam: 'sales-core',
        description: 'A customer placed an order',
        classification: 'confidential',
        partitions: 12,
        replicationFactor: 3,
        topicConfiguration: { 'cleanup.policy': ['delete'], 'retention.ms': 14 * DAY, 'min.insync.replicas': 2, 'max.message.bytes': 1048588 },
        tags: ['revenue'],
        key: { strategy: 'TopicNameStrategy' },
      },
    ],
    ['POST', '/catalog/topics', { name: 'sales.cart.snapshot', domain: 'sales', lifecycle: 'deprecated', value: null, topicConfiguration: { 'cleanup.policy': ['compact'] } }],
    ['POST', '/catalog/topics', { name: 'finance.invoice.issued', domain: 'finance', ownerTeam: 'finance-ops', classification: 'internal', partitions: 6 }],
    [
      'POST',
      '/catalog/topics',
      { name: 'finance.payment.settled', domain: 'finance', ownerTeam: 'finance-ops', value: { strategy: 'RecordNameStrategy', records: ['finance.PaymentSettled'] } },
    ],
    ['POST', '/catalog/events', { name: 'OrderPlaced', topic: 'sales.order.placed', subject: 'sales.order.placed-value', description: 'Placed', minVersion: 1 }],
    ['PUT', '/catalog/topics/sales.order.placed/producers/checkout', {}],
    ['PUT', '/catalog/topics/sales.order.placed/consumers/invoicing', { consumerGroup: 'invoicing' }],
    ['PUT', '/catalog/topics/finance.invoice.issued/producers/invoicing', {}],
    ['PUT', '/catalog/topics/finance.payment.settled/producers/invoicing', {}],
    ['PUT', '/catalog/topics/finance.invoice.issued/consumers/checkout', { consumerGroup: 'checkout' }],
    ['PUT', `/catalog/field-tags/${encodeURIComponent('sales.order.placed-value')}`, { path: 'io.acme.sales.OrderPlaced.orderId', tags: ['BUSINESS_KEY'] }],
    ['PUT', `/catalog/field-tags/${encodeURIComponent('loose-subject')}`, { path: 'x', tags: ['PII'] }],
    ['POST', '/catalog/policies', { name: 'topic-names', kind: 'naming', severity: 'warn', params: { template: '{domain}.{entity}.{event}' } }],
    ['POST', '/catalog/policies', { name: 'finance-owners', kind: 'required-fields', domain: 'finance', severity: 'block', params: { fields: ['owner'] } }],
    ['POST', '/catalog/policies', { name: 'sales-pii', kind: 'pii-tagging', domain: 'sales', severity: 'block', enabled: false }],
  ];
  for (const [method, path, body] of writes) {
    const res = await api(base, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.text}`);
  }
}

describe.each(DATABASE_KINDS)('catalogue as code on %s', (kind) => {
  let charter: RunningCharter;
  let sut: Client;

  const exportFiles = async (base = charter.url): Promise<Record<string, string>> => (await api(base, 'GET', '/catalog/export?layout=files')).body.files;
  const importFiles = (files: Record<string, string>, mode: string, base = charter.url) => api(base, 'POST', `/catalog/import?mode=${mode}`, { files });
  const importYaml = (yaml: string, mode: string) => api(charter.url, 'POST', `/catalog/import?mode=${mode}`, yaml, { 'content-type': 'application/yaml' });
  const historySize = async () => (await sut.get('/catalog/history?limit=1000')).body.length;

  beforeAll(async () => {
    charter = await startCharter(kind);
    sut = registry(charter.url);
    await seed(charter.url);
    expect((await sut.register('sales.order.placed-key', ORDER_KEY)).status).toBe(200);
    expect((await sut.register('sales.order.placed-value', ORDER_PLACED)).status).toBe(200);
    expect((await sut.register('finance.invoice.issued-value', INVOICE_JSON, { schemaType: 'JSON' })).status).toBe(200);
    expect((await sut.register('finance.PaymentSettled', PAYMENT_PROTO, { schemaType: 'PROTOBUF' })).status).toBe(200);
  });
  afterAll(() => charter.close());

  describe('export', () => {
    it('writes a YAML stream with one document per domain and one for the global part', async () => {
      const res = await sut.get('/catalog/export');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/yaml');
      expect(res.text).toContain('--- # finance.yaml\n');
      expect(res.text).toContain('--- # sales.yaml\n');
      expect(res.text).toContain('--- # _global.yaml\n');
      const docs = YAML.parseAllDocuments(res.text).map((d) => d.toJS());
      expect(docs.map((d) => [d.kind, d.domain?.name])).toEqual([
        ['Domain', 'finance'],
        ['Domain', 'sales'],
        ['Global', undefined],
      ]);
      const sales = docs[1];
      expect(sales.teams).toEqual([{ name: 'sales-core', contacts: [{ kind: 'email', value: 'sales@acme.test' }, { kind: 'slack', value: '#sales' }] }]);
      expect(sales.applications[0]).toEqual(
        expect.objectContaining({ name: 'checkout', produces: ['sales.order.placed'], consumes: [{ topic: 'finance.invoice.issued', consumerGroup: 'checkout' }] }),
      );
      expect(sales.topics.find((t: { name: string }) => t.name === 'sales.order.placed')).toEqual({
        name: 'sales.order.placed',
        ownerTeam: 'sales-core',
        description: 'A customer placed an order',
        lifecycle: 'active',
        classification: 'confidential',
        partitions: 12,
        replicationFactor: 3,
        topicConfiguration: { 'cleanup.policy': ['delete'], 'retention.ms': 14 * DAY, 'min.insync.replicas': 2, 'max.message.bytes': 1048588 },
        tags: ['revenue'],
        key: { strategy: 'TopicNameStrategy' },
      });
      expect(sales.topics.find((t: { name: string }) => t.name === 'sales.cart.snapshot').value).toBeNull();
      expect(sales.policies).toEqual([{ name: 'sales-pii', kind: 'pii-tagging', severity: 'block', enabled: false, params: expect.any(Object) }]);
      expect(docs[2].fieldTags).toEqual([{ subject: 'loose-subject', path: 'x', tags: ['PII'] }]);
    });

    it('exports one domain, or a map of file names to YAML', async () => {
      const one = await sut.get('/catalog/export?domain=finance');
      expect(YAML.parseAllDocuments(one.text)).toHaveLength(1);
      expect(Object.keys(await exportFiles())).toEqual(['finance.yaml', 'sales.yaml', '_global.yaml']);
      expect((await sut.get('/catalog/export?domain=nowhere')).status).toBe(404);
    });
  });

  describe('import', () => {
    it('round-trips: importing what was exported plans nothing and applies nothing', async () => {
      const files = await exportFiles();
      const before = await historySize();
      const plan = await importFiles(files, 'plan');
      expect(plan.status).toBe(200);
      expect(plan.body).toEqual(expect.objectContaining({ valid: true, blocked: false, applied: false, operations: [], errors: [] }));
      const applied = await importFiles(files, 'apply');
      expect(applied.body).toEqual(expect.objectContaining({ applied: false, operations: [] }));
      const stream = await importYaml((await sut.get('/catalog/export')).text, 'apply');
      expect(stream.body.operations).toEqual([]);
      expect(await historySize()).toBe(before);
      expect(await exportFiles()).toEqual(files);
    });

    it('rebuilds the same catalogue in an empty Charter', async () => {
      const files = await exportFiles();
      const other = await startCharter(kind);
      try {
        const applied = await importFiles(files, 'apply', other.url);
        expect(applied.status).toBe(200);
        expect(applied.body.applied).toBe(true);
        expect(applied.body.operations.every((o: { action: string }) => o.action === 'create')).toBe(true);
        expect(await exportFiles(other.url)).toEqual(files);
        expect((await importFiles(files, 'plan', other.url)).body.operations).toEqual([]);
      } finally {
        await other.close();
      }
    });

    it('plans the creates, updates and deletes a changed document makes, without making them', async () => {
      const files = await exportFiles();
      const sales = YAML.parse(files['sales.yaml']);
      sales.topics.find((t: { name: string }) => t.name === 'sales.order.placed').description = 'An order was placed';
      sales.topics = sales.topics.filter((t: { name: string }) => t.name !== 'sales.cart.snapshot');
      sales.topics.push({ name: 'sales.order.cancelled', ownerTeam: 'sales-core' });
      const plan = await importFiles({ 'sales.yaml': YAML.stringify(sales) }, 'plan');
      expect(plan.body.operations).toEqual([
        { action: 'delete', type: 'topic', key: 'sales.cart.snapshot' },
        { action: 'create', type: 'topic', key: 'sales.order.cancelled' },
        { action: 'update', type: 'topic', key: 'sales.order.placed', changed: ['description'] },
      ]);
      expect((await sut.get('/catalog/topics/sales.cart.snapshot')).status).toBe(200);
      expect((await sut.get('/catalog/topics/sales.order.placed')).body.description).toBe('A customer placed an order');

      const applied = await importFiles({ 'sales.yaml': YAML.stringify(sales) }, 'apply');
      expect(applied.body.applied).toBe(true);
      expect((await sut.get('/catalog/topics/sales.cart.snapshot')).status).toBe(404);
      expect((await sut.get('/catalog/topics/sales.order.placed')).body.description).toBe('An order was placed');
      // The finance document was not imported, so finance is untouched.
      expect((await sut.get('/catalog/topics/finance.invoice.issued')).status).toBe(200);
      expect((await importFiles(files, 'apply')).body.applied).toBe(true);
      expect(await exportFiles()).toEqual(files);
    });

    it('validates documents and says where each problem is', async () => {
      const bad = await importYaml(
        'apiVersion: charter/v1\nkind: Domain\ndomain: {name: sales}\ntopics:\n  - name: sales.x.y\n    partitions: many\n    colour: red\n',
        'validate',
      );
      expect(bad.status).toBe(200);
      expect(bad.body.valid).toBe(false);
      expect(bad.body.errors).toEqual(
        expect.arrayContaining([
          { file: '(body)', path: 'topics.0.partitions', message: expect.any(String) },
          { file: '(body)', path: 'topics.0', message: expect.stringContaining('colour') },
        ]),
      );
      const broken = await importYaml('apiVersion: charter/v1\nkind: Domain\ndomain: {name: sales\n', 'validate');
      expect(broken.body.valid).toBe(false);
      expect(broken.body.errors[0].path).toMatch(/^line \d+/);
      const unknownKind = await importYaml('apiVersion: charter/v1\nkind: Cluster\n', 'validate');
      expect(unknownKind.body.errors[0].message).toContain('kind must be Domain or Global');
      const dangling = await importYaml('apiVersion: charter/v1\nkind: Domain\ndomain: {name: sales}\ntopics:\n  - {name: sales.a.b, ownerTeam: ghosts}\n', 'validate');
      expect(dangling.body.valid).toBe(false);
      expect(dangling.body.errors[0].message).toContain("team 'ghosts', which does not exist");
      const applyBad = await importYaml('apiVersion: charter/v1\nkind: Domain\ndomain: {name: sales}\ntopics: 7\n', 'apply');
      expect(applyBad.status).toBe(422);
      expect(applyBad.body.error_code).toBe(42283);
      expect((await api(charter.url, 'POST', '/catalog/import?mode=apply', { nothing: true })).status).toBe(422);
      expect((await api(charter.url, 'POST', '/catalog/import?mode=yolo', { files: {} })).status).toBe(422);
    });

    it('refuses an apply that breaks a blocking policy, lists every violation and changes nothing', async () => {
      const files = await exportFiles();
      const finance = YAML.parse(files['finance.yaml']);
      finance.topics.push({ name: 'finance.refund.issued' }, { name: 'finance.chargeback.opened' });
      const before = await historySize();
      const plan = await importFiles({ 'finance.yaml': YAML.stringify(finance) }, 'plan');
      expect(plan.body.blocked).toBe(true);
      expect(plan.body.operations).toHaveLength(2);
      const applied = await importFiles({ 'finance.yaml': YAML.stringify(finance) }, 'apply');
      expect(applied.status).toBe(422);
      expect(applied.body.error_code).toBe(42280);
      expect(applied.body.violations.filter((v: { severity: string }) => v.severity === 'block').map((v: { entity: { key: string } }) => v.entity.key)).toEqual([
        'finance.chargeback.opened',
        'finance.refund.issued',
      ]);
      expect((await sut.get('/catalog/topics/finance.refund.issued')).status).toBe(404);
      expect(await historySize()).toBe(before);
      expect(await exportFiles()).toEqual(files);
    });
  });

  describe('AsyncAPI 3.0', () => {
    async function validate(document: unknown) {
      const { diagnostics } = await new Parser().parse(document as { asyncapi: string });
      return diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('/')}: ${d.message}`);
    }

    it("exports a domain's topics as channels with Kafka bindings, producers and consumers as operations, and schemas inline; AsyncAPI's parser finds no error", async () => {
      const res = await sut.get('/catalog/asyncapi/domains/sales?server=kafka.acme.test:9092');
      expect(res.status).toBe(200);
      const doc = res.body;
      expect(await validate(doc)).toEqual([]);
      expect(doc.asyncapi).toBe('3.0.0');
      expect(doc.servers.kafka).toEqual(
        expect.objectContaining({ host: 'kafka.acme.test:9092', protocol: 'kafka', bindings: { kafka: expect.objectContaining({ schemaRegistryUrl: charter.url }) } }),
      );
      expect(doc.info.contact).toEqual({ name: 'sales-core', email: 'sales@acme.test' });
      expect(doc.channels['sales.order.placed'].bindings.kafka).toEqual({
        topic: 'sales.order.placed',
        partitions: 12,
        replicas: 3,
        topicConfiguration: { 'cleanup.policy': ['delete'], 'retention.ms': 14 * DAY, 'min.insync.replicas': 2, 'max.message.bytes': 1048588 },
        bindingVersion: '0.5.0',
      });
      expect(Object.keys(doc.operations).sort()).toEqual([
        'checkout.receive.finance.invoice.issued',
        'checkout.send.sales.order.placed',
        'invoicing.receive.sales.order.placed',
      ]);
      expect(doc.operations['invoicing.receive.sales.order.placed'].bindings.kafka.groupId).toEqual({ type: 'string', enum: ['invoicing'] });
      const message = doc.components.messages['sales.order.placed-value'];
      expect(message.name).toBe('OrderPlaced');
      expect(message.bindings.kafka.key).toEqual({ $ref: '#/components/schemas/sales.order.placed-key' });
      expect(doc.components.schemas['sales.order.placed-value']).toEqual({
        schemaFormat: 'application/vnd.apache.avro;version=1.9.0',
        schema: JSON.parse(ORDER_PLACED),
      });
      const invoice = doc.components.schemas['finance.invoice.issued-value'];
      expect(invoice.schemaFormat).toBe('application/schema+json;version=draft-07');
      expect(invoice.schema.properties.lines.items.$ref).toBe('#/components/schemas/finance.invoice.issued-value/schema/definitions/line');
    });

    it('exports an application, with Protobuf schemas as text, in YAML on request', async () => {
      const res = await sut.get('/catalog/asyncapi/applications/invoicing?format=yaml');
      expect(res.headers.get('content-type')).toContain('application/yaml');
      const doc = YAML.parse(res.text);
      expect(await validate(doc)).toEqual([]);
      expect(Object.keys(doc.channels).sort()).toEqual(['finance.invoice.issued', 'finance.payment.settled', 'sales.order.placed']);
      expect(doc.components.schemas['finance.PaymentSettled']).toEqual({ schemaFormat: 'application/vnd.google.protobuf;version=3', schema: PAYMENT_PROTO });
      expect(doc.info['x-charter-owner']).toBe('finance-ops');
      expect((await sut.get('/catalog/asyncapi/applications/nobody')).status).toBe(404);
    });
  });
});
