import { Client } from 'pg';
import { spawnCharter, type RunningCharter } from '../support/charter';
import { freshDatabase } from '../support/databases';
import { registry } from '../support/http';
import { record, sample, settlesWithin } from './ops-support';

/**
 * README.md, "Operations": while the notification channel is up, a change made through any node
 * is seen by every node within this bound.
 */
const NOTIFIED_BOUND_MS = 2000;

type Registry = ReturnType<typeof registry>;

async function startNodes(db: string, count: number, env: Record<string, string>): Promise<RunningCharter[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => spawnCharter(db, { LOG_LEVEL: 'warn', NODE_ID: `node-${i}`, ...env })));
}

/** What one node answers to the reads the test compares, as comparable text. */
async function view(r: Registry, paths: readonly string[]): Promise<string[]> {
  return Promise.all(
    paths.map(async (p) => {
      const res = await r.get(p);
      return `${p} -> ${res.status} ${res.text}`;
    }),
  );
}

/** Problems: reads on which some node differs from `expected`. */
async function disagreements(nodes: readonly Registry[], expected: Record<string, (status: number, body: any) => boolean>): Promise<string[]> {
  const problems: string[] = [];
  await Promise.all(
    nodes.map(async (r, i) => {
      for (const [path, ok] of Object.entries(expected)) {
        const res = await r.get(path);
        if (!ok(res.status, res.body)) problems.push(`node-${i} ${path} -> ${res.status} ${res.text.slice(0, 200)}`);
      }
    }),
  );
  return problems;
}

describe('three Charter nodes on one PostgreSQL database', () => {
  let db: string;
  let nodes: RunningCharter[] = [];
  let clients: Registry[] = [];

  beforeAll(async () => {
    db = await freshDatabase('postgresql');
    // The safety flush is pushed out of the way: agreement must come from notifications.
    nodes = await startNodes(db, 3, { CACHE_SAFETY_FLUSH_SECONDS: '3600' });
    clients = nodes.map((n) => registry(n.url));
  });

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
  });

  it('agree within the bound after concurrent registrations, deletes, config, mode and catalogue changes through different nodes, with no duplicate id or version', async () => {
    const [a, b, c] = clients;
    // Starting state, read through every node so that each caches it.
    for (const s of ['orders-value', 'payments-value', 'users-value', 'audit-value', 'frozen-value']) {
      expect((await a.register(s, record(s.replace('-value', ''), 0))).status).toBe(200);
    }
    const doomed = await b.register('doomed-value', record('Doomed', 0, '_only_here'));
    expect(doomed.status).toBe(200);
    expect((await c.put('/config', { compatibility: 'BACKWARD' })).status).toBe(200);
    const warm = [
      '/subjects/orders-value/versions/latest',
      '/subjects/payments-value/versions/latest',
      '/subjects/users-value/versions/latest',
      '/subjects/audit-value/versions/latest',
      '/subjects/doomed-value/versions/latest',
      `/schemas/ids/${doomed.body.id}`,
      '/config',
      '/config/orders-value?defaultToGlobal=true',
      '/mode/frozen-value?defaultToGlobal=true',
      '/catalog/domains/payments',
    ];
    for (let round = 0; round < 2; round++) for (const r of clients) await view(r, warm);

    // Everything at once, each write through a different node.
    const writes: Promise<unknown>[] = [];
    const registered: { subject: string; id: number; version: number; schema: string }[] = [];
    for (let i = 1; i <= 12; i++) {
      for (const s of ['orders-value', 'payments-value']) {
        const schema = record(s.replace('-value', ''), i);
        writes.push(
          clients[i % 3].register(s, schema).then((r) => {
            expect(r.status).toBe(200);
            registered.push({ subject: s, id: r.body.id, version: r.body.version, schema });
          }),
        );
      }
    }
    const sameEverywhere = record('users', 1);
    for (let i = 0; i < 6; i++) {
      writes.push(
        clients[i % 3].register('users-value', sameEverywhere).then((r) => {
          expect(r.status).toBe(200);
          registered.push({ subject: 'users-value', id: r.body.id, version: r.body.version, schema: sameEverywhere });
        }),
      );
    }
    writes.push(
      (async () => {
        expect((await c.delete('/subjects/doomed-value/versions/1')).status).toBe(200);
        expect((await a.delete('/subjects/doomed-value/versions/1?permanent=true')).status).toBe(200);
      })(),
    );
    writes.push(b.delete('/subjects/audit-value').then((r) => expect(r.status).toBe(200)));
    writes.push(b.put('/config/orders-value', { compatibility: 'NONE' }).then((r) => expect(r.status).toBe(200)));
    writes.push(c.put('/config', { compatibility: 'FULL' }).then((r) => expect(r.status).toBe(200)));
    writes.push(a.put('/mode/frozen-value', { mode: 'READONLY' }).then((r) => expect(r.status).toBe(200)));
    writes.push(
      (async () => {
        expect((await b.post('/catalog/domains', { name: 'payments', description: 'Cards' })).status).toBeLessThan(300);
        expect((await c.put('/catalog/domains/payments', { description: 'Cards and refunds' })).status).toBe(200);
      })(),
    );
    await Promise.all(writes);

    // No duplicate: each subject's versions are 1..n, each distinct schema has one id.
    const byKey = new Map<string, string>();
    for (const r of registered) {
      const key = `${r.subject}/${r.version}`;
      expect(byKey.get(key) ?? r.schema).toBe(r.schema);
      byKey.set(key, r.schema);
    }
    const idOf = new Map<string, number>();
    for (const r of registered) {
      expect(idOf.get(r.schema) ?? r.id).toBe(r.id);
      idOf.set(r.schema, r.id);
    }
    expect(new Set(idOf.values()).size).toBe(idOf.size);
    const users = registered.filter((r) => r.subject === 'users-value');
    expect(new Set(users.map((r) => `${r.id}/${r.version}`))).toEqual(new Set([`${users[0].id}/2`]));

    const latestOf = (s: string) => Math.max(...registered.filter((r) => r.subject === s).map((r) => r.version));
    const expected: Record<string, (status: number, body: any) => boolean> = {
      '/subjects/orders-value/versions': (st, b) => st === 200 && JSON.stringify(b) === JSON.stringify(Array.from({ length: 13 }, (_, i) => i + 1)),
      '/subjects/payments-value/versions': (st, b) => st === 200 && b.length === 13 && b[12] === 13,
      '/subjects/orders-value/versions/latest': (st, b) => st === 200 && b.version === latestOf('orders-value') && b.version === 13,
      '/subjects/payments-value/versions/latest': (st, b) => st === 200 && b.version === 13,
      '/subjects/users-value/versions/latest': (st, b) => st === 200 && b.version === 2 && b.id === users[0].id,
      '/subjects/audit-value/versions/latest': (st) => st === 404,
      '/subjects/doomed-value/versions/latest': (st) => st === 404,
      [`/schemas/ids/${doomed.body.id}`]: (st, b) => st === 404 && b.error_code === 40403,
      '/config': (st, b) => st === 200 && b.compatibilityLevel === 'FULL',
      '/config/orders-value?defaultToGlobal=true': (st, b) => st === 200 && b.compatibilityLevel === 'NONE',
      '/mode/frozen-value?defaultToGlobal=true': (st, b) => st === 200 && b.mode === 'READONLY',
      '/catalog/domains/payments': (st, b) => st === 200 && b.description === 'Cards and refunds',
    };
    const took = await settlesWithin(NOTIFIED_BOUND_MS, () => disagreements(clients, expected));
    console.info(`three nodes agreed ${took} ms after the last write was answered`);

    // And they act on it: every node refuses writes to the read-only subject.
    for (const r of clients) expect((await r.register('frozen-value', record('frozen', 1))).body.error_code).toBe(42205);
  });

  it("keeps every node's change when nodes change different fields of one config at the same moment", async () => {
    const [a, b, c] = clients;
    const levels = ['BACKWARD', 'FORWARD', 'FULL', 'NONE', 'BACKWARD_TRANSITIVE'];
    const rounds = 15;
    for (let i = 0; i < rounds; i++) {
      const answers = await Promise.all([
        a.put('/config/merged-value', { compatibility: levels[i % levels.length] }),
        b.put('/config/merged-value', { normalize: i % 2 === 0 }),
        c.put('/config/merged-value', { compatibilityGroup: `group-${i}` }),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    }
    // Every node ends with the last value of every field (each node's own write, and the others' once notified).
    const last = rounds - 1;
    await settlesWithin(NOTIFIED_BOUND_MS, () =>
      disagreements(clients, {
        '/config/merged-value': (st, body) =>
          st === 200 && body.compatibilityLevel === levels[last % levels.length] && body.normalize === (last % 2 === 0) && body.compatibilityGroup === `group-${last}`,
      }),
    );
  });

  it('sees changes again after the listening connections were cut, by dropping every cache on reconnection', async () => {
    const [a, b, c] = clients;
    await a.put('/config/reconnect-value', { compatibility: 'FORWARD' });
    await settlesWithin(NOTIFIED_BOUND_MS, () =>
      disagreements([b, c], { '/config/reconnect-value': (st, body) => st === 200 && body.compatibilityLevel === 'FORWARD' }),
    );
    const admin = new Client({ connectionString: db });
    await admin.connect();
    try {
      const cut = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'charter-listener' AND datname = current_database()`,
      );
      expect(cut.rowCount).toBe(3);
    } finally {
      await admin.end();
    }
    await a.put('/config/reconnect-value', { compatibility: 'FULL_TRANSITIVE' });
    await settlesWithin(10_000, () =>
      disagreements([b, c], { '/config/reconnect-value': (st, body) => st === 200 && body.compatibilityLevel === 'FULL_TRANSITIVE' }),
    );
    for (const r of clients) {
      const metrics = (await r.get('/metrics')).text;
      await settlesWithin(10_000, async () => {
        const text = (await r.get('/metrics')).text;
        return sample(text, 'charter_cluster_listener_up', { channel: 'charter_changes' }) === 1 ? [] : ['listener not up'];
      });
      expect(sample(metrics, 'charter_cache_flushes_total', { reason: 'connect' })).toBe(1);
    }
    const reconnected = await Promise.all(clients.map(async (r) => sample((await r.get('/metrics')).text, 'charter_cache_flushes_total', { reason: 'reconnect' })));
    expect(reconnected).toEqual([1, 1, 1]);
  });
});

describe('nodes that never hear of a change', () => {
  it('see it within CACHE_SAFETY_FLUSH_SECONDS anyway', async () => {
    const db = await freshDatabase('postgresql');
    const nodes = await startNodes(db, 2, { CACHE_SAFETY_FLUSH_SECONDS: '2' });
    try {
      const clients = nodes.map((n) => registry(n.url));
      expect((await clients[0].put('/config', { compatibility: 'FULL' })).status).toBe(200);
      await settlesWithin(NOTIFIED_BOUND_MS, () => disagreements(clients, { '/config': (st, b) => st === 200 && b.compatibilityLevel === 'FULL' }));
      // A write no node is told about: straight into the database.
      const admin = new Client({ connectionString: db });
      await admin.connect();
      try {
        await admin.query(`UPDATE registry_config SET body = '{"compatibilityLevel":"NONE"}' WHERE context = '' AND subject = ''`);
      } finally {
        await admin.end();
      }
      // The bound is the interval plus one reload; the slack covers the reload and the polling.
      const took = await settlesWithin(2000 + 1000, () =>
        disagreements(clients, { '/config': (st, b) => st === 200 && b.compatibilityLevel === 'NONE' }),
      );
      console.info(`nodes saw an unannounced change after ${took} ms (CACHE_SAFETY_FLUSH_SECONDS=2)`);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });
});
