import { startCharter, type RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { registry } from '../support/http';

describe.each(DATABASE_KINDS)('catalogue shared by two Charter nodes on one %s database', (kind) => {
  let a: RunningCharter;
  let b: RunningCharter;

  beforeAll(async () => {
    a = await startCharter(kind);
    b = await startCharter(kind, {}, a.databaseUrl);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('takes concurrent writes on both nodes without losing any, and each node reads the other\'s', async () => {
    const [sa, sb] = [registry(a.url), registry(b.url)];
    expect((await sa.post('/catalog/domains', { name: 'shared' })).status).toBe(201);
    const writes = Array.from({ length: 16 }, (_, i) => (i % 2 ? sb : sa).post('/catalog/topics', { name: `shared.topic.t${i}`, domain: 'shared' }));
    expect((await Promise.all(writes)).map((r) => r.status)).toEqual(Array(16).fill(201));
    for (const node of [sa, sb]) {
      expect((await node.get('/catalog/topics?domain=shared')).body).toHaveLength(16);
    }
    const history = (await sb.get('/catalog/history?type=topic')).body;
    expect(history).toHaveLength(16);
    expect(new Set(history.map((h: { revision: number }) => h.revision)).size).toBe(16);
  });

  it('lets exactly one node create an entry both try to create', async () => {
    const [sa, sb] = [registry(a.url), registry(b.url)];
    const results = await Promise.all([sa.post('/catalog/teams', { name: 'twins', domain: 'shared' }), sb.post('/catalog/teams', { name: 'twins', domain: 'shared' })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it("refuses on one node a registration that breaks a policy written on the other", async () => {
    const [sa, sb] = [registry(a.url), registry(b.url)];
    expect((await sa.post('/catalog/policies', { name: 'shared-pii', kind: 'pii-tagging', domain: 'shared', severity: 'block' })).status).toBe(201);
    expect((await sa.post('/catalog/topics', { name: 'shared.person.joined', domain: 'shared', classification: 'restricted' })).status).toBe(201);
    // Any catalogue read on b brings it up to date (so would a change notification or its timer).
    expect((await sb.get('/catalog/topics/shared.person.joined')).status).toBe(200);
    const schema = JSON.stringify({ type: 'record', name: 'Person', fields: [{ name: 'email', type: 'string' }] });
    const refused = await sb.register('shared.person.joined-value', schema);
    expect(refused.status).toBe(422);
    expect(refused.body.error_code).toBe(42201);
  });
});
