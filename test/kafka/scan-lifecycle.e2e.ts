import * as net from 'node:net';
import { spawnCharter } from '../support/charter';
import { DATABASE_KINDS, freshDatabase } from '../support/databases';
import { registry } from '../support/http';
import { settlesWithin } from '../ops/ops-support';

/**
 * A "broker" that accepts connections and never answers: a cluster behind a dead load balancer,
 * or a broker stuck in a long pause. Scans of it neither succeed nor fail by themselves.
 */
async function silentBroker(): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined).once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

interface Scan {
  id: number;
  status: string;
  error: string | null;
  finishedAt: string | null;
}

describe.each(DATABASE_KINDS)('Kafka scans that do not finish, on %s', (kind) => {
  const env = { KAFKA_SCAN_TIMEOUT_SECONDS: '2', KAFKA_SCAN_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error' };
  let broker: Awaited<ReturnType<typeof silentBroker>>;

  beforeAll(async () => {
    broker = await silentBroker();
  });
  afterAll(() => broker.close());

  it('fail at KAFKA_SCAN_TIMEOUT_SECONDS with 502, and are recorded as failed', async () => {
    const node = await spawnCharter(await freshDatabase(kind), env);
    try {
      const sut = registry(node.url);
      expect([200, 201]).toContain((await sut.put('/kafka/clusters/stuck', { bootstrapServers: [broker.address] })).status);
      const res = await sut.post('/kafka/clusters/stuck/scan');
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ error_code: 50270, message: expect.stringContaining('took longer than 2 s (KAFKA_SCAN_TIMEOUT_SECONDS)') });
      const scans: Scan[] = (await sut.get('/kafka/clusters/stuck/scans')).body;
      expect(scans.map((s) => [s.status, s.error])).toEqual([['failed', expect.stringContaining('KAFKA_SCAN_TIMEOUT_SECONDS')]]);
    } finally {
      await node.close();
    }
  });

  it('are marked failed as abandoned when their node dies mid-scan, once twice the timeout has passed', async () => {
    const databaseUrl = await freshDatabase(kind);
    // Abandoned after 8 s: long enough to see the scan still running on the next node first.
    const slower = { ...env, KAFKA_SCAN_TIMEOUT_SECONDS: '4' };
    const first = await spawnCharter(databaseUrl, slower);
    const sut = registry(first.url);
    expect([200, 201]).toContain((await sut.put('/kafka/clusters/stuck', { bootstrapServers: [broker.address] })).status);
    // The scan starts; the node is killed before it can give up.
    const pending = sut.post('/kafka/clusters/stuck/scan').catch(() => undefined);
    await settlesWithin(10_000, async () => ((await sut.get('/kafka/clusters/stuck/scans')).body.length ? [] : ['no scan yet']), 100);
    first.process.kill('SIGKILL');
    await pending;
    await first.close();

    const second = await spawnCharter(databaseUrl, slower);
    try {
      const api = registry(second.url);
      const [left]: Scan[] = (await api.get('/kafka/clusters/stuck/scans')).body;
      expect(left.status).toBe('running');
      await settlesWithin(15_000, async () => {
        const [scan]: Scan[] = (await api.get('/kafka/clusters/stuck/scans')).body;
        return scan.status === 'failed' ? [] : [`still ${scan.status}`];
      }, 250);
      const [scan]: Scan[] = (await api.get(`/kafka/clusters/stuck/scans`)).body;
      expect(scan).toMatchObject({ id: left.id, status: 'failed', error: 'abandoned: the node running it stopped before it finished', finishedAt: expect.any(String) });
    } finally {
      await second.close();
    }
  });
});
