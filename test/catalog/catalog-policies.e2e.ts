import { startCharter, type RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { registry } from '../support/http';

const DAY = 86_400_000;
type Client = ReturnType<typeof registry>;

const customer = (emailField: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'record',
    name: 'Customer',
    namespace: 'io.acme',
    fields: [
      { name: 'id', type: 'long' },
      { name: 'email', type: 'string', ...emailField },
    ],
  });

/** A domain of its own per scenario, so domain-scoped policies do not meet. */
async function domain(sut: Client, name: string): Promise<void> {
  expect((await sut.post('/catalog/domains', { name })).status).toBe(201);
  expect((await sut.post('/catalog/teams', { name: `${name}-team`, domain: name })).status).toBe(201);
}

async function policy(sut: Client, body: Record<string, unknown>): Promise<void> {
  const res = await sut.post('/catalog/policies', body);
  expect(res.status).toBe(201);
}

async function historyOf(sut: Client, type: string, key: string): Promise<unknown[]> {
  return (await sut.get(`/catalog/history?type=${type}&key=${encodeURIComponent(key)}`)).body;
}

describe.each(DATABASE_KINDS)('catalogue policies on %s', (kind) => {
  let charter: RunningCharter;
  let sut: Client;

  beforeAll(async () => {
    charter = await startCharter(kind);
    sut = registry(charter.url);
  });
  afterAll(() => charter.close());

  describe.each(['warn', 'block'] as const)('at severity %s, checked on every catalogue write', (severity) => {
    /** Writes and expects 422 with the violation (block), or success with it as a warning (warn). */
    async function expectJudged(write: () => Promise<{ status: number; body: any }>, expected: Record<string, unknown>) {
      const res = await write();
      const violation = expect.objectContaining({ severity, ...expected, message: expect.any(String), fix: expect.any(String) });
      if (severity === 'block') {
        expect(res.status).toBe(422);
        expect(res.body.error_code).toBe(42280);
        expect(res.body.message).toContain(expected.policy as string);
        expect(res.body.violations).toEqual(expect.arrayContaining([violation]));
      } else {
        expect([200, 201]).toContain(res.status);
        expect(res.body.warnings).toEqual(expect.arrayContaining([violation]));
      }
      return res;
    }

    it('naming: a topic name against a {domain}.{entity}.{event} template with allowed words', async () => {
      const d = `naming-${severity}`;
      await domain(sut, d);
      await policy(sut, { name: `${d}-names`, kind: 'naming', domain: d, severity, params: { template: '{domain}.{entity}.{event}', words: { event: ['created', 'updated', 'deleted'] } } });
      expect((await sut.post('/catalog/topics', { name: `${d}.order.created`, domain: d })).body.warnings).toEqual([]);
      const res = await expectJudged(() => sut.post('/catalog/topics', { name: `${d}.order.shipped`, domain: d }), {
        policy: `${d}-names`,
        field: 'name',
        entity: { type: 'topic', key: `${d}.order.shipped` },
      });
      if (severity === 'block') {
        expect(res.body.violations[0].message).toContain("{event} is 'shipped', which is not one of the allowed words");
        expect(res.body.violations[0].fix).toContain(`e.g. '${d}.<entity>.created'`);
      }
    });

    it('naming: a regular expression, with catastrophic patterns refused when the policy is written', async () => {
      const d = `regex-${severity}`;
      await domain(sut, d);
      const unsafe = await sut.post('/catalog/policies', { name: `${d}-evil`, kind: 'naming', severity, params: { pattern: '^(a+)+$' } });
      expect(unsafe.status).toBe(422);
      expect(unsafe.body.error_code).toBe(42282);
      expect(unsafe.body.message).toContain('nests a variable quantifier');
      await policy(sut, { name: `${d}-lower`, kind: 'naming', domain: d, severity, params: { pattern: '^[a-z]+(\\.[a-z-]+)+$' } });
      await expectJudged(() => sut.post('/catalog/topics', { name: `${d}.Orders`, domain: d }), { policy: `${d}-lower`, field: 'name' });
    });

    it('retention: restricted topics keep records at most 30 days, audit topics at least 7 years', async () => {
      const d = `retention-${severity}`;
      await domain(sut, d);
      await policy(sut, { name: `${d}-restricted`, kind: 'retention', domain: d, severity, params: { classifications: ['restricted'], maxMs: 30 * DAY } });
      await policy(sut, { name: `${d}-audit`, kind: 'retention', domain: d, severity, params: { tags: ['audit'], minMs: 7 * 365 * DAY } });
      await expectJudged(
        () => sut.post('/catalog/topics', { name: `${d}.card.viewed`, domain: d, classification: 'restricted', topicConfiguration: { 'retention.ms': 90 * DAY } }),
        { policy: `${d}-restricted`, field: 'topicConfiguration.retention.ms' },
      );
      await expectJudged(() => sut.post('/catalog/topics', { name: `${d}.audit.log`, domain: d, tags: ['audit'] }), {
        policy: `${d}-audit`,
        field: 'topicConfiguration.retention.ms',
      });
      const fine = await sut.post('/catalog/topics', { name: `${d}.audit.kept`, domain: d, tags: ['audit'], topicConfiguration: { 'retention.ms': -1 } });
      expect(fine.body.warnings).toEqual([]);
    });

    it("reclassifying a topic (the data steward's write) is judged like any other topic write", async () => {
      const d = `reclassify-${severity}`;
      await domain(sut, d);
      await policy(sut, { name: `${d}-restricted`, kind: 'retention', domain: d, severity, params: { classifications: ['restricted'], maxMs: 30 * DAY } });
      const topic = `${d}.card.viewed`;
      expect((await sut.post('/catalog/topics', { name: topic, domain: d, classification: 'internal', tags: ['cards'], topicConfiguration: { 'retention.ms': 90 * DAY } })).status).toBe(201);
      await expectJudged(() => sut.put(`/catalog/topics/${topic}/classification`, { classification: 'restricted' }), {
        policy: `${d}-restricted`,
        field: 'topicConfiguration.retention.ms',
      });
      const stored = (await sut.get(`/catalog/topics/${topic}`)).body;
      // Blocked: nothing changed. Warned: the classification changed, the tags were kept.
      expect([stored.classification, stored.tags]).toEqual(severity === 'block' ? ['internal', ['cards']] : ['restricted', ['cards']]);
    });

    it('required fields: owner, description and classification', async () => {
      const d = `required-${severity}`;
      await domain(sut, d);
      await policy(sut, { name: `${d}-fields`, kind: 'required-fields', domain: d, severity, params: { fields: ['owner', 'description', 'classification'] } });
      const res = await expectJudged(() => sut.post('/catalog/topics', { name: `${d}.bare`, domain: d }), { policy: `${d}-fields`, field: 'ownerTeam' });
      const fields = (severity === 'block' ? res.body.violations : res.body.warnings).map((v: { field: string }) => v.field);
      expect(fields).toEqual(['classification', 'description', 'ownerTeam']);
      const complete = await sut.post('/catalog/topics', { name: `${d}.complete`, domain: d, ownerTeam: `${d}-team`, description: 'All there', classification: 'internal' });
      expect(complete.body.warnings).toEqual([]);
    });

    it('schema rule: a confidential topic has every PII-looking field tagged', async () => {
      const d = `pii-${severity}`;
      await domain(sut, d);
      await policy(sut, { name: `${d}-pii`, kind: 'pii-tagging', domain: d, severity });
      const topic = `${d}.customer.registered`;
      expect((await sut.register(`${topic}-value`, customer())).status).toBe(200);
      await expectJudged(() => sut.post('/catalog/topics', { name: topic, domain: d, classification: 'confidential' }), {
        policy: `${d}-pii`,
        field: `${topic}-value:io.acme.Customer.email`,
      });
      // Tagging the field in the catalogue is one way to comply.
      const tagged = await sut.put(`/catalog/field-tags/${encodeURIComponent(`${topic}-value`)}`, { path: 'io.acme.Customer.email', tags: ['PII'] });
      expect(tagged.status).toBe(200);
      const again = await sut[severity === 'block' ? 'post' : 'put'](
        severity === 'block' ? '/catalog/topics' : `/catalog/topics/${topic}`,
        { name: topic, domain: d, classification: 'confidential' },
      );
      expect(again.body.warnings).toEqual([]);
      // Removing the tag again is judged like any write.
      await expectJudged(() => sut.put(`/catalog/field-tags/${encodeURIComponent(`${topic}-value`)}`, { path: 'io.acme.Customer.email', tags: [] }), {
        policy: `${d}-pii`,
        entity: { type: 'topic', key: topic },
      });
    });

    it("schema rule: a topic's value subject is at least BACKWARD compatible", async () => {
      const d = `compat-${severity}`;
      await domain(sut, d);
      await policy(sut, { name: `${d}-compat`, kind: 'compatibility', domain: d, severity, params: { minimum: 'BACKWARD' } });
      const topic = `${d}.thing.happened`;
      expect((await sut.put(`/config/${topic}-value`, { compatibility: 'NONE' })).status).toBe(200);
      await expectJudged(() => sut.post('/catalog/topics', { name: topic, domain: d }), { policy: `${d}-compat`, field: `${topic}-value:compatibility` });
    });

    it('a blocking violation leaves nothing behind: no entry, no history', async () => {
      const d = `atomic-${severity}`;
      await domain(sut, d);
      await policy(sut, { name: `${d}-names`, kind: 'naming', domain: d, severity, params: { pattern: '^atomic-' } });
      const name = `Nope-${severity}`;
      const res = await sut.post('/catalog/topics', { name, domain: d });
      const present = (await sut.get(`/catalog/topics/${name}`)).status === 200;
      const history = await historyOf(sut, 'topic', name);
      if (severity === 'block') {
        expect(res.status).toBe(422);
        expect(present).toBe(false);
        expect(history).toEqual([]);
      } else {
        expect(present).toBe(true);
        expect(history).toHaveLength(1);
      }
    });
  });

  it("answers a bad reclassification with the catalogue's error codes, changing nothing", async () => {
    expect((await sut.post('/catalog/domains', { name: 'reclass' })).status).toBe(201);
    expect((await sut.post('/catalog/topics', { name: 'reclass.orders', domain: 'reclass', classification: 'public', tags: ['a'] })).status).toBe(201);
    const cases: [unknown, number, RegExp][] = [
      [{}, 42281, /classification, tags or both/],
      [{ classification: 'secret' }, 42281, /classification/],
      [{ tags: ['has space'] }, 42281, /tags/],
      [{ classification: 'internal', ownerTeam: 'someone' }, 42281, /ownerTeam/],
      ['"restricted"', 42281, /expected object/],
    ];
    for (const [body, code, message] of cases) {
      const res = await sut.put('/catalog/topics/reclass.orders/classification', body);
      expect([res.status, res.body.error_code]).toEqual([422, code]);
      expect(res.body.message).toMatch(message);
    }
    const missing = await sut.put('/catalog/topics/reclass.nothing/classification', { classification: 'internal' });
    expect([missing.status, missing.body.error_code]).toEqual([404, 40480]);
    const stored = (await sut.get('/catalog/topics/reclass.orders')).body;
    expect([stored.classification, stored.tags]).toEqual(['public', ['a']]);
    // Clearing is a change too: null classification, no tags.
    const cleared = await sut.put('/catalog/topics/reclass.orders/classification', { classification: null, tags: [] });
    expect(cleared.status).toBe(200);
    expect([cleared.body.classification, cleared.body.tags]).toEqual([null, []]);
    const history = await historyOf(sut, 'topic', 'reclass.orders');
    expect(history).toHaveLength(2);
  });

  describe('registration under a subject bound to a topic', () => {
    beforeAll(async () => {
      await domain(sut, 'crm');
      await policy(sut, { name: 'crm-pii', kind: 'pii-tagging', domain: 'crm', severity: 'block' });
      expect((await sut.post('/catalog/topics', { name: 'crm.customer.created', domain: 'crm', classification: 'confidential' })).status).toBe(201);
    });

    it('refuses a schema with an untagged PII-looking field with 42201, in the registry\'s own error shape', async () => {
      const res = await sut.register('crm.customer.created-value', customer());
      expect(res.status).toBe(422);
      expect(Object.keys(res.body).sort()).toEqual(['error_code', 'message']);
      expect(res.body.error_code).toBe(42201);
      expect(res.body.message).toContain('crm.customer.created');
      expect(res.body.message).toContain("Field 'email' (io.acme.Customer.email)");
      expect((await sut.get('/subjects/crm.customer.created-value/versions')).status).toBe(404);
    });

    it('accepts it once the field is tagged in the schema (confluent:tags)', async () => {
      const res = await sut.register('crm.customer.created-value', customer({ 'confluent:tags': ['PII'] }));
      expect(res.status).toBe(200);
    });

    it("accepts a field tagged through the version's metadata.tags", async () => {
      await sut.post('/catalog/topics', { name: 'crm.customer.updated', domain: 'crm', classification: 'restricted' });
      const res = await sut.register('crm.customer.updated-value', customer(), { metadata: { tags: { '**.email': ['PII'] } } });
      expect(res.status).toBe(200);
    });

    it('accepts a Protobuf field tagged with Confluent\'s field_meta option, and refuses an untagged one', async () => {
      await sut.post('/catalog/topics', { name: 'crm.contact.added', domain: 'crm', classification: 'confidential' });
      const proto = (option: string) =>
        `syntax = "proto3";\npackage crm;\nimport "confluent/meta.proto";\nmessage Contact {\n  int64 id = 1;\n  string phone_number = 2${option};\n}\n`;
      const refused = await sut.register('crm.contact.added-value', proto(''), { schemaType: 'PROTOBUF' });
      expect(refused.status).toBe(422);
      expect(refused.body.message).toContain('phone_number');
      const accepted = await sut.register('crm.contact.added-value', proto(' [(confluent.field_meta).tags = "PII"]'), { schemaType: 'PROTOBUF' });
      expect(accepted.status).toBe(200);
    });

    it('refuses a registration while the bound subject is below the required compatibility', async () => {
      await policy(sut, { name: 'crm-compat', kind: 'compatibility', domain: 'crm', severity: 'block' });
      await sut.post('/catalog/topics', { name: 'crm.lead.scored', domain: 'crm' });
      await sut.put('/config/crm.lead.scored-value', { compatibility: 'NONE' });
      const res = await sut.register('crm.lead.scored-value', JSON.stringify({ type: 'record', name: 'Lead', fields: [{ name: 'score', type: 'int' }] }));
      expect(res.status).toBe(422);
      expect(res.body.message).toContain('has compatibility NONE, weaker than the BACKWARD required');
      await sut.put('/config/crm.lead.scored-value', { compatibility: 'FULL' });
      const ok = await sut.register('crm.lead.scored-value', JSON.stringify({ type: 'record', name: 'Lead', fields: [{ name: 'score', type: 'int' }] }));
      expect(ok.status).toBe(200);
      await sut.delete('/catalog/policies/crm-compat');
    });

    it('lets a warning through, and leaves subjects no topic is bound to alone', async () => {
      await sut.put('/catalog/policies/crm-pii', { kind: 'pii-tagging', domain: 'crm', severity: 'warn' });
      expect((await sut.register('crm.customer.created-value', customer({ doc: 'untagged again' }))).status).toBe(200);
      await sut.put('/catalog/policies/crm-pii', { kind: 'pii-tagging', domain: 'crm', severity: 'block' });
      expect((await sut.register('unbound-value', customer())).status).toBe(200);
    });
  });

  describe('findings across the whole catalogue', () => {
    it('reports entries written before a policy existed, with their fixes, by domain and severity', async () => {
      await domain(sut, 'legacy');
      await sut.post('/catalog/topics', { name: 'LegacyTopic', domain: 'legacy' });
      await policy(sut, { name: 'legacy-names', kind: 'naming', domain: 'legacy', severity: 'block', params: { pattern: '^[a-z.]+$' } });
      await policy(sut, { name: 'legacy-owner', kind: 'required-fields', domain: 'legacy', severity: 'warn', params: { fields: ['owner'] } });
      const report = (await sut.get('/catalog/findings?domain=legacy')).body;
      expect(report.counts).toEqual({ warn: 1, block: 1 });
      expect(report.findings.map((f: { policy: string }) => f.policy)).toEqual(['legacy-names', 'legacy-owner']);
      expect(report.findings[0]).toEqual(expect.objectContaining({ entity: { type: 'topic', key: 'LegacyTopic' }, fix: expect.stringContaining('Rename') }));
      expect((await sut.get('/catalog/findings?domain=legacy&severity=warn')).body.findings).toHaveLength(1);
      expect((await sut.get('/catalog/findings?severity=loud')).status).toBe(422);
    });
  });
});
