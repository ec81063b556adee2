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

describe('request logs', () => {
  it('write one JSON line per request, with the request id returned to the client, and never a body', async () => {
    const node = await spawnCharter(await freshDatabase('sqlite'), { LOG_LEVEL: 'info', NODE_ID: 'log-node' });
    try {
      const out = collectLines(node.process);
      const api = registry(node.url);
      const schema = JSON.stringify({ type: 'record', name: 'Payment', fields: [{ name: SECRET_FIELD, type: 'string' }] });
      const registered = await api.post('/subjects/payments-value/versions', { schema }, { 'x-request-id': 'checkout-42' });
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
    const node = await spawnCharter(await freshDatabase('sqlite'), {
      LOG_LEVEL: 'info',
      AUTH_ENABLED: 'true',
      ADMIN_USER: 'root-admin',
      ADMIN_PASSWORD: password,
    });
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
});
