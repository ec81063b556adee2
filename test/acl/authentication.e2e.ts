import { ADMIN, as, avro, basic, startSecuredCharter, userWith } from './support';
import { startCharter, type RunningCharter } from '../support/charter';
import { DATABASE_KINDS, freshDatabase } from '../support/databases';

/** Passwords, API keys (as Basic and as bearer), expiry, rotation, revocation, failed sign-ins. */
describe.each(DATABASE_KINDS)('authentication on %s', (kind) => {
  let charter: RunningCharter;
  let admin: ReturnType<typeof as>;

  beforeAll(async () => {
    // Every test here comes from 127.0.0.1: failed sign-ins are limited in a server of their own below.
    charter = await startSecuredCharter(kind, { AUTH_FAILURE_LIMIT: '100000' });
    admin = as(charter, basic(ADMIN.user, ADMIN.password));
  });
  afterAll(() => charter.close());

  describe('without credentials or with wrong ones', () => {
    it('answers 401 with error_code 40101 and a Basic challenge', async () => {
      const res = await as(charter).get('/subjects');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error_code: 40101, message: 'Unauthorized: missing or invalid credentials' });
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="Charter", charset="UTF-8"');
      expect((await as(charter).request('HEAD', '/subjects')).status).toBe(401);
    });

    it('answers 401 to a wrong password, an unknown user and an unknown scheme alike', async () => {
      for (const authorization of [basic(ADMIN.user, 'wrong-password'), basic('nobody', 'whatever-pass'), 'Digest abc']) {
        const res = await as(charter, authorization).get('/subjects', { 'x-forwarded-for': '10.9.9.9' });
        expect(res.status).toBe(401);
        expect(res.body.error_code).toBe(40101);
      }
    });

    it('leaves out the challenge for scripts that ask it to (the web UI), so browsers show no dialog', async () => {
      const res = await as(charter).get('/subjects', { 'x-requested-with': 'XMLHttpRequest' });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBeNull();
    });

    it('serves the public routes without credentials', async () => {
      expect((await as(charter).get('/')).status).toBe(200);
      expect((await as(charter).get('/schemas/types')).body).toEqual(['JSON', 'PROTOBUF', 'AVRO']);
      expect((await as(charter).get('/docs/openapi.json')).status).toBe(200);
    });
  });

  describe('users', () => {
    it('created the administrator from ADMIN_USER, once', async () => {
      const me = await admin.get('/acl/whoami');
      expect(me.body).toEqual(
        expect.objectContaining({
          principal: `User:${ADMIN.user}`,
          kind: 'user',
          bindings: [expect.objectContaining({ role: 'SystemAdmin', resource: { type: 'Cluster', name: '', patternType: 'LITERAL' } })],
        }),
      );
      const again = await startSecuredCharter(kind, { ADMIN_PASSWORD: 'another-password' }, charter.databaseUrl);
      try {
        expect((await as(again, basic(ADMIN.user, ADMIN.password)).get('/acl/whoami')).status).toBe(200);
        expect((await as(again, basic(ADMIN.user, 'another-password')).get('/acl/whoami')).status).toBe(401);
      } finally {
        await again.close();
      }
    });

    it('signs a user in with its password, and with the new one only after a change', async () => {
      const auth = await userWith(charter, 'carol', 'carol-password-1');
      expect((await as(charter, auth).get('/acl/whoami')).body.principal).toBe('User:carol');
      expect((await as(charter, auth).put('/acl/users/carol/password', { password: 'carol-password-2' })).status).toBe(204);
      expect((await as(charter, auth).get('/acl/whoami')).status).toBe(401);
      expect((await as(charter, basic('carol', 'carol-password-2')).get('/acl/whoami')).status).toBe(200);
    });

    it('lets a user change only its own password, administrators anyone\'s', async () => {
      const dave = await userWith(charter, 'dave', 'dave-password-1');
      await userWith(charter, 'erin', 'erin-password-1');
      expect((await as(charter, dave).put('/acl/users/erin/password', { password: 'hijacked-pass' })).body.error_code).toBe(40301);
      expect((await admin.put('/acl/users/erin/password', { password: 'erin-password-2' })).status).toBe(204);
      expect((await as(charter, basic('erin', 'erin-password-2')).get('/acl/whoami')).status).toBe(200);
    });

    it('lists users without any password, and refuses bad input', async () => {
      const list = await admin.get('/acl/users');
      expect(list.body).toEqual(expect.arrayContaining([{ name: ADMIN.user, serviceAccount: false, createdAt: expect.any(String) }]));
      expect(list.text).not.toMatch(/password|scrypt/i);
      expect((await admin.post('/acl/users', { name: 'bad name', password: 'long-enough' })).body.error_code).toBe(42290);
      expect((await admin.post('/acl/users', { name: 'frank', password: 'short' })).body.error_code).toBe(42290);
      expect((await admin.post('/acl/users', { name: 'CKAAAAAAAAAAAAAAAA', password: 'long-enough' })).body.error_code).toBe(42290);
      expect((await admin.post('/acl/users', { name: ADMIN.user, password: 'long-enough' })).body.error_code).toBe(40990);
    });

    it('deletes a user with its keys and bindings, and will not delete the last administrator', async () => {
      const gina = await userWith(charter, 'gina', 'gina-password-1', [{ role: 'DeveloperRead', resource: { type: 'Subject', name: 'g-', patternType: 'PREFIXED' } }]);
      const key = (await as(charter, gina).post('/acl/keys', {})).body;
      expect((await admin.delete('/acl/users/gina')).status).toBe(204);
      expect((await as(charter, gina).get('/acl/whoami')).status).toBe(401);
      expect((await as(charter, basic(key.id, key.secret)).get('/acl/whoami')).status).toBe(401);
      expect((await admin.get('/acl/bindings')).text).not.toContain('User:gina');
      expect((await admin.delete(`/acl/users/${ADMIN.user}`)).body.error_code).toBe(42290);
      expect((await admin.delete('/acl/users/nobody')).body.error_code).toBe(40490);
    });
  });

  describe('API keys', () => {
    let henry: string;
    beforeAll(async () => {
      henry = await userWith(charter, 'henry', 'henry-password', [{ role: 'DeveloperWrite', resource: { type: 'Subject', name: 'h-', patternType: 'PREFIXED' } }]);
    });

    it('shows the secret once, and acts for the key with its own and its owner\'s bindings', async () => {
      const created = await as(charter, henry).post('/acl/keys', { description: 'producer' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(expect.objectContaining({ id: expect.stringMatching(/^CK[A-Z2-7]{16}$/), owner: 'henry', secret: expect.any(String) }));
      const { id, secret } = created.body;
      for (const auth of [basic(id, secret), `Bearer ${id}.${secret}`]) {
        const me = await as(charter, auth).get('/acl/whoami');
        expect(me.body).toEqual(expect.objectContaining({ principal: `ApiKey:${id}`, kind: 'api-key', owner: 'henry' }));
        expect((await as(charter, auth).register('h-orders-value', avro('H'))).status).toBe(200);
      }
      const listed = await as(charter, henry).get('/acl/keys');
      expect(listed.body).toEqual([expect.objectContaining({ id, owner: 'henry', description: 'producer', lastUsedAt: expect.any(String) })]);
      expect(listed.text).not.toContain(secret);
      expect((await admin.get('/acl/keys')).text).not.toContain(secret);
    });

    it('gives a key rights of its own through bindings on ApiKey:<id>', async () => {
      const { id, secret } = (await admin.post('/acl/keys', { owner: 'henry' })).body;
      const key = as(charter, basic(id, secret));
      expect((await key.register('k-only-value', avro('K'))).status).toBe(403);
      expect((await admin.post('/acl/bindings', { principal: `ApiKey:${id}`, role: 'DeveloperWrite', resource: { type: 'Subject', name: 'k-only-value' } })).status).toBe(201);
      expect((await key.register('k-only-value', avro('K'))).status).toBe(200);
      expect((await as(charter, henry).register('k-only-value', avro('K2', ['a']))).status).toBe(403);
    });

    it('rotates: the new secret works, the old one for the grace period only', async () => {
      const { id, secret: old } = (await as(charter, henry).post('/acl/keys', {})).body;
      const rotated = await as(charter, henry).post(`/acl/keys/${id}/rotate`, { graceSeconds: 3600 });
      expect(rotated.status).toBe(200);
      expect(rotated.body).toEqual(expect.objectContaining({ id, secret: expect.any(String), previousSecretExpiresAt: expect.any(String) }));
      expect(rotated.body.secret).not.toBe(old);
      expect((await as(charter, basic(id, rotated.body.secret)).get('/acl/whoami')).status).toBe(200);
      expect((await as(charter, basic(id, old)).get('/acl/whoami')).status).toBe(200);
      const again = await as(charter, henry).post(`/acl/keys/${id}/rotate`, { graceSeconds: 0 });
      expect((await as(charter, basic(id, old)).get('/acl/whoami')).status).toBe(401);
      expect((await as(charter, basic(id, rotated.body.secret)).get('/acl/whoami')).status).toBe(401);
      expect((await as(charter, basic(id, again.body.secret)).get('/acl/whoami')).status).toBe(200);
    });

    it('revokes a key at once, cached or not', async () => {
      const { id, secret } = (await as(charter, henry).post('/acl/keys', {})).body;
      expect((await as(charter, `Bearer ${id}.${secret}`).get('/acl/whoami')).status).toBe(200);
      expect((await as(charter, henry).delete(`/acl/keys/${id}`)).status).toBe(204);
      expect((await as(charter, `Bearer ${id}.${secret}`).get('/acl/whoami')).status).toBe(401);
    });

    it('refuses keys that expired and keys with expiry in the past', async () => {
      expect((await as(charter, henry).post('/acl/keys', { expiresAt: '2001-01-01T00:00:00Z' })).body.error_code).toBe(42290);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const created = await as(charter, henry).post('/acl/keys', { expiresAt: future });
      expect(created.body.expiresAt).toBe(future);
    });

    it('keeps keys of others out of sight: listed, rotated or revoked, they look like missing keys', async () => {
      const { id } = (await admin.post('/acl/keys', { owner: ADMIN.user })).body;
      const ivan = await userWith(charter, 'ivan', 'ivan-password');
      expect((await as(charter, ivan).get('/acl/keys')).body).toEqual([]);
      expect((await as(charter, ivan).post(`/acl/keys/${id}/rotate`, {})).body).toEqual({ error_code: 40491, message: `API key '${id}' not found` });
      expect((await as(charter, ivan).delete(`/acl/keys/${id}`)).body.error_code).toBe(40491);
      expect((await as(charter, ivan).post('/acl/keys', { owner: ADMIN.user })).body.error_code).toBe(40301);
    });

    it('does not let a key make more keys for its owner', async () => {
      const { id, secret } = (await as(charter, henry).post('/acl/keys', {})).body;
      expect((await as(charter, basic(id, secret)).post('/acl/keys', { owner: 'henry' })).body.error_code).toBe(40301);
    });
  });

  describe('failed sign-ins', () => {
    let limited: RunningCharter;
    beforeAll(async () => {
      limited = await startSecuredCharter(kind, { AUTH_FAILURE_LIMIT: '5', AUTH_FAILURE_WINDOW_SECONDS: '3600' });
    });
    afterAll(() => limited.close());

    it('slows a source down with 429 and Retry-After after repeated failures, while remembered credentials still work', async () => {
      const charter = limited;
      const admin = as(charter, basic(ADMIN.user, ADMIN.password));
      expect((await admin.get('/acl/whoami')).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await as(charter, basic('mallory', `guess-${i}-password`)).get('/subjects')).status);
      expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
      expect(statuses.slice(-2)).toEqual([429, 429]);
      const refused = await as(charter, basic(ADMIN.user, 'not-checked-password')).get('/subjects');
      expect(refused.status).toBe(429);
      expect(refused.body.error_code).toBe(42901);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await admin.get('/acl/whoami')).status).toBe(200);
    });
  });
});

describe.each(DATABASE_KINDS)('several nodes on one %s database', (kind) => {
  it('create one administrator when they start together on a new database', async () => {
    const db = await freshDatabase(kind);
    const nodes = await Promise.all([startSecuredCharter(kind, {}, db), startSecuredCharter(kind, {}, db)]);
    try {
      const users = await as(nodes[1], basic(ADMIN.user, ADMIN.password)).get('/acl/users');
      expect(users.body.map((u: { name: string }) => u.name)).toEqual([ADMIN.user]);
      const bindings = await as(nodes[0], basic(ADMIN.user, ADMIN.password)).get('/acl/bindings');
      expect(bindings.body).toHaveLength(1);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });

  it('apply users, keys and bindings changed on another node within AUTH_CACHE_SECONDS', async () => {
    // Credentials the other node does not know yet count as failed sign-ins: no limit here.
    const env = { AUTH_CACHE_SECONDS: '1', AUTH_FAILURE_LIMIT: '100000' };
    const a = await startSecuredCharter(kind, env);
    const b = await startSecuredCharter(kind, env, a.databaseUrl);
    /** Asks until the answer comes (the other node looks every second), or gives up after a while. */
    const eventually = async (fn: () => Promise<number>, status: number) => {
      let last = 0;
      for (let i = 0; i < 100 && last !== status; i++) {
        last = await fn();
        if (last !== status) await new Promise((r) => setTimeout(r, 100));
      }
      return last;
    };
    try {
      const adminA = as(a, basic(ADMIN.user, ADMIN.password));
      await adminA.register('nodes-value', avro('Nodes'));
      await adminA.post('/acl/users', { name: 'olga', password: 'olga-password' });
      const olgaOnB = as(b, basic('olga', 'olga-password'));
      expect(await eventually(async () => (await olgaOnB.get('/acl/whoami')).status, 200)).toBe(200);
      expect((await olgaOnB.get('/subjects/nodes-value/versions/1')).status).toBe(404);
      await adminA.post('/acl/bindings', { principal: 'User:olga', role: 'DeveloperRead', resource: { type: 'Subject', name: 'nodes-value' } });
      expect(await eventually(async () => (await olgaOnB.get('/subjects/nodes-value/versions/1')).status, 200)).toBe(200);
      const key = (await adminA.post('/acl/keys', { owner: 'olga' })).body;
      const keyOnB = as(b, basic(key.id, key.secret));
      expect(await eventually(async () => (await keyOnB.get('/subjects/nodes-value/versions/1')).status, 200)).toBe(200);
      await adminA.delete(`/acl/keys/${key.id}`);
      expect(await eventually(async () => (await keyOnB.get('/subjects/nodes-value/versions/1')).status, 401)).toBe(401);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('authentication off', () => {
  it('acts as the anonymous principal with full rights', async () => {
    const charter = await startCharter('sqlite');
    try {
      const anon = as(charter);
      expect((await anon.get('/acl/whoami')).body).toEqual(expect.objectContaining({ principal: 'Anonymous', kind: 'anonymous', authenticationEnabled: false }));
      expect((await anon.register('open-value', avro('Open'))).status).toBe(200);
      expect((await anon.put('/config', { compatibility: 'FULL' })).status).toBe(200);
    } finally {
      await charter.close();
    }
  });
});
