import { registry } from '../support/http';

/** Avro schemas of the seeded `orders-value`: version 2 adds `total` with a default (compatible). */
export const ORDER_V1 = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'customer_email', type: 'string' },
  ],
};
export const ORDER_V2 = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'total', type: 'double', default: 0 }] };

/** Registry data the UI tests browse, written over the API as a producer's serializer would. */
export async function seedRegistry(base: string): Promise<void> {
  const r = registry(base);
  const ok = async (p: Promise<{ status: number; text: string }>) => {
    const res = await p;
    if (res.status !== 200) throw new Error(`seeding failed: ${res.status} ${res.text}`);
  };
  await ok(r.register('orders-value', ORDER_V1));
  await ok(r.register('orders-value', ORDER_V2));
  await ok(r.register('orders-key', '"string"'));
  await ok(r.register('shop.Address', { type: 'record', name: 'Address', namespace: 'shop', fields: [{ name: 'street', type: 'string' }, { name: 'postcode', type: 'string' }] }));
  await ok(
    r.register(
      'customers-value',
      { type: 'record', name: 'Customer', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'home', type: 'shop.Address' }] },
      { references: [{ name: 'shop.Address', subject: 'shop.Address', version: 1 }] },
    ),
  );
  await ok(
    r.register(
      'payments-value',
      'syntax = "proto3";\npackage shop;\n\nmessage Payment {\n  string id = 1;\n  int64 amount_cents = 2;\n  string card_holder = 3;\n}\n',
      { schemaType: 'PROTOBUF' },
    ),
  );
  await ok(r.register('team/shipments-value', { type: 'object', properties: { tracking_code: { type: 'string' } } }, { schemaType: 'JSON' }));
  await ok(r.register('scratch-value', '"int"'));
  await ok(r.register('scratch-value', '"long"'));
}

const DAY = 86_400_000;

/** Avro value of `sales.orders`: `customer_email` carries the PII tag in the schema itself. */
export const SALES_ORDER = {
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'io.acme.sales',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'amount_cents', type: 'long' },
    { name: 'customer_email', type: 'string', 'confluent:tags': ['PII'] },
    { name: 'loyalty_tier', type: ['null', 'string'], default: null },
  ],
};

/** The producers and consumers the catalogue seed declares, as `application role topic`. */
export const SEEDED_CLIENTS: { topic: string; application: string; role: 'producer' | 'consumer'; consumerGroup?: string }[] = [
  { topic: 'sales.orders', application: 'checkout', role: 'producer' },
  { topic: 'sales.orders', application: 'invoicing', role: 'consumer', consumerGroup: 'invoicing' },
  { topic: 'sales.orders', application: 'warehouse', role: 'consumer', consumerGroup: 'warehouse' },
  { topic: 'sales.orders', application: 'fraud-detector', role: 'consumer', consumerGroup: 'fraud' },
  { topic: 'sales.carts', application: 'checkout', role: 'producer' },
  { topic: 'finance.invoices', application: 'invoicing', role: 'producer' },
  { topic: 'logistics.shipments', application: 'warehouse', role: 'producer' },
  { topic: 'logistics.shipments', application: 'checkout', role: 'consumer', consumerGroup: 'checkout-tracking' },
];

/**
 * A small catalogue: three domains, teams and applications, topics with and without owners,
 * schemas with tagged personal data, producers and consumers, and policies written after the
 * entries (so they report findings instead of refusing the writes).
 */
export async function seedCatalog(base: string): Promise<void> {
  const r = registry(base);
  const ok = async (p: Promise<{ status: number; text: string }>, what: string) => {
    const res = await p;
    if (res.status !== 200 && res.status !== 201) throw new Error(`seeding ${what} failed: ${res.status} ${res.text}`);
  };
  const entries: [string, Record<string, unknown>][] = [
    ['/catalog/domains', { name: 'sales', description: 'Orders, carts and checkout' }],
    ['/catalog/domains', { name: 'finance', description: 'Invoices and payments' }],
    ['/catalog/domains', { name: 'logistics', description: 'Warehouses and shipping' }],
    ['/catalog/teams', { name: 'sales-core', domain: 'sales', description: 'Checkout and orders', contacts: [{ kind: 'email', value: 'sales-core@acme.test' }] }],
    ['/catalog/teams', { name: 'finance-ops', domain: 'finance' }],
    ['/catalog/teams', { name: 'logistics-team', domain: 'logistics' }],
    ['/catalog/applications', { name: 'checkout', domain: 'sales', ownerTeam: 'sales-core', principals: ['User:checkout'], consumerGroups: ['checkout-tracking'] }],
    ['/catalog/applications', { name: 'invoicing', domain: 'finance', ownerTeam: 'finance-ops', principals: ['User:invoicing'], consumerGroups: ['invoicing'] }],
    ['/catalog/applications', { name: 'fraud-detector', domain: 'finance', ownerTeam: 'finance-ops', consumerGroups: ['fraud'] }],
    ['/catalog/applications', { name: 'warehouse', domain: 'logistics', ownerTeam: 'logistics-team', consumerGroups: ['warehouse'] }],
    [
      '/catalog/topics',
      {
        name: 'sales.orders',
        domain: 'sales',
        ownerTeam: 'sales-core',
        description: 'Every order placed at checkout',
        classification: 'confidential',
        tags: ['revenue', 'tier-1'],
        partitions: 12,
        replicationFactor: 3,
        topicConfiguration: { 'cleanup.policy': ['delete'], 'retention.ms': 7 * DAY, 'min.insync.replicas': 2 },
        key: { strategy: 'TopicNameStrategy' },
      },
    ],
    ['/catalog/topics', { name: 'sales.carts', domain: 'sales', description: 'Cart updates, for recommendations', partitions: 6 }],
    ['/catalog/topics', { name: 'LegacyOrders', domain: 'sales', description: 'The old order feed', lifecycle: 'deprecated' }],
    [
      '/catalog/topics',
      {
        name: 'finance.invoices',
        domain: 'finance',
        ownerTeam: 'finance-ops',
        classification: 'restricted',
        tags: ['audit'],
        topicConfiguration: { 'retention.ms': 90 * DAY },
      },
    ],
    ['/catalog/topics', { name: 'logistics.shipments', domain: 'logistics', ownerTeam: 'logistics-team', classification: 'internal' }],
    ['/catalog/events', { name: 'OrderPlaced', topic: 'sales.orders', subject: 'sales.orders-value', description: 'A customer placed an order' }],
  ];
  for (const [path, body] of entries) await ok(r.post(path, body), `${path} ${body.name}`);
  for (const c of SEEDED_CLIENTS) {
    await ok(
      r.put(`/catalog/topics/${c.topic}/${c.role}s/${c.application}`, c.consumerGroup ? { consumerGroup: c.consumerGroup } : {}),
      `${c.role} ${c.application} of ${c.topic}`,
    );
  }
  await ok(r.register('sales.orders-value', SALES_ORDER), 'sales.orders-value');
  await ok(r.register('sales.orders-key', '"string"'), 'sales.orders-key');
  await ok(
    r.register(
      'logistics.shipments-value',
      { type: 'object', properties: { tracking_code: { type: 'string' }, recipient_name: { type: 'string' }, weight_grams: { type: 'integer' } } },
      { schemaType: 'JSON' },
    ),
    'logistics.shipments-value',
  );
  await ok(r.put('/catalog/field-tags/logistics.shipments-value', { path: '#/properties/recipient_name', tags: ['PII'] }), 'field tag');
  const policies: Record<string, unknown>[] = [
    { name: 'topic-names', kind: 'naming', severity: 'block', description: 'Topics are named <domain>.<entity>', params: { pattern: '^[a-z]+(\\.[a-z-]+)+$' } },
    { name: 'owners', kind: 'required-fields', severity: 'warn', params: { fields: ['owner'] } },
    { name: 'classified', kind: 'required-fields', severity: 'warn', params: { fields: ['classification'] } },
    { name: 'restricted-retention', kind: 'retention', severity: 'warn', params: { classifications: ['restricted'], maxMs: 30 * DAY } },
  ];
  for (const p of policies) await ok(r.post('/catalog/policies', p), `policy ${p.name}`);
}
