import { Parser } from '@asyncapi/parser';
import { CatalogState } from '../catalog-state';
import type { Topic } from '../catalog.types';
import { buildAsyncApi, type DocumentSchema } from './asyncapi-document';

const topic: Topic = {
  name: 'billing.invoice.issued',
  domain: 'billing',
  ownerTeam: 'billing-core',
  description: 'An invoice went out',
  lifecycle: 'active',
  partitions: 3,
  replicationFactor: null,
  topicConfiguration: { 'cleanup.policy': ['compact', 'delete'] },
  classification: 'internal',
  tags: ['finance'],
  key: null,
  value: { strategy: 'TopicNameStrategy', records: [] },
};

const state = CatalogState.of(9, {
  application: [{ name: 'biller', domain: 'billing', ownerTeam: 'billing-core', description: null, principals: [], consumerGroups: ['biller'] }],
  topic: [topic],
  client: [{ topic: topic.name, application: 'biller', role: 'consumer', consumerGroup: 'biller' }],
});

const invoice: DocumentSchema = {
  subject: 'billing.invoice.issued-value',
  version: 2,
  schemaType: 'JSON',
  text: JSON.stringify({
    type: 'object',
    properties: { customer: { $ref: 'customer.json' }, address: { $ref: 'customer.json#/definitions/address' }, lines: { $ref: '#/$defs/lines' } },
    $defs: { lines: { type: 'array' } },
  }),
  references: [
    {
      name: 'customer.json',
      subject: 'customer',
      version: 1,
      schemaType: 'JSON',
      schema: JSON.stringify({ type: 'object', definitions: { address: { type: 'string' } } }),
      references: [],
    },
  ],
};

describe('buildAsyncApi', () => {
  const sut = buildAsyncApi({
    state,
    title: 'billing domain',
    description: null,
    version: '9',
    server: { host: 'localhost:9092', schemaRegistryUrl: 'http://localhost:8081' },
    topics: [topic],
    clients: state.all('client'),
    schemas: new Map([[invoice.subject, invoice]]),
    extensions: { 'x-charter-domain': 'billing' },
  }) as any;

  it("points a JSON Schema's $refs, its own and other subjects', at their places in components", () => {
    const schema = sut.components.schemas['billing.invoice.issued-value'].schema;
    expect(schema.properties.customer.$ref).toBe('#/components/schemas/billing.invoice.issued-value.customer.json/schema');
    expect(schema.properties.address.$ref).toBe('#/components/schemas/billing.invoice.issued-value.customer.json/schema/definitions/address');
    expect(schema.properties.lines.$ref).toBe('#/components/schemas/billing.invoice.issued-value/schema/$defs/lines');
  });

  it('describes the consumer as a receive operation with its group, on a channel with the Kafka binding', () => {
    expect(sut.operations['biller.receive.billing.invoice.issued']).toEqual(
      expect.objectContaining({ action: 'receive', channel: { $ref: '#/channels/billing.invoice.issued' } }),
    );
    expect(sut.channels['billing.invoice.issued'].bindings.kafka).toEqual({
      topic: 'billing.invoice.issued',
      partitions: 3,
      topicConfiguration: { 'cleanup.policy': ['compact', 'delete'] },
      bindingVersion: '0.5.0',
    });
    expect(sut.channels['billing.invoice.issued'].tags).toEqual([{ name: 'internal' }, { name: 'finance' }]);
  });

  it("passes AsyncAPI's own parser without errors", async () => {
    const { diagnostics } = await new Parser().parse(sut);
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => d.message)).toEqual([]);
  });
});
