import { spawnCharter } from '../support/charter';
import { freshDatabase } from '../support/databases';
import { registry } from '../support/http';
import { settlesWithin } from './ops-support';

/** The JSON lines a spawned node writes from now on. */
function collectLines(child: { stdout: NodeJS.ReadableStream | null }): { lines: () => Record<string, any>[]; raw: () => string } {
  let raw = '';
  child.stdout!.on('data', (d: Buffer) => (raw += d.toString()));
  return {
    raw: () => raw,
    lines: () =>
      raw
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Record<string, any>),
  };
}

const SECRET_FIELD = 'card_number_7f3a';

/** A node with authentication on, logging every request, `root-admin` its administrator. */
async function securedNode(password: string, env: Record<string, string> = {}) {
  return spawnCharter(await freshDatabase('sqlite'), { LOG_LEVEL: 'info', AUTH_ENABLED: 'true', ADMIN_USER: 'root-admin', ADMIN_PASSWORD: password, ...env });
}

describe('request logs', () => {
  it('write one JSON line per request, with the request id returned to the client, and never a body', async () => {
    const node = await spawnCharter(await freshDatabase('sqlite'), { LOG_LEVEL: 'info', NODE_ID: 'log-node' });
    try {
      const out = collectLines(node.process);
      const api = registry(node.url);
      const schema = JSON.stringify({ type: 'record', name: 'Payment', fields: [{ name: SECRET_FIELD, type: 'string' }] });
      // Without TRUST_PROXY, a client cannot name its own address.
      const registered = await api.post('/subjects/payments-value/versions', { schema }, { 'x-request-id': 'checkout-42', 'x-forwarded-for': '203.0.113.1' });
      expect(registered.status).toBe(200);
      expect(registered.headers.get('x-request-id')).toBe('checkout-42');
      const id = registered.body.id as number;
      // The first read renders the body through Nest, the second is answered by the fast lane.
      const slow = await api.get(`/schemas/ids/${id}`);
      const fast = await api.get(`/schemas/ids/${id}`, { 'x-request-id': 'lane-7' });
      expect(slow.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(fast.headers.get('x-request-id')).toBe('lane-7');
      const missing = await api.get('/subjects/internal-secret-subject/versions', { 'x-request-id': 'bad id with spaces' });
      expect(missing.status).toBe(404);
      const generated = missing.headers.get('x-request-id')!;
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);

      const byId = (rid: string) => out.lines().find((l) => l.msg === 'request' && l.requestId === rid);
      await settlesWithin(10_000, async () =>
        ['checkout-42', 'lane-7', generated, slow.headers.get('x-request-id')!].filter((rid) => !byId(rid)).map((rid) => `no line for ${rid}`),
      );
      expect(byId('checkout-42')).toEqual({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        node: 'log-node',
        msg: 'request',
        requestId: 'checkout-42',
        method: 'POST',
        route: '/subjects/:subject/versions',
        status: 200,
        latencyMs: expect.any(Number),
        principal: 'anonymous',
        remote: '127.0.0.1',
      });
      expect(byId('lane-7')).toMatchObject({ method: 'GET', route: '/schemas/ids/:id', status: 200, principal: 'anonymous' });
      expect(byId(generated)).toMatchObject({ route: '/subjects/:subject/versions', status: 404 });
      expect(out.lines().filter((l) => l.msg === 'request')).toHaveLength(4);
      // Route templates, never raw URLs; never a body.
      expect(out.raw()).not.toContain(SECRET_FIELD);
      expect(out.raw()).not.toContain('internal-secret-subject');
    } finally {
      await node.close();
    }
  });

  it('are off with LOG_REQUESTS=false, and answers still carry their id', async () => {
    const node = await spawnCharter(await freshDatabase('sqlite'), { LOG_LEVEL: 'info', LOG_REQUESTS: 'false' });
    try {
      const out = collectLines(node.process);
      const api = registry(node.url);
      const res = await api.get('/subjects', { 'x-request-id': 'quiet-1' });
      expect(res.headers.get('x-request-id')).toBe('quiet-1');
      await node.close();
      expect(out.lines().filter((l) => l.msg === 'request')).toEqual([]);
      expect(out.lines().map((l) => l.msg)).toContain('Stopped');
    } finally {
      await node.close();
    }
  });

  it('name the authenticated principal, on the fast lane too, and never a credential', async () => {
    const password = 'pa55-word-never-logged';
    const node = await securedNode(password);
    try {
      const out = collectLines(node.process);
      const basic = { authorization: `Basic ${Buffer.from(`root-admin:${password}`).toString('base64')}` };
      const api = registry(node.url);
      const registered = await api.post(
        '/subjects/audited-value/versions',
        { schema: JSON.stringify({ type: 'record', name: 'Audited', fields: [{ name: 'id', type: 'string' }] }) },
        { ...basic, 'x-request-id': 'auth-1' },
      );
      expect(registered.status).toBe(200);
      await api.get(`/schemas/ids/${registered.body.id}`, basic);
      await api.get(`/schemas/ids/${registered.body.id}`, { ...basic, 'x-request-id': 'auth-lane' });
      expect((await api.get('/subjects', { 'x-request-id': 'auth-none' })).status).toBe(401);
      const byId = (rid: string) => out.lines().find((l) => l.msg === 'request' && l.requestId === rid);
      await settlesWithin(10_000, async () => ['auth-1', 'auth-lane', 'auth-none'].filter((rid) => !byId(rid)));
      expect(byId('auth-1')).toMatchObject({ principal: 'root-admin', status: 200 });
      expect(byId('auth-lane')).toMatchObject({ principal: 'root-admin', route: '/schemas/ids/:id', status: 200 });
      expect(byId('auth-none')).toMatchObject({ principal: 'anonymous', status: 401 });
      expect(out.raw()).not.toContain(password);
      expect(out.raw()).not.toContain(basic.authorization.slice(6));
    } finally {
      await node.close();
    }
  });

  it("name the client behind a trusted load balancer, in request logs, the audit log and the sign-in throttle", async () => {
    const password = 'behind-the-balancer-1';
    const node = await securedNode(password, {
      AUTH_FAILURE_LIMIT: '2',
      // The tests reach Charter from 127.0.0.1: it stands for the load balancer.
      TRUST_PROXY: '127.0.0.1',
    });
    try {
      const out = collectLines(node.process);
      const admin = { authorization: `Basic ${Buffer.from(`root-admin:${password}`).toString('base64')}` };
      const api = registry(node.url);
      const from = (client: string) => ({ 'x-forwarded-for': `198.51.100.77, ${client}` });
      const schema = JSON.stringify({ type: 'record', name: 'Proxied', fields: [{ name: 'id', type: 'string' }] });
      const registered = await api.post('/subjects/proxied-value/versions', { schema }, { ...admin, ...from('203.0.113.5'), 'x-request-id': 'proxied-1' });
      expect(registered.status).toBe(200);
      await api.get(`/schemas/ids/${registered.body.id}`, admin);
      expect((await api.get(`/schemas/ids/${registered.body.id}`, { ...admin, ...from('203.0.113.6'), 'x-request-id': 'proxied-lane' })).status).toBe(200);

      // One client's failed sign-ins lock out that client, not everyone behind the balancer.
      const wrong = { authorization: `Basic ${Buffer.from('root-admin:wrong-password').toString('base64')}` };
      for (let i = 0; i < 3; i++) await api.get('/subjects', { ...wrong, ...from('203.0.113.66') });
      expect((await api.get('/subjects', { ...wrong, ...from('203.0.113.66') })).status).toBe(429);
      expect((await api.get('/subjects', { ...wrong, ...from('203.0.113.5') })).status).toBe(401);

      const byId = (rid: string) => out.lines().find((l) => l.msg === 'request' && l.requestId === rid);
      await settlesWithin(10_000, async () => ['proxied-1', 'proxied-lane'].filter((rid) => !byId(rid)));
      expect(byId('proxied-1')).toMatchObject({ remote: '203.0.113.5', status: 200 });
      expect(byId('proxied-lane')).toMatchObject({ remote: '203.0.113.6', route: '/schemas/ids/:id' });
      const audit = async () => (await api.get('/acl/audit?action=schema.register', admin)).body.records as { requestId: string; source: string }[];
      await settlesWithin(10_000, async () => ((await audit()).some((r) => r.requestId === 'proxied-1') ? [] : ['no audit record yet']));
      expect((await audit()).find((r) => r.requestId === 'proxied-1')!.source).toBe('203.0.113.5');
    } finally {
      await node.close();
    }
  });
});
