import * as net from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import type { RunningCharter } from '../support/charter';
import { DATABASE_KINDS, type DatabaseKind } from '../support/databases';
import { ADMIN, as, avro, basic, startSecuredCharter, userWith } from './support';

/** Plain SQL on the database behind Charter's back, as someone covering their tracks would. */
async function tamper(kind: DatabaseKind, databaseUrl: string, sql: string): Promise<void> {
  if (kind === 'sqlite') {
    const db = new BetterSqlite3(databaseUrl.slice('file:'.length));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Record_ {
  seq: number;
  time: string;
  principal: string;
  action: string;
  resource: string;
  outcome: string;
  status: number;
  requestId: string;
  source: string;
  details: Record<string, unknown>;
}

describe.each(DATABASE_KINDS)('audit log on %s', (kind) => {
  let charter: RunningCharter;
  let admin: ReturnType<typeof as>;
  let auditor: ReturnType<typeof as>;

  /** The records matching a query, newest first. */
  const records = async (query = ''): Promise<Record_[]> => {
    const res = await auditor.get(`/acl/audit${query}`);
    expect(res.status).toBe(200);
    return res.body.records;
  };

  beforeAll(async () => {
    charter = await startSecuredCharter(kind);
    admin = as(charter, basic(ADMIN.user, ADMIN.password));
    auditor = as(charter, await userWith(charter, 'auditor', 'auditor-password', [{ role: 'Auditor', resource: { type: 'Cluster' } }]));
  });
  afterAll(() => charter.close());

  describe('what is recorded', () => {
    it('records a change with principal, action, resource, outcome, status, request id, source and time', async () => {
      const before = Date.now();
      const res = await admin.request('POST', '/subjects/audited-value/versions', { schema: avro('Audited') }, { 'x-request-id': 'req-audit-1' });
      expect(res.status).toBe(200);
      const [r] = await records('?action=schema.register&resource=Subject:audited-value');
      expect(r).toEqual(
        expect.objectContaining({
          principal: `User:${ADMIN.user}`,
          action: 'schema.register',
          resource: 'Subject:audited-value',
          outcome: 'allowed',
          status: 200,
          requestId: 'req-audit-1',
          source: '127.0.0.1',
          details: { method: 'POST', route: '/subjects/:subject/versions' },
        }),
      );
      expect(Date.parse(r.time)).toBeGreaterThanOrEqual(before - 1000);
    });

    it('records refusals: a denied read, a denied change and a failed sign-in', async () => {
      const reader = as(charter, await userWith(charter, 'reader', 'reader-password'));
      await reader.get('/subjects/audited-value/versions/1');
      await reader.register('audited-value', avro('Audited', ['id', 'x']));
      await as(charter, basic('reader', 'wrong-password')).get('/subjects');
      const denied = await records('?principal=User:reader&outcome=denied');
      expect(denied.map((r) => [r.action, r.resource, r.status])).toEqual([
        ['auth.login', 'GET /subjects', 401],
        ['schema.register', 'Subject:audited-value', 403],
        ['read', 'Subject:audited-value', 404],
      ]);
      const [login] = await records('?action=auth.login&principal=User:reader');
      expect(login).toEqual(expect.objectContaining({ outcome: 'denied', status: 401, details: expect.objectContaining({ reason: 'wrong password' }) }));
    });

    it('records failed changes as errors, and catalogue and access changes too', async () => {
      await admin.register('audited-value', avro('Other'));
      await admin.post('/catalog/domains', { name: 'audited-domain' });
      await admin.post('/acl/users', { name: 'audited-user', password: 'audited-password' });
      const [incompatible] = await records('?action=schema.register&outcome=error');
      expect(incompatible).toEqual(expect.objectContaining({ status: 409, resource: 'Subject:audited-value' }));
      expect((await records('?action=catalog.domain.create'))[0]).toEqual(expect.objectContaining({ resource: 'Domain:audited-domain', outcome: 'allowed' }));
      expect((await records('?action=acl.user.create'))[0]).toEqual(expect.objectContaining({ resource: 'User:audited-user', outcome: 'allowed' }));
    });

    it('keeps secrets out: neither passwords nor key secrets are recorded', async () => {
      const key = (await admin.post('/acl/keys', { owner: 'audited-user' })).body;
      await as(charter, basic('audited-user', 'audited-password')).put('/acl/users/audited-user/password', { password: 'changed-password' });
      const all = await auditor.get('/acl/audit/export');
      for (const secret of [key.secret, 'audited-password', 'changed-password', ADMIN.password]) expect(all.text).not.toContain(secret);
    });

    it('records a request whose client hung up before the answer, and keeps recording after it', async () => {
      // A wrong password takes a scrypt hash to refuse: the client is gone by the time the answer is written.
      const { hostname: host, port } = new URL(charter.url);
      const socket = net.connect(Number(port), host);
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      const auth = Buffer.from('reader:not-the-password').toString('base64');
      const request =
        `POST /subjects/hung-up-value/versions HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Basic ${auth}\r\nX-Request-ID: req-hung-up\r\n` +
        'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
      // Gone as soon as the request is on its way, without waiting for the answer.
      await new Promise<void>((resolve) => socket.write(request, () => resolve()));
      socket.destroy();
      const after = await admin.request('POST', '/subjects/after-hang-up-value/versions', { schema: avro('AfterHangUp') }, { 'x-request-id': 'req-after-hang-up' });
      expect(after.status).toBe(200);
      // Records are written a moment after the answer (requests do not wait for the log).
      const written = async (query: string, requestId: string): Promise<Record_[]> => {
        for (let i = 0; i < 100; i++) {
          const found = (await records(query)).filter((r) => r.requestId === requestId);
          if (found.length) return found;
          await new Promise((r) => setTimeout(r, 50));
        }
        return [];
      };
      const hungUp = await written('?action=auth.login&principal=User:reader', 'req-hung-up');
      expect(hungUp.map((r) => [r.outcome, r.status, r.source])).toEqual([['denied', 401, '127.0.0.1']]);
      const next = await written('?resource=Subject:after-hang-up-value', 'req-after-hang-up');
      expect(next.map((r) => [r.outcome, r.status, r.source])).toEqual([['allowed', 200, '127.0.0.1']]);
    });

    it('does not record reads that were allowed', async () => {
      const n = (await records('?limit=1000')).length;
      await admin.get('/subjects/audited-value/versions/1');
      await admin.get('/subjects');
      expect((await records('?limit=1000')).length).toBe(n);
    });
  });

  describe('queries and export', () => {
    it('filters by time and pages newest first', async () => {
      const all = await records('?limit=1000');
      const middle = all[Math.floor(all.length / 2)];
      const later = await records(`?from=${encodeURIComponent(middle.time)}&limit=1000`);
      expect(later.every((r) => r.time >= middle.time)).toBe(true);
      const earlier = await records(`?to=${encodeURIComponent(middle.time)}&limit=1000`);
      expect(earlier.every((r) => r.time < middle.time)).toBe(true);
      const first = await auditor.get('/acl/audit?limit=3');
      expect(first.body.records.map((r: Record_) => r.seq)).toEqual(all.slice(0, 3).map((r) => r.seq));
      const second = await auditor.get(`/acl/audit?limit=3&before=${first.body.next}`);
      expect(second.body.records.map((r: Record_) => r.seq)).toEqual(all.slice(3, 6).map((r) => r.seq));
      expect((await auditor.get('/acl/audit?outcome=maybe')).body.error_code).toBe(42290);
    });

    it('exports CloudEvents 1.0 as JSON lines, oldest first', async () => {
      const res = await auditor.get('/acl/audit/export?action=schema.register');
      expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const events = res.text.trim().split('\n').map((l) => JSON.parse(l));
      expect(events.length).toBeGreaterThan(1);
      expect(events[0]).toEqual({
        specversion: '1.0',
        id: `charter-audit-${events[0].data.seq}`,
        source: 'urn:charter:charter:audit',
        type: 'io.charter.audit.schema.register',
        subject: 'Subject:audited-value',
        time: expect.any(String),
        datacontenttype: 'application/json',
        data: expect.objectContaining({ principal: `User:${ADMIN.user}`, outcome: 'allowed', requestId: 'req-audit-1', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      });
      const seqs = events.map((e) => e.data.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const resumed = await auditor.get(`/acl/audit/export?action=schema.register&after=${seqs[0]}`);
      expect(resumed.text.trim().split('\n').length).toBe(events.length - 1);
    });

    it('is for auditors and administrators only', async () => {
      const writer = as(charter, await userWith(charter, 'writer', 'writer-password', [{ role: 'ResourceOwner', resource: { type: 'Subject', name: '', patternType: 'PREFIXED' } }]));
      expect((await writer.get('/acl/audit')).body.error_code).toBe(40301);
      expect((await writer.post('/acl/audit/verify')).body.error_code).toBe(40301);
      expect((await admin.get('/acl/audit')).status).toBe(200);
    });
  });

  describe('the hash chain', () => {
    it('stays one line when many requests write at once', async () => {
      await Promise.all(Array.from({ length: 40 }, (_, i) => admin.register(`burst-${i}-value`, avro(`Burst${i}`))));
      const verified = await auditor.post('/acl/audit/verify');
      expect(verified.body).toEqual(expect.objectContaining({ valid: true, head: expect.objectContaining({ seq: expect.any(Number) }) }));
      expect(verified.body.recordsChecked).toBe(verified.body.head.seq);
    });

    it('stays one line when two nodes append to one database', async () => {
      const other = await startSecuredCharter(kind, {}, charter.databaseUrl);
      try {
        const otherAdmin = as(other, basic(ADMIN.user, ADMIN.password));
        await Promise.all(
          Array.from({ length: 30 }, (_, i) => (i % 2 ? admin : otherAdmin).register(`twonodes-${i}-value`, avro(`TwoNodes${i}`))),
        );
      } finally {
        await other.close();
      }
      const verified = await auditor.post('/acl/audit/verify');
      expect(verified.body.valid).toBe(true);
      expect(verified.body.recordsChecked).toBe(verified.body.head.seq);
    });

    it('writes what is pending before the application closes', async () => {
      const other = await startSecuredCharter(kind, {}, charter.databaseUrl);
      await as(other, basic(ADMIN.user, ADMIN.password)).register('closing-value', avro('Closing'));
      await other.close();
      expect(await records('?resource=Subject:closing-value')).toHaveLength(1);
    });

    it('reports a record edited in the database, and is whole again once it is put back', async () => {
      const [target] = await records('?resource=Subject:audited-value&outcome=denied&limit=1');
      await tamper(kind, charter.databaseUrl, `UPDATE acl_audit SET principal = 'User:someone-else' WHERE seq = ${target.seq}`);
      const report = (await auditor.post('/acl/audit/verify')).body;
      expect(report).toEqual(expect.objectContaining({ valid: false, problem: expect.objectContaining({ seq: target.seq, problem: 'edited' }) }));
      await tamper(kind, charter.databaseUrl, `UPDATE acl_audit SET principal = '${target.principal}' WHERE seq = ${target.seq}`);
      expect((await auditor.post('/acl/audit/verify')).body.valid).toBe(true);
    });

    it('reports an edit whose author also recomputed the hash, at the next record', async () => {
      const [target] = await records('?action=catalog.domain.create&limit=1');
      const hashes = await auditor.get(`/acl/audit/export?after=${target.seq - 1}`);
      const original = JSON.parse(hashes.text.split('\n')[0]).data;
      await tamper(kind, charter.databaseUrl, `UPDATE acl_audit SET hash = '${'f'.repeat(64)}', outcome = 'denied' WHERE seq = ${target.seq}`);
      const report = (await auditor.post('/acl/audit/verify')).body;
      expect(report.valid).toBe(false);
      expect([target.seq, target.seq + 1]).toContain(report.problem.seq);
      await tamper(kind, charter.databaseUrl, `UPDATE acl_audit SET hash = '${original.hash}', outcome = '${original.outcome}' WHERE seq = ${target.seq}`);
      expect((await auditor.post('/acl/audit/verify')).body.valid).toBe(true);
    });

    it('reports a record deleted from the middle, and records deleted from the end', async () => {
      const all = await records('?limit=1000');
      const middle = all[Math.floor(all.length / 2)].seq;
      await tamper(kind, charter.databaseUrl, `DELETE FROM acl_audit WHERE seq = ${middle}`);
      expect((await auditor.post('/acl/audit/verify')).body).toEqual(
        expect.objectContaining({ valid: false, problem: { seq: middle, problem: 'missing', message: `Record ${middle} is missing` } }),
      );
      const head = (await auditor.post('/acl/audit/verify')).body.head.seq;
      await tamper(kind, charter.databaseUrl, `DELETE FROM acl_audit WHERE seq >= ${head - 1}`);
      const fresh = await startSecuredCharter(kind, {}, charter.databaseUrl);
      try {
        const report = (await as(fresh, basic('auditor', 'auditor-password')).post('/acl/audit/verify')).body;
        expect(report.valid).toBe(false);
        expect(report.problem.problem).toBe('missing');
      } finally {
        await fresh.close();
      }
    });
  });
});
