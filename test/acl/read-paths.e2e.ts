import type { RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { ADMIN, as, avro, basic, startSecuredCharter, userWith } from './support';

/**
 * The reads serializers repeat are answered from memory before the framework (the fast lane):
 * a remembered answer must still go only to principals allowed to read it. And lists are
 * filtered before they are paged.
 */
describe.each(DATABASE_KINDS)('access on the read paths on %s', (kind) => {
  let charter: RunningCharter;
  let admin: ReturnType<typeof as>;
  let reader: ReturnType<typeof as>;
  let readerBinding: string;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    charter = await startSecuredCharter(kind);
    admin = as(charter, basic(ADMIN.user, ADMIN.password));
    reader = as(charter, await userWith(charter, 'reader', 'reader-password'));
    readerBinding = (await admin.post('/acl/bindings', { principal: 'User:reader', role: 'DeveloperRead', resource: { type: 'Subject', name: 'open-', patternType: 'PREFIXED' } })).body.id;
    ids.open = (await admin.register('open-value', avro('Open'))).body.id;
    ids.secret = (await admin.register('secret-value', avro('Secret'))).body.id;
    // What the administrator reads is remembered, ready for the fast lane.
    for (let i = 0; i < 2; i++) {
      await admin.get(`/schemas/ids/${ids.secret}`);
      await admin.get('/subjects/secret-value/versions/latest');
      await admin.post('/subjects/secret-value', { schema: avro('Secret') });
      await admin.get(`/schemas/ids/${ids.open}`);
      await admin.get('/subjects/open-value/versions/latest');
    }
  });
  afterAll(() => charter.close());

  it('does not serve a remembered answer to a principal who may not read it', async () => {
    expect((await reader.get(`/schemas/ids/${ids.secret}`)).body).toEqual({ error_code: 40403, message: `Schema ${ids.secret} not found` });
    expect((await reader.get('/subjects/secret-value/versions/latest')).body).toEqual({ error_code: 40401, message: "Subject 'secret-value' not found." });
    expect((await reader.post('/subjects/secret-value', { schema: avro('Secret') })).body).toEqual({ error_code: 40401, message: "Subject 'secret-value' not found." });
    expect((await as(charter).get(`/schemas/ids/${ids.open}`)).status).toBe(401);
    expect((await as(charter, basic('reader', 'wrong-password')).get('/subjects/open-value/versions/latest')).status).toBe(401);
  });

  it('serves it, the same bytes each time, to a principal who may', async () => {
    const first = await reader.get(`/schemas/ids/${ids.open}`);
    const again = await reader.get(`/schemas/ids/${ids.open}`);
    expect(first.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect((await reader.get('/subjects/open-value/versions/latest')).body).toEqual(expect.objectContaining({ subject: 'open-value', id: ids.open }));
    expect((await reader.post('/subjects/open-value', { schema: avro('Open') })).status).toBe(200);
  });

  it('stops serving as soon as the grant is removed', async () => {
    const temp = as(charter, await userWith(charter, 'temp', 'temp-password', [{ role: 'DeveloperRead', resource: { type: 'Subject', name: 'open-value' } }]));
    expect((await temp.get('/subjects/open-value/versions/latest')).status).toBe(200);
    const binding = (await admin.get('/acl/bindings')).body.find((b: { principal: string }) => b.principal === 'User:temp');
    await admin.delete(`/acl/bindings/${binding.id}`);
    expect((await temp.get('/subjects/open-value/versions/latest')).body.error_code).toBe(40401);
    expect((await temp.get(`/schemas/ids/${ids.open}`)).body.error_code).toBe(40403);
  });

  it('lets a schema id be read once a readable subject registers the same schema', async () => {
    expect((await reader.get(`/schemas/ids/${ids.secret}`)).status).toBe(404);
    expect((await admin.register('open-copy-value', avro('Secret'))).body.id).toBe(ids.secret);
    expect((await reader.get(`/schemas/ids/${ids.secret}`)).status).toBe(200);
    expect((await reader.get(`/schemas/ids/${ids.secret}/subjects`)).body).toEqual(['open-copy-value']);
    expect((await reader.get(`/schemas/ids/${ids.secret}/versions`)).body).toEqual([{ subject: 'open-copy-value', version: 1 }]);
  });

  it('pages lists after filtering them', async () => {
    for (let i = 0; i < 6; i++) {
      await admin.register(`open-page-${i}-value`, avro(`OpenPage${i}`));
      await admin.register(`closed-page-${i}-value`, avro(`ClosedPage${i}`));
    }
    const all = (await reader.get('/subjects')).body as string[];
    expect(all.every((s) => s.startsWith('open-'))).toBe(true);
    expect(all).toEqual(expect.arrayContaining(['open-page-0-value', 'open-page-5-value']));
    expect((await reader.get('/subjects?offset=1&limit=2')).body).toEqual(all.slice(1, 3));
    const schemas = (await reader.get('/schemas?subjectPrefix=open-page-&offset=2&limit=3')).body;
    expect(schemas.map((s: { subject: string }) => s.subject)).toEqual(['open-page-2-value', 'open-page-3-value', 'open-page-4-value']);
    expect((await reader.get('/subjects?limit=x')).body.error_code).toBe(400);
    expect((await admin.get('/subjects?offset=1&limit=2')).body).toHaveLength(2);
  });

  it('shows contexts where the principal can read something', async () => {
    await admin.register(':.team-a:open-value', avro('TeamA'));
    await admin.register(':.team-b:x-value', avro('TeamB'));
    await admin.post('/acl/bindings', { principal: 'User:reader', role: 'DeveloperRead', resource: { type: 'Subject', name: ':.team-a:', patternType: 'PREFIXED' } });
    expect((await reader.get('/contexts')).body).toEqual(['.', '.team-a']);
    expect((await reader.get('/contexts/.team-a/subjects/open-value/versions/1')).status).toBe(200);
    expect((await reader.get('/contexts/.team-b/subjects/x-value/versions/1')).body).toEqual({ error_code: 40401, message: "Subject ':.team-b:x-value' not found." });
    expect((await admin.get('/contexts')).body).toEqual(['.', '.team-a', '.team-b']);
  });

  it('filters GET /schemas beyond its first thousand versions', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `bulk-${String(i).padStart(4, '0')}-value`);
    for (let i = 0; i < many.length; i += 50) await Promise.all(many.slice(i, i + 50).map((s, j) => admin.register(s, avro(`Bulk${i + j}`))));
    await admin.register('open-zzz-last-value', avro('Last'));
    const seen = (await reader.get('/schemas?latestOnly=true')).body.map((s: { subject: string }) => s.subject);
    expect(seen).toContain('open-zzz-last-value');
    expect(seen.some((s: string) => s.startsWith('bulk-'))).toBe(false);
    expect(readerBinding).toBeDefined();
  });
});
