import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCharter } from '../support/charter';
import { api } from '../support/http';
import { charter, tempDir, writeFiles } from './support/cli';
import { ORDER_V1 } from './support/schemas';

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
  readonly contentType?: string;
}

/**
 * A stand-in for any Confluent-compatible registry: it answers the few calls `charter check`
 * makes and records each request's method, URL and credentials. With `refuse`, it answers 401.
 */
async function fakeRegistry(options: { refuse?: boolean } = {}) {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, contentType: req.headers['content-type'] });
    req.resume();
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        res.end(JSON.stringify(body));
      };
      if (options.refuse) return send(401, { error_code: 401, message: 'Unauthorized' });
      if (req.method === 'GET' && req.url === '/subjects/orders-value/versions') return send(200, [1]);
      if (req.method === 'POST' && req.url?.startsWith('/compatibility/subjects/orders-value/versions')) return send(200, { is_compatible: true, messages: [] });
      send(404, { error_code: 40401, message: 'Subject not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('charter sends credentials from the environment', () => {
  let project: string;

  beforeAll(() => {
    project = tempDir('credentials');
    writeFiles(project, { 'charter.yaml': 'schemas:\n  - file: order.avsc\n    subject: orders-value\n', 'order.avsc': ORDER_V1 });
  });

  it('as a bearer token from CHARTER_TOKEN', async () => {
    const registry = await fakeRegistry();
    try {
      const run = await charter(['check'], { cwd: project, env: { CHARTER_URL: registry.url, CHARTER_TOKEN: 's3cr3t-t0ken' } });
      expect(run.code).toBe(0);
      expect(registry.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'GET /subjects/orders-value/versions',
        'POST /compatibility/subjects/orders-value/versions?verbose=true',
      ]);
      expect(registry.requests.every((r) => r.authorization === 'Bearer s3cr3t-t0ken')).toBe(true);
      expect(registry.requests[1].contentType).toBe('application/vnd.schemaregistry.v1+json');
    } finally {
      await registry.close();
    }
  });

  it('as Basic credentials from CHARTER_USERNAME and CHARTER_PASSWORD, with SCHEMA_REGISTRY_URL', async () => {
    const registry = await fakeRegistry();
    try {
      const run = await charter(['check'], {
        cwd: project,
        env: { SCHEMA_REGISTRY_URL: registry.url, CHARTER_USERNAME: 'ci-bot', CHARTER_PASSWORD: 'pa:ss wörd' },
      });
      expect(run.code).toBe(0);
      const expected = `Basic ${Buffer.from('ci-bot:pa:ss wörd').toString('base64')}`;
      expect(registry.requests.length).toBeGreaterThan(0);
      expect(registry.requests.every((r) => r.authorization === expected)).toBe(true);
    } finally {
      await registry.close();
    }
  });

  it('and sends none when none is set', async () => {
    const registry = await fakeRegistry();
    try {
      const run = await charter(['check', '--registry', registry.url], { cwd: project });
      expect(run.code).toBe(0);
      expect(registry.requests.every((r) => r.authorization === undefined)).toBe(true);
    } finally {
      await registry.close();
    }
  });

  it('asks about the latest version only when charter.yaml says against: latest', async () => {
    const registry = await fakeRegistry();
    const latest = tempDir('latest');
    writeFiles(latest, { 'charter.yaml': 'schemas:\n  - file: order.avsc\n    subject: orders-value\n    against: latest\n', 'order.avsc': ORDER_V1 });
    try {
      const run = await charter(['check'], { cwd: latest, env: { CHARTER_URL: registry.url } });
      expect(run.code).toBe(0);
      expect(registry.requests.map((r) => `${r.method} ${r.url}`)).toContain('POST /compatibility/subjects/orders-value/versions/latest?verbose=true');
    } finally {
      await registry.close();
    }
  });

  it('exits 2 when the registry refuses them', async () => {
    const registry = await fakeRegistry({ refuse: true });
    try {
      const run = await charter(['check', '--format', 'github'], { cwd: project, env: { CHARTER_URL: registry.url, CHARTER_TOKEN: 'expired' } });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`the registry at ${registry.url} refused GET /subjects/orders-value/versions with 401: Unauthorized`);
      expect(run.stdout).toMatch(/^::error title=charter::the registry at /);
    } finally {
      await registry.close();
    }
  });
});

describe('charter against a Charter that requires authentication', () => {
  it('registers as a user (Basic) and checks with an API key (bearer); without credentials exits 2', async () => {
    const server = await startCharter('sqlite', { AUTH_ENABLED: 'true', ADMIN_USER: 'admin', ADMIN_PASSWORD: 'correct horse battery' });
    try {
      const project = tempDir('authenticated');
      writeFiles(project, { 'charter.yaml': 'schemas:\n  - file: order.avsc\n    subject: orders-value\n', 'order.avsc': ORDER_V1 });
      const basic = { CHARTER_URL: server.url, CHARTER_USERNAME: 'admin', CHARTER_PASSWORD: 'correct horse battery' };
      const registered = await charter(['register'], { cwd: project, env: basic });
      expect(registered.stderr).toBe('');
      expect(registered.code).toBe(0);

      const authorization = `Basic ${Buffer.from('admin:correct horse battery').toString('base64')}`;
      const key = await api(server.url, 'POST', '/acl/keys', { description: 'ci' }, { authorization });
      expect(key.status).toBe(201);
      const bearer = { CHARTER_URL: server.url, CHARTER_TOKEN: `${key.body.id}.${key.body.secret}` };
      const checked = await charter(['check'], { cwd: project, env: bearer });
      expect(checked.stderr).toBe('');
      expect(checked.code).toBe(0);
      expect(checked.stdout).toContain('1 file: 1 compatible');

      const anonymous = await charter(['check'], { cwd: project, env: { CHARTER_URL: server.url } });
      expect(anonymous.code).toBe(2);
      expect(anonymous.stderr).toContain('with 401');
      expect(anonymous.stderr).toContain('set CHARTER_TOKEN or CHARTER_USERNAME/CHARTER_PASSWORD');
    } finally {
      await server.close();
    }
  });
});
