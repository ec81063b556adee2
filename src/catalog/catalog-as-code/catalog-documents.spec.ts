import { CatalogState } from '../catalog-state';
import { changesFor, readDocuments, toDocuments } from './catalog-documents';

const state = CatalogState.of(4, {
  domain: [
    { name: 'sales', description: 'Orders' },
    { name: 'finance', description: null },
  ],
  team: [{ name: 'sales-core', domain: 'sales', description: null, contacts: [{ kind: 'email', value: 's@acme.test' }] }],
  application: [{ name: 'checkout', domain: 'sales', ownerTeam: 'sales-core', description: null, principals: ['User:checkout'], consumerGroups: ['checkout'] }],
  topic: [
    {
      name: 'sales.order.placed',
      domain: 'sales',
      ownerTeam: 'sales-core',
      description: null,
      lifecycle: 'active',
      partitions: 3,
      replicationFactor: null,
      topicConfiguration: { 'retention.ms': 1000 },
      classification: 'internal',
      tags: [],
      key: null,
      value: { strategy: 'TopicNameStrategy', records: [] },
    },
  ],
  client: [{ topic: 'sales.order.placed', application: 'checkout', role: 'producer', consumerGroup: null }],
  'field-tag': [
    { subject: 'sales.order.placed-value', path: 'a.b', tags: ['PII'] },
    { subject: 'unbound', path: 'x', tags: ['PHI'] },
  ],
  policy: [
    { name: 'global-names', kind: 'naming', domain: null, severity: 'warn', description: null, enabled: true, params: { target: 'topic', words: {}, pattern: '^x$' } },
  ],
});

describe('catalogue documents', () => {
  it('writes a document per domain and a Global one', () => {
    const sut = toDocuments(state);
    expect(sut.map((d) => d.file)).toEqual(['finance.yaml', 'sales.yaml', '_global.yaml']);
    expect(sut[1].document).toEqual({
      apiVersion: 'charter/v1',
      kind: 'Domain',
      domain: { name: 'sales', description: 'Orders' },
      teams: [{ name: 'sales-core', contacts: [{ kind: 'email', value: 's@acme.test' }] }],
      applications: [{ name: 'checkout', ownerTeam: 'sales-core', principals: ['User:checkout'], consumerGroups: ['checkout'], produces: ['sales.order.placed'] }],
      topics: [
        {
          name: 'sales.order.placed',
          ownerTeam: 'sales-core',
          lifecycle: 'active',
          classification: 'internal',
          partitions: 3,
          topicConfiguration: { 'retention.ms': 1000 },
        },
      ],
      fieldTags: [{ subject: 'sales.order.placed-value', path: 'a.b', tags: ['PII'] }],
    });
    expect(sut[2].document).toEqual(expect.objectContaining({ kind: 'Global', fieldTags: [{ subject: 'unbound', path: 'x', tags: ['PHI'] }] }));
  });

  it('reads back exactly what it wrote: no changes', () => {
    const { desired, problems } = readDocuments(toDocuments(state));
    expect(problems).toEqual([]);
    expect(changesFor(state, desired)).toEqual([]);
  });

  it('deletes what an imported domain document leaves out, and leaves other domains alone', () => {
    const sales = toDocuments(state, 'sales')[0];
    const { desired } = readDocuments([{ file: 'sales.yaml', document: { ...sales.document, applications: undefined } }]);
    expect(changesFor(state, desired).map((c) => [c.type, c.key, c.after ? 'upsert' : 'delete'])).toEqual([
      ['application', 'checkout', 'delete'],
      ['client', 'sales.order.placed/producer/checkout', 'delete'],
    ]);
  });

  it('reports duplicates and entries claiming another domain', () => {
    const { problems } = readDocuments([
      { file: 'a.yaml', document: { apiVersion: 'charter/v1', kind: 'Domain', domain: { name: 'sales' }, teams: [{ name: 't' }, { name: 't' }] } },
      { file: 'b.yaml', document: { apiVersion: 'charter/v1', kind: 'Domain', domain: { name: 'finance' }, topics: [{ name: 'x', domain: 'sales' }] } },
    ]);
    expect(problems).toEqual([
      { file: 'a.yaml', path: 'teams.1', message: "team 't' is also described at a.yaml: teams.0" },
      { file: 'b.yaml', path: 'topics.0.domain', message: "belongs to this document's domain 'finance'; leave domain out" },
    ]);
  });
});
