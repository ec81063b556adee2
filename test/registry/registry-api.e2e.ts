import { startCharter, type RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { registry, V1 } from '../support/http';

const record = (name: string, fields: { name: string; type: unknown; default?: unknown }[]) =>
  JSON.stringify({ type: 'record', name, fields });
const userV1 = record('User', [{ name: 'id', type: 'long' }]);
const userV2 = record('User', [
  { name: 'id', type: 'long' },
  { name: 'email', type: 'string', default: '' },
]);
const userBreaking = record('User', [
  { name: 'id', type: 'long' },
  { name: 'email', type: 'string' },
]);

describe.each(DATABASE_KINDS)('registry API on %s', (kind) => {
  let charter: RunningCharter;
  let sut: ReturnType<typeof registry>;

  beforeAll(async () => {
    charter = await startCharter(kind);
    sut = registry(charter.url);
  });
  afterAll(() => charter.close());

  describe('registering and reading schemas', () => {
    it('registers a schema and reads it back by id, by version and as latest', async () => {
      const reg = await sut.register('orders-value', userV1);
      expect(reg.status).toBe(200);
      expect(reg.body).toEqual(expect.objectContaining({ id: expect.any(Number), version: 1 }));
      const id = reg.body.id;

      const byId = await sut.get(`/schemas/ids/${id}`);
      expect(byId.status).toBe(200);
      expect(byId.headers.get('content-type')).toBe(V1);
      expect(byId.body.schema).toBe(userV1);
      expect(byId.body.schemaType).toBeUndefined(); // AVRO is the default and left out

      for (const v of ['1', 'latest', '-1']) {
        const version = await sut.get(`/subjects/orders-value/versions/${v}`);
        expect(version.status).toBe(200);
        expect(version.body).toEqual(expect.objectContaining({ subject: 'orders-value', version: 1, id, schema: userV1 }));
      }
      const raw = await sut.get('/subjects/orders-value/versions/1/schema');
      expect(JSON.parse(raw.text)).toEqual(JSON.parse(userV1));
      expect((await sut.get(`/schemas/ids/${id}/schema`)).text).toBe(userV1);
    });

    it('returns the existing id and version when a subject already holds the schema', async () => {
      const first = await sut.register('idem-value', userV1);
      const again = await sut.register('idem-value', JSON.stringify(JSON.parse(userV1), null, 2));
      expect(again.status).toBe(200);
      expect(again.body).toEqual(expect.objectContaining({ id: first.body.id, version: 1 }));
      expect((await sut.get('/subjects/idem-value/versions')).body).toEqual([1]);
    });

    it('shares one id between subjects that register the same schema', async () => {
      const a = await sut.register('share-a', record('Shared', [{ name: 'x', type: 'int' }]));
      const b = await sut.register('share-b', record('Shared', [{ name: 'x', type: 'int' }]));
      expect(b.body.id).toBe(a.body.id);
      expect((await sut.get(`/schemas/ids/${a.body.id}/subjects`)).body).toEqual(['share-a', 'share-b']);
      expect((await sut.get(`/schemas/ids/${a.body.id}/versions`)).body).toEqual([
        { subject: 'share-a', version: 1 },
        { subject: 'share-b', version: 1 },
      ]);
    });

    it('finds the version that holds a schema, and says which part is missing when none does', async () => {
      await sut.register('lookup-value', userV1);
      await sut.register('lookup-value', userV2);
      const found = await sut.post('/subjects/lookup-value', { schema: userV1 });
      expect(found.status).toBe(200);
      expect(found.body).toEqual(expect.objectContaining({ subject: 'lookup-value', version: 1, schema: userV1 }));
      const missing = await sut.post('/subjects/lookup-value', { schema: record('Other', [{ name: 'a', type: 'int' }]) });
      expect(missing.status).toBe(404);
      expect(missing.body.error_code).toBe(40403);
      const noSubject = await sut.post('/subjects/nobody-value', { schema: userV1 });
      expect(noSubject.body).toEqual({ error_code: 40401, message: "Subject 'nobody-value' not found." });
    });

    it('answers repeated lookups with the same bytes, and new or malformed bodies as the first time', async () => {
      await sut.register('repeat-value', userV1);
      await sut.register('repeat-value', userV2);
      const first = await sut.post('/subjects/repeat-value', { schema: userV2 });
      const again = await sut.post('/subjects/repeat-value', { schema: userV2 });
      expect(again.status).toBe(200);
      expect(again.text).toBe(first.text);
      expect(again.body.version).toBe(2);
      expect((await sut.post('/subjects/repeat-value', { schema: userV1 })).body.version).toBe(1);
      expect((await sut.post('/subjects/repeat-value', { schema: userBreaking })).body.error_code).toBe(40403);
      const broken = await sut.post('/subjects/repeat-value', '{"schema": ', { 'content-type': V1 });
      expect(broken.status).toBe(400);
      // A change to the subject forgets what was remembered.
      await sut.delete('/subjects/repeat-value/versions/2');
      expect((await sut.post('/subjects/repeat-value', { schema: userV2 })).body.error_code).toBe(40403);
    });

    it('serves subjects whose names contain a slash, sent as %2F', async () => {
      const subject = 'acme/orders/created.proto';
      const reg = await sut.register(subject, record('Slash', [{ name: 'a', type: 'int' }]));
      expect(reg.status).toBe(200);
      const v = await sut.get(`/subjects/${encodeURIComponent(subject)}/versions/1`);
      expect(v.body.subject).toBe(subject);
      expect((await sut.get('/subjects')).body).toContain(subject);
    });

    it('lists subjects by prefix, with deleted ones on request, paged', async () => {
      await sut.register('list-a', record('LA', [{ name: 'a', type: 'int' }]));
      await sut.register('list-b', record('LB', [{ name: 'a', type: 'int' }]));
      await sut.register('list-c', record('LC', [{ name: 'a', type: 'int' }]));
      await sut.delete('/subjects/list-c');
      expect((await sut.get('/subjects?subjectPrefix=list-')).body).toEqual(['list-a', 'list-b']);
      expect((await sut.get('/subjects?subjectPrefix=list-&deleted=true')).body).toEqual(['list-a', 'list-b', 'list-c']);
      expect((await sut.get('/subjects?subjectPrefix=list-&deletedOnly=true')).body).toEqual(['list-c']);
      expect((await sut.get('/subjects?subjectPrefix=list-&offset=1&limit=1')).body).toEqual(['list-b']);
    });

    it('answers the schema types, the server metadata and liveness', async () => {
      expect((await sut.get('/schemas/types')).body).toEqual(['JSON', 'PROTOBUF', 'AVRO']);
      expect((await sut.get('/')).body).toEqual({});
      expect((await sut.get('/v1/metadata/version')).body).toEqual(expect.objectContaining({ version: expect.any(String) }));
      expect((await sut.get('/v1/metadata/id')).body.scope.clusters).toBeDefined();
    });

    it('reads a schema by its GUID', async () => {
      const reg = await sut.register('guid-value', record('Guid', [{ name: 'g', type: 'int' }]));
      const byId = await sut.get(`/schemas/ids/${reg.body.id}`);
      const guid = byId.body.guid;
      expect(guid).toMatch(/^[0-9a-f-]{36}$/);
      expect((await sut.get(`/schemas/guids/${guid}`)).body.schema).toBe(byId.body.schema);
      expect((await sut.get(`/schemas/guids/${guid}/ids`)).body).toEqual([{ context: '.', id: reg.body.id }]);
    });
  });

  describe('deleting', () => {
    it('soft-deletes, keeps numbering versions after it, and keeps deleted versions readable by id', async () => {
      const v1 = await sut.register('del-value', userV1);
      expect((await sut.delete('/subjects/del-value/versions/1')).body).toBe(1);
      // With no live version left the subject itself is not found, as in Confluent.
      expect((await sut.get('/subjects/del-value/versions/1')).body.error_code).toBe(40401);
      expect((await sut.get('/subjects/del-value/versions/1?deleted=true')).body).toEqual(
        expect.objectContaining({ version: 1, deleted: true }),
      );
      expect((await sut.get(`/schemas/ids/${v1.body.id}`)).status).toBe(200);
      const v2 = await sut.register('del-value', userV2);
      expect(v2.body.version).toBe(2);
      expect((await sut.get('/subjects/del-value/versions?deletedAsNegative=true')).body).toEqual([-1, 2]);
      expect((await sut.get('/subjects/del-value/versions/1')).body.error_code).toBe(40402);
    });

    it('needs a soft delete before a permanent one, and restarts versions at 1 afterwards', async () => {
      const first = await sut.register('perm-value', record('Perm', [{ name: 'p', type: 'int' }]));
      const early = await sut.delete('/subjects/perm-value?permanent=true');
      expect(early.status).toBe(404);
      expect(early.body.error_code).toBe(40405);
      expect((await sut.delete('/subjects/perm-value')).body).toEqual([1]);
      expect((await sut.delete('/subjects/perm-value')).body.error_code).toBe(40404);
      expect((await sut.delete('/subjects/perm-value?permanent=true')).body).toEqual([1]);
      expect((await sut.get(`/schemas/ids/${first.body.id}`)).body.error_code).toBe(40403);
      expect((await sut.get('/subjects/perm-value/versions')).body.error_code).toBe(40401);
      const again = await sut.register('perm-value', record('Perm', [{ name: 'p', type: 'int' }]));
      expect(again.body.version).toBe(1);
      expect(again.body.id).not.toBe(first.body.id);
    });

    it('refuses to delete a version another subject references (42206) and lists who references it', async () => {
      const address = record('Address', [{ name: 'street', type: 'string' }]);
      await sut.register('address-value', address);
      const customer = JSON.stringify({ type: 'record', name: 'Customer', fields: [{ name: 'home', type: 'Address' }] });
      const ref = await sut.register('customer-value', customer, {
        references: [{ name: 'Address', subject: 'address-value', version: 1 }],
      });
      expect(ref.status).toBe(200);
      expect((await sut.get('/subjects/address-value/versions/1/referencedby')).body).toEqual([ref.body.id]);
      const blocked = await sut.delete('/subjects/address-value/versions/1');
      expect(blocked.status).toBe(422);
      expect(blocked.body.error_code).toBe(42206);
      expect((await sut.delete('/subjects/address-value')).body.error_code).toBe(42206);
      await sut.delete('/subjects/customer-value');
      expect((await sut.delete('/subjects/address-value')).status).toBe(200);
    });

    it('answers 40406 and 40407 for versions in the wrong deletion state', async () => {
      await sut.register('vdel-value', userV1);
      await sut.register('vdel-value', userV2);
      expect((await sut.delete('/subjects/vdel-value/versions/1?permanent=true')).body.error_code).toBe(40407);
      await sut.delete('/subjects/vdel-value/versions/1');
      expect((await sut.delete('/subjects/vdel-value/versions/1')).body.error_code).toBe(40406);
      expect((await sut.delete('/subjects/vdel-value/versions/1?permanent=true')).body).toBe(1);
      expect((await sut.get('/subjects/vdel-value/versions?deleted=true')).body).toEqual([2]);
    });
  });

  describe('compatibility', () => {
    it('rejects an incompatible schema under the default BACKWARD level with 40901 and the reasons', async () => {
      await sut.register('compat-value', userV1);
      const bad = await sut.register('compat-value', userBreaking);
      expect(bad.status).toBe(409);
      expect(bad.body.error_code).toBe(40901);
      expect(bad.body.message).toContain('Schema being registered is incompatible with an earlier schema for subject "compat-value"');
      expect(bad.body.message).toContain('READER_FIELD_MISSING_DEFAULT_VALUE');
      expect((await sut.register('compat-value', userV2)).body.version).toBe(2);
    });

    it('checks a schema without registering it, with Confluent messages when verbose', async () => {
      await sut.register('check-value', userV1);
      const ok = await sut.post('/compatibility/subjects/check-value/versions/latest', { schema: userV2 });
      expect(ok.body).toEqual({ is_compatible: true });
      const bad = await sut.post('/compatibility/subjects/check-value/versions/latest?verbose=true', { schema: userBreaking });
      expect(bad.body.is_compatible).toBe(false);
      expect(bad.body.messages).toEqual(
        expect.arrayContaining([
          expect.stringContaining("errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'"),
          '{oldSchemaVersion: 1}',
          "{validateFields: 'false', compatibility: 'BACKWARD'}",
        ]),
      );
      expect((await sut.post('/compatibility/subjects/check-value/versions', { schema: userBreaking })).body).toEqual({
        is_compatible: false,
      });
      expect((await sut.post('/compatibility/subjects/check-value/versions/7', { schema: userV2 })).body.error_code).toBe(40402);
      expect((await sut.post('/compatibility/subjects/empty-value/versions/latest', { schema: userV2 })).body).toEqual({
        is_compatible: true,
      });
    });

    it('follows the subject level: NONE accepts anything, FORWARD checks the other way', async () => {
      await sut.register('levels-value', userV2);
      expect((await sut.put('/config/levels-value', { compatibility: 'FORWARD' })).body).toEqual({ compatibility: 'FORWARD' });
      // Dropping a field with a default is fine for FORWARD (old readers fill it in).
      expect((await sut.register('levels-value', userV1)).status).toBe(200);
      await sut.put('/config/levels-value', { compatibility: 'NONE' });
      expect((await sut.register('levels-value', record('User', [{ name: 'id', type: 'string' }]))).status).toBe(200);
    });
  });

  describe('config', () => {
    it('reads, sets and removes compatibility config at global and subject level', async () => {
      expect((await sut.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
      const missing = await sut.get('/config/cfg-value');
      expect(missing.status).toBe(404);
      expect(missing.body.error_code).toBe(40408);
      expect((await sut.get('/config/cfg-value?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
      expect((await sut.put('/config/cfg-value', { compatibility: 'full_transitive', normalize: true })).body).toEqual({
        compatibility: 'FULL_TRANSITIVE',
        normalize: true,
      });
      expect((await sut.get('/config/cfg-value')).body).toEqual({ normalize: true, compatibilityLevel: 'FULL_TRANSITIVE' });
      expect((await sut.delete('/config/cfg-value')).body).toEqual({ normalize: true, compatibilityLevel: 'FULL_TRANSITIVE' });
      expect((await sut.delete('/config/cfg-value')).body.error_code).toBe(40401);
      const bad = await sut.put('/config', { compatibility: 'SIDEWAYS' });
      expect(bad.status).toBe(422);
      expect(bad.body.error_code).toBe(42203);
    });
  });

  describe('modes', () => {
    it('blocks writes in READONLY with 42205 and rejects unknown modes with 42204', async () => {
      await sut.register('ro-value', userV1);
      expect((await sut.put('/mode/ro-value', { mode: 'READONLY' })).body).toEqual({ mode: 'READONLY' });
      const blocked = await sut.register('ro-value', userV2);
      expect(blocked.status).toBe(422);
      expect(blocked.body.error_code).toBe(42205);
      expect((await sut.delete('/subjects/ro-value')).body.error_code).toBe(42205);
      expect((await sut.get('/mode/ro-value')).body).toEqual({ mode: 'READONLY' });
      expect((await sut.put('/mode/ro-value', { mode: 'SOMETIMES' })).body.error_code).toBe(42204);
      expect((await sut.delete('/mode/ro-value')).body).toEqual({ mode: 'READONLY' });
      expect((await sut.get('/mode/ro-value')).body.error_code).toBe(40409);
      expect((await sut.register('ro-value', userV2)).status).toBe(200);
    });

    it('imports a schema with its id and version in IMPORT mode, and refuses ids without it', async () => {
      const imported1 = record('Imported', [{ name: 'i', type: 'int' }]);
      const imported2 = record('Imported', [{ name: 'i', type: 'int' }, { name: 'j', type: 'int' }]);
      const notImport = await sut.register('import-value', imported1, { id: 4242, version: 3 });
      expect(notImport.body.error_code).toBe(42205);
      expect((await sut.put('/mode/import-value', { mode: 'IMPORT' })).status).toBe(200);
      const imported = await sut.register('import-value', imported1, { id: 4242, version: 3 });
      expect(imported.body).toEqual(expect.objectContaining({ id: 4242, version: 3 }));
      const clash = await sut.register('import-value', imported2, { id: 4242, version: 4 });
      expect(clash.body.error_code).toBe(42205);
      // Content already registered under another id keeps that id: importing it elsewhere is refused.
      expect((await sut.register('import-value', userV1, { id: 4243, version: 5 })).body.error_code).toBe(42207);
      await sut.delete('/mode/import-value');
      expect((await sut.get('/schemas/ids/4242')).body.schema).toBe(imported1);
      // New ids continue above imported ones.
      const fresh = await sut.register('after-import-value', record('AfterImport', [{ name: 'z', type: 'int' }]));
      expect(fresh.body.id).toBeGreaterThan(4242);
    });

    it('needs force to switch a subject that has versions to IMPORT', async () => {
      await sut.register('force-value', userV1);
      expect((await sut.put('/mode/force-value', { mode: 'IMPORT' })).body.error_code).toBe(42205);
      expect((await sut.put('/mode/force-value?force=true', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
      await sut.delete('/mode/force-value');
    });
  });

  describe('contexts', () => {
    it('keeps an id space per context and lists qualified subjects', async () => {
      const a = await sut.register(':.staging:ctx-value', record('Ctx', [{ name: 'c', type: 'int' }]));
      expect(a.status).toBe(200);
      expect((await sut.get('/contexts')).body).toEqual(expect.arrayContaining(['.', '.staging']));
      expect((await sut.get('/contexts')).body[0]).toBe('.');
      expect((await sut.get('/subjects')).body).toContain(':.staging:ctx-value');
      expect((await sut.get('/contexts/.staging/subjects')).body).toEqual([':.staging:ctx-value']);
      expect((await sut.get('/contexts/.staging/subjects/ctx-value/versions/1')).body.id).toBe(a.body.id);
      expect((await sut.get(`/schemas/ids/${a.body.id}?subject=${encodeURIComponent(':.staging:ctx-value')}`)).body.schema).toBeDefined();
      expect((await sut.delete('/contexts/.staging')).body.error_code).toBe(42211);
    });
  });

  describe('HTTP conventions and bad input', () => {
    it('accepts all four request media types and refuses others with 415', async () => {
      for (const type of ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json', 'application/octet-stream']) {
        const res = await sut.post('/subjects/ctype-value/versions', { schema: userV1 }, { 'content-type': type });
        expect(res.status).toBe(200);
      }
      const res = await sut.post('/subjects/ctype-value/versions', JSON.stringify({ schema: userV1 }), { 'content-type': 'text/plain' });
      expect(res.status).toBe(415);
      expect(res.body).toEqual({ error_code: 415, message: 'HTTP 415 Unsupported Media Type' });
    });

    it('negotiates the response type and answers 406 when none is acceptable', async () => {
      expect((await sut.get('/subjects', { accept: 'application/json' })).headers.get('content-type')).toMatch(/^application\/json\b/);
      const refused = await sut.get('/subjects', { accept: 'application/xml' });
      expect(refused.status).toBe(406);
      expect(refused.body.error_code).toBe(406);
    });

    it.each([
      ['an invalid Avro schema', { schema: '{"type":"record","name":"X","fields":[{"name":"a","type":"nope"}]}' }, 422, 42201],
      ['an empty schema', { schema: '' }, 422, 42201],
      ['a missing schema', {}, 422, 42201],
      ['an unknown schema type', { schema: '"string"', schemaType: 'XML' }, 422, 42201],
      ['a malformed reference', { schema: '"string"', references: [{ name: 'x' }] }, 422, 42201],
      ['a dangling reference', { schema: '"string"', references: [{ name: 'x', subject: 'nope', version: 1 }] }, 422, 42201],
      ['an invalid rule set', { schema: '"string"', ruleSet: { domainRules: [{ name: '1bad' }] } }, 422, 42210],
    ])('answers %s with %i/%i', async (_what, body, status, code) => {
      const res = await sut.post('/subjects/bad-value/versions', body);
      expect(res.status).toBe(status);
      expect(res.body.error_code).toBe(code);
      expect(Object.keys(res.body).sort()).toEqual(['error_code', 'message']);
      expect(res.body.message.length).toBeGreaterThan(5);
    });

    it.each([
      ['abc', 42202],
      ['0', 42202],
      ['-2', 42202],
      ['2147483648', 42202],
    ])('rejects version %s with %i', async (version, code) => {
      const res = await sut.get(`/subjects/orders-value/versions/${version}`);
      expect(res.status).toBe(422);
      expect(res.body.error_code).toBe(code);
    });

    it('answers unknown subjects, versions and ids with 40401, 40402 and 40403', async () => {
      expect((await sut.get('/subjects/nope/versions/1')).body.error_code).toBe(40401);
      expect((await sut.get('/subjects/orders-value/versions/99')).body.error_code).toBe(40402);
      expect((await sut.get('/schemas/ids/999999')).body).toEqual({ error_code: 40403, message: 'Schema 999999 not found' });
    });

    it('rejects subjects with control characters (42208) and invalid JSON bodies (400)', async () => {
      expect((await sut.register('bad\u0001subject', userV1)).body.error_code).toBe(42208);
      const res = await sut.post('/subjects/json-value/versions', '{"schema": ', { 'content-type': V1 });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe(400);
    });

    it('refuses bodies over 1 MB with 413 and unknown routes with 404', async () => {
      const huge = await sut.post('/subjects/huge-value/versions', { schema: JSON.stringify({ type: 'string', doc: 'x'.repeat(1_100_000) }) });
      expect(huge.status).toBe(413);
      expect(huge.body.error_code).toBe(413);
      const unknown = await sut.get('/no/such/route');
      expect(unknown.body).toEqual({ error_code: 404, message: 'HTTP 404 Not Found' });
    });
  });
});

describe('incompatible-schema error code', () => {
  it('answers 409 as the error_code when configured for Confluent releases before 8.0.4', async () => {
    const charter = await startCharter('sqlite', { INCOMPATIBLE_SCHEMA_ERROR_CODE: '409' });
    try {
      const sut = registry(charter.url);
      await sut.register('legacy-value', userV1);
      const res = await sut.register('legacy-value', userBreaking);
      expect(res.status).toBe(409);
      expect(res.body.error_code).toBe(409);
    } finally {
      await charter.close();
    }
  });
});
