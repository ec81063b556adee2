import { Client } from 'pg';
import { startCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { registry } from '../support/http';

describe.each(DATABASE_KINDS)('health probes on %s', (kind) => {
  it('report live and ready, and GET / still answers {}', async () => {
    const charter = await startCharter(kind);
    try {
      const api = registry(charter.url);
      expect(await api.get('/health/live')).toMatchObject({ status: 200, body: { status: 'up' } });
      expect(await api.get('/health/ready')).toMatchObject({
        status: 200,
        body: { status: 'ready', checks: { migrations: 'applied', database: 'up', lifecycle: 'serving' } },
      });
      expect(await api.get('/', { accept: 'application/vnd.schemaregistry.v1+json' })).toMatchObject({ status: 200, body: {} });
    } finally {
      await charter.close();
    }
  });
});

describe('readiness', () => {
  it('turns false when the database stops answering, while liveness stays true', async () => {
    const charter = await startCharter('postgresql');
    try {
      const api = registry(charter.url);
      expect((await api.get('/health/ready')).status).toBe(200);
      const admin = new Client({ connectionString: process.env.CHARTER_TEST_PG_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE "${new URL(charter.databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
      const ready = await api.get('/health/ready');
      expect(ready).toMatchObject({ status: 503, body: { status: 'unavailable', checks: { migrations: 'applied', database: 'down' } } });
      expect((await api.get('/health/live')).status).toBe(200);
    } finally {
      await charter.close();
    }
  });
});
