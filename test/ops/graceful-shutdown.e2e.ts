import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { spawnCharter } from '../support/charter';
import { DATABASE_KINDS, freshDatabase } from '../support/databases';
import { registry } from '../support/http';
import { record } from './ops-support';

/** How one request ended, as its client saw it. */
interface Outcome {
  readonly op: string;
  readonly path: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** A complete HTTP answer (status line, headers, every byte of the body), or no connection at all, or anything else. */
  readonly kind: 'answered' | 'refused' | 'broken';
  readonly status?: number;
  readonly body?: any;
  readonly error?: string;
}

/** One request on a keep-alive agent, classified. */
function send(agent: http.Agent, base: URL, op: string, method: string, path: string, body?: unknown): Promise<Outcome> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const end = (o: Omit<Outcome, 'op' | 'path' | 'startedAt' | 'endedAt'>) => {
      if (done) return;
      done = true;
      resolve({ op, path, startedAt, endedAt: performance.now(), ...o });
    };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: payload ? { 'content-type': 'application/vnd.schemaregistry.v1+json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('aborted', () => end({ kind: 'broken', error: 'response aborted' }));
        res.on('error', (e) => end({ kind: 'broken', error: `response: ${e.message}` }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const length = Number(res.headers['content-length'] ?? Buffer.byteLength(text));
          if (!res.complete || Buffer.byteLength(text) !== length) return end({ kind: 'broken', error: 'incomplete body' });
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            return end({ kind: 'broken', error: `not JSON: ${text.slice(0, 100)}` });
          }
          end({ kind: 'answered', status: res.statusCode, body: parsed });
        });
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => end(e.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'broken', error: `${e.code ?? ''} ${e.message}` }));
    req.end(payload);
  });
}

describe.each(DATABASE_KINDS)('stopping a node under load on %s (SIGTERM)', (kind) => {
  it('answers every request it received, refuses connections only after the signal, and exits 0', async () => {
    const db = await freshDatabase(kind);
    const node = await spawnCharter(db, { LOG_LEVEL: 'info', LOG_REQUESTS: 'false' });
    const base = new URL(node.url);
    let stdout = '';
    node.process.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      node.process.once('exit', (code, signal) => resolve({ code, signal })),
    );

    const WORKERS = 16;
    const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS });
    const outcomes: Outcome[] = [];
    let sigtermAt = Infinity;
    try {
      // Every worker's connection is open, and its subject exists, before the load starts.
      const first = await Promise.all(
        Array.from({ length: WORKERS }, (_, w) =>
          send(agent, base, 'register', 'POST', `/subjects/drain-${w}-value/versions`, { schema: record(`Drain${w}`, 0) }),
        ),
      );
      expect(first.map((o) => o.status)).toEqual(Array(WORKERS).fill(200));
      const anyId = first[0].body.id as number;

      const worker = async (w: number) => {
        let version = 0;
        for (let i = 0; i < 2000; i++) {
          let o: Outcome;
          switch (i % 4) {
            case 0:
              o = await send(agent, base, 'register', 'POST', `/subjects/drain-${w}-value/versions`, { schema: record(`Drain${w}`, ++version) });
              break;
            case 1:
              o = await send(agent, base, 'schema by id', 'GET', `/schemas/ids/${anyId}`);
              break;
            case 2:
              o = await send(agent, base, 'latest', 'GET', `/subjects/drain-${w}-value/versions/latest`);
              break;
            default:
              o = await send(agent, base, 'compatibility', 'POST', `/compatibility/subjects/drain-${w}-value/versions/latest`, {
                schema: record(`Drain${w}`, version + 1),
              });
          }
          outcomes.push(o);
          if (o.kind !== 'answered') return;
        }
      };
      const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
      while (outcomes.length < 300) await new Promise((r) => setTimeout(r, 10));
      sigtermAt = performance.now();
      node.process.kill('SIGTERM');
      await load;
      const { code, signal } = await exited;

      const broken = outcomes.filter((o) => o.kind === 'broken');
      expect(broken).toEqual([]);
      const answered = outcomes.filter((o) => o.kind === 'answered');
      expect(answered.filter((o) => o.status! < 200 || o.status! > 299)).toEqual([]);
      // A refused connection is one the server never accepted: only after it stopped listening.
      const refused = outcomes.filter((o) => o.kind === 'refused');
      expect(refused.filter((o) => o.startedAt < sigtermAt)).toEqual([]);
      expect(refused.length).toBe(WORKERS);
      // The signal came mid-load: requests were in flight, and they were answered.
      const inFlight = answered.filter((o) => o.startedAt < sigtermAt && o.endedAt > sigtermAt);
      expect(inFlight.length).toBeGreaterThan(0);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      expect(lines.find((l) => l.msg === 'Stopped')).toMatchObject({ forcedConnections: false });
      console.info(
        `${kind}: ${answered.length} answered (${inFlight.length} in flight at SIGTERM, ` +
          `${answered.filter((o) => o.startedAt > sigtermAt).length} sent after it), ${refused.length} refused after it`,
      );

      // Every registration that was answered 200 was committed.
      const after = await spawnCharter(db, { LOG_LEVEL: 'warn' });
      try {
        const check = registry(after.url);
        for (const o of answered.filter((x) => x.op === 'register')) {
          const stored = await check.get(`${o.path}/${o.body.version}`);
          expect({ status: stored.status, id: stored.body.id }).toEqual({ status: 200, id: o.body.id });
        }
      } finally {
        await after.close();
      }
    } finally {
      agent.destroy();
      await node.close();
    }
  });
});
