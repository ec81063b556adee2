import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { spawnCharter } from '../support/charter';
import { DATABASE_KINDS, freshDatabase, type DatabaseKind } from '../support/databases';
import { registry } from '../support/http';

interface StoredRow {
  tls: string | null;
  sasl_password: string | null;
}

/** The row as the database holds it, read behind Charter's back (what a stolen backup shows). */
async function storedRow(kind: DatabaseKind, databaseUrl: string, name: string): Promise<StoredRow> {
  const sql = 'SELECT tls, sasl_password FROM kafka_cluster WHERE name = $1';
  if (kind === 'sqlite') {
    const db = new BetterSqlite3(databaseUrl.slice('file:'.length), { readonly: true });
    try {
      return db.prepare(sql.replace('$1', '?')).get(name) as StoredRow;
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<StoredRow>(sql, [name])).rows[0];
  } finally {
    await client.end();
  }
}

const PASSWORD = 'scram-password-never-stored-as-is';
const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
const PASSPHRASE = 'key-passphrase-never-stored-as-is';
// Port 1 answers nothing: the checks below fail at connecting, after the credentials were read.
const CLUSTER = {
  bootstrapServers: ['127.0.0.1:1'],
  sasl: { mechanism: 'scram-sha-512', username: 'charter', password: PASSWORD },
  tls: { cert: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----', key: PRIVATE_KEY, passphrase: PASSPHRASE, rejectUnauthorized: true },
};

describe.each(DATABASE_KINDS)("Kafka clusters' credentials at rest, on %s", (kind) => {
  const key = randomBytes(32).toString('base64');
  const env = { KAFKA_SCAN_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn' };

  it('are encrypted with SECRETS_KEY, read back to connect, and unreadable to a node without it', async () => {
    const databaseUrl = await freshDatabase(kind);
    const keyed = await spawnCharter(databaseUrl, { ...env, SECRETS_KEY: key });
    try {
      const sut = registry(keyed.url);
      expect((await sut.post('/kafka/clusters', { name: 'secure', ...CLUSTER })).status).toBe(201);
      const row = await storedRow(kind, databaseUrl, 'secure');
      for (const column of [row.sasl_password, row.tls]) expect(column).toMatch(/^enc:v1:/);
      const raw = JSON.stringify(row);
      for (const secret of [PASSWORD, PRIVATE_KEY.split('\n')[1], PASSPHRASE]) expect(raw).not.toContain(secret);
      // Read back and used: the check gets as far as the network.
      const check = await sut.post('/kafka/clusters/secure/check');
      expect(check.status).toBe(502);
      expect(check.body.message).not.toContain('SECRETS_KEY');
    } finally {
      await keyed.close();
    }

    for (const [label, other] of [
      ['no key', {}],
      ['another key', { SECRETS_KEY: randomBytes(32).toString('hex') }],
    ] as const) {
      const node = await spawnCharter(databaseUrl, { ...env, ...other });
      try {
        const sut = registry(node.url);
        // Listed as ever (secrets are never answered anyway), but not used.
        expect((await sut.get('/kafka/clusters/secure')).body).toMatchObject({ name: 'secure', sasl: { username: 'charter', password: '****' } });
        const check = await sut.post('/kafka/clusters/secure/check');
        expect([label, check.status, check.body.error_code]).toEqual([label, 502, 50270]);
        expect(check.body.message).toMatch(label === 'no key' ? /SECRETS_KEY is not set/ : /another SECRETS_KEY/);
        // Sending the masked values back cannot keep secrets nobody can read: they must be given again.
        const kept = await sut.put('/kafka/clusters/secure', { ...CLUSTER, sasl: { ...CLUSTER.sasl, password: '****' } });
        expect([kept.status, kept.body.error_code]).toEqual([422, 42270]);
      } finally {
        await node.close();
      }
    }
  });

  it('stored before a key was set are encrypted when a node starts with one', async () => {
    const databaseUrl = await freshDatabase(kind);
    const plain = await spawnCharter(databaseUrl, env);
    try {
      expect((await registry(plain.url).post('/kafka/clusters', { name: 'legacy', ...CLUSTER })).status).toBe(201);
    } finally {
      await plain.close();
    }
    expect((await storedRow(kind, databaseUrl, 'legacy')).sasl_password).toBe(PASSWORD);
    const keyed = await spawnCharter(databaseUrl, { ...env, SECRETS_KEY: key });
    try {
      const deadline = Date.now() + 10_000;
      while (!(await storedRow(kind, databaseUrl, 'legacy')).sasl_password?.startsWith('enc:v1:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const row = await storedRow(kind, databaseUrl, 'legacy');
      expect([row.sasl_password?.slice(0, 7), row.tls?.slice(0, 7)]).toEqual(['enc:v1:', 'enc:v1:']);
      const check = await registry(keyed.url).post('/kafka/clusters/legacy/check');
      expect(check.body.message).not.toContain('SECRETS_KEY');
    } finally {
      await keyed.close();
    }
  });
});
