/**
 * `npm run bench` (`-- --quick` for the short run): Charter's production build against a bare
 * node:http baseline on this machine, with load driven from a separate process. Prints a table
 * and writes bench/results/<time>.json. Figures are ratios to the baseline measured in the same
 * run, because the load generator shares the machine's cores with the server.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AvroProvider } from '../src/compatibility/avro/avro.provider';
import { schemaIdentity } from '../src/registry/schema-identity';
import { migrateSqlite } from '../src/storage/migrator';
import type { LoadJob, LoadResult } from './load';

const root = path.resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-bench-'));
const children: ChildProcess[] = [];

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

async function spawnCharter(databaseUrl: string, env: Record<string, string> = {}): Promise<Server & { startedAt: number }> {
  const startedAt = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const flags: string[] = require(path.join(root, 'scripts', 'server-flags.js'));
  const child = spawn(process.execPath, [...flags, path.join(root, 'dist', 'src', 'main.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listens on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (!m) return;
      // Once started, the output is only kept for its tail: searching a string that grows with
      // every request log line would cost this process (and the machine) more with each line.
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Charter exited with ${code}: ${out}`)));
  });
  // A server that dies mid-run should say why, not leave the load generator with resets.
  let tail = '';
  const keep = (d: Buffer) => {
    tail = tail.length > 8000 ? tail.slice(-4000) + d.toString() : tail + d.toString();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') log(`Charter exited (${code ?? signal}) during the run:\n${tail.slice(-4000)}`);
  });
  return { url, pid: child.pid!, startedAt, stop: () => stopChild(child) };
}

async function spawnBaseline(body: string): Promise<Server> {
  const child = spawn(process.execPath, [path.join(__dirname, 'baseline-server.js'), body], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const jobFile = path.join(tmp, `job-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(jobFile, JSON.stringify(job));
    const child = spawn(process.execPath, [path.join(__dirname, 'load.js'), jobFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load generator exited ${code}`))));
  });
}

async function http(method: string, url: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** Runs `tasks` with at most `n` at a time. */
async function pool<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}

const avroRecord = (name: string, fields: number, extra = 0) =>
  JSON.stringify({
    type: 'record',
    name,
    namespace: 'bench.events',
    fields: [
      { name: 'id', type: 'string' },
      ...Array.from({ length: fields }, (_, i) => ({ name: `f${i}`, type: i % 3 === 0 ? 'long' : 'string', default: i % 3 === 0 ? 0 : '' })),
      ...Array.from({ length: extra }, (_, i) => ({ name: `x${i}`, type: 'int', default: 0 })),
    ],
  });

/**
 * Version v of an evolving record: `fixed` fields plus the optional fields the bits of v choose,
 * so every version is new, each is BACKWARD (and FORWARD) compatible with the one before, and
 * none grows without end the way real schemas don't.
 */
const evolvingAvro = (name: string, fixed: number, v: number) =>
  JSON.stringify({
    type: 'record',
    name,
    namespace: 'bench.events',
    fields: [
      ...Array.from({ length: fixed }, (_, i) => ({ name: `f${i}`, type: i % 2 ? 'string' : 'long', default: i % 2 ? '' : 0 })),
      ...Array.from({ length: 16 }, (_, bit) => bit)
        .filter((bit) => (v >> bit) & 1)
        .map((bit) => ({ name: `o${bit}`, type: ['null', 'string'], default: null })),
    ],
  });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

interface Comparison {
  charter: LoadResult;
  baseline: LoadResult;
  ratio: number;
}

/** Alternates baseline and Charter runs so both see the same machine conditions. */
async function compare(charterJob: LoadJob, baselineUrl: string, rounds: number): Promise<Comparison> {
  const c: LoadResult[] = [];
  const b: LoadResult[] = [];
  for (let r = 0; r < rounds; r++) {
    b.push(await load({ ...charterJob, url: baselineUrl }));
    c.push(await load(charterJob));
  }
  const mean = (xs: LoadResult[], k: keyof LoadResult) => xs.reduce((s, x) => s + (x[k] as number), 0) / xs.length;
  const charter: LoadResult = { ...c[c.length - 1], requestsPerSecond: Math.round(mean(c, 'requestsPerSecond')), p99Ms: Math.max(...c.map((x) => x.p99Ms)) };
  const baseline: LoadResult = { ...b[b.length - 1], requestsPerSecond: Math.round(mean(b, 'requestsPerSecond')), p99Ms: Math.max(...b.map((x) => x.p99Ms)) };
  return { charter, baseline, ratio: Number((charter.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)) };
}

const results: Record<string, unknown> = {};
const want = (name: string) => !only || only.includes(name);
const seconds = quick ? 4 : 10;
const rounds = quick ? 1 : 2;

async function lookups(): Promise<void> {
  log('1-2: lookups by id and by schema, 1,000 Avro schemas, 100 connections');
  const server = await spawnCharter(`file:${path.join(tmp, 'lookups.db')}`);
  const schemas = Array.from({ length: 1000 }, (_, i) => avroRecord(`Event${i}`, 8));
  const ids = await pool(16, schemas.map((s, i) => async () => (await http('POST', `${server.url}/subjects/bench-${i}-value/versions`, { schema: s })).json.id as number));
  // Warm: the first read of each id renders its answer.
  await pool(16, ids.map((id) => () => http('GET', `${server.url}/schemas/ids/${id}`)));
  const sample = (await http('GET', `${server.url}/schemas/ids/${ids[0]}`)).text;
  const baseline = await spawnBaseline(sample);
  const byId = await compare(
    { url: server.url, connections: 100, durationSeconds: seconds, paths: ids.map((id) => `/schemas/ids/${id}`) },
    baseline.url,
    rounds,
  );
  results.getSchemaById = byId;
  const bodies = schemas.map((s) => JSON.stringify({ schema: s }));
  const paths = schemas.map((_, i) => `/subjects/bench-${i}-value`);
  await pool(16, paths.map((p, i) => () => http('POST', server.url + p, { schema: schemas[i] })));
  await baseline.stop();
  const lookupSample = (await http('POST', server.url + paths[0], { schema: schemas[0] })).text;
  const baseline2 = await spawnBaseline(lookupSample);
  const bySchema = await compare(
    {
      url: server.url,
      connections: 100,
      durationSeconds: seconds,
      method: 'POST',
      paths,
      bodies,
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    },
    baseline2.url,
    rounds,
  );
  results.lookupBySchema = bySchema;
  await baseline2.stop();
  await server.stop();
}

async function registrations(kind: 'sqlite' | 'postgresql'): Promise<void> {
  log(`3: registrations per second on ${kind}, 16 concurrent clients, BACKWARD, new versions`);
  let pg: { url: string; stop(): Promise<void> } | undefined;
  let db = `file:${path.join(tmp, 'registrations.db')}`;
  if (kind === 'postgresql') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    pg = await require(path.join(root, 'scripts', 'postgres.js')).start({ durable: true });
    db = pg!.url;
  }
  const server = await spawnCharter(db);
  const clients = 16;
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let v = 0; performance.now() < deadline; v++) {
        const t = performance.now();
        const res = await http('POST', `${server.url}/subjects/reg-${c}-value/versions`, { schema: evolvingAvro(`Reg${c}`, 12, v) });
        latencies.push(performance.now() - t);
        if (res.status !== 200) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  results[`registrations_${kind}`] = {
    registrationsPerSecond: Math.round((latencies.length - errors) / elapsed),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
    total: latencies.length,
    errors,
  };
  await server.stop();
  await pg?.stop();
}

/**
 * Schemas that stay compatible both ways as versions go on, so FULL_TRANSITIVE walks all of them,
 * and that stay the size real schemas are: version v has 20 fixed fields plus the optional
 * fields the bits of v choose (so every version differs and none grows without end).
 */
function versionsFor(format: 'AVRO' | 'PROTOBUF' | 'JSON', n: number): string[] {
  return Array.from({ length: n }, (_, v) => {
    const optional = Array.from({ length: 11 }, (_, bit) => bit).filter((bit) => (v >> bit) & 1);
    if (format === 'AVRO') {
      return JSON.stringify({
        type: 'record',
        name: 'Evolving',
        namespace: 'bench.events',
        fields: [
          ...Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, type: i % 2 ? 'string' : 'long', default: i % 2 ? '' : 0 })),
          ...optional.map((bit) => ({ name: `o${bit}`, type: ['null', 'string'], default: null })),
        ],
      });
    }
    if (format === 'PROTOBUF') {
      const fields = [
        ...Array.from({ length: 20 }, (_, i) => `  ${i % 2 ? 'string' : 'int64'} f${i} = ${i + 1};`),
        ...optional.map((bit) => `  string o${bit} = ${100 + bit};`),
      ].join('\n');
      return `syntax = "proto3";\npackage bench;\n\nmessage Evolving {\n${fields}\n}\n`;
    }
    return JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      description: `revision ${v}`,
      properties: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, { type: i % 2 ? 'string' : 'integer' }])),
    });
  });
}

async function compatibility(): Promise<void> {
  const versions = quick ? 300 : 1000;
  const samples = quick ? 10 : 40;
  log(`4: compatibility check against ${versions} earlier versions at FULL_TRANSITIVE, per format`);
  const server = await spawnCharter(`file:${path.join(tmp, 'compat.db')}`);
  const out: Record<string, unknown> = {};
  for (const format of ['AVRO', 'PROTOBUF', 'JSON'] as const) {
    const subject = `compat-${format.toLowerCase()}`;
    await http('PUT', `${server.url}/config/${subject}`, { compatibility: 'NONE' });
    const all = versionsFor(format, versions + 1);
    for (const s of all.slice(0, versions)) {
      const r = await http('POST', `${server.url}/subjects/${subject}/versions`, { schema: s, schemaType: format });
      if (r.status !== 200) throw new Error(`seeding ${format}: ${r.text}`);
    }
    await http('PUT', `${server.url}/config/${subject}`, { compatibility: 'FULL_TRANSITIVE' });
    const candidate = { schema: all[versions], schemaType: format };
    const first = performance.now();
    const warm = await http('POST', `${server.url}/compatibility/subjects/${subject}/versions`, candidate);
    const firstMs = performance.now() - first;
    if (!warm.json?.is_compatible) throw new Error(`${format} candidate should be compatible: ${warm.text}`);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      await http('POST', `${server.url}/compatibility/subjects/${subject}/versions`, candidate);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    out[format] = {
      versions,
      firstCheckMs: Number(firstMs.toFixed(1)),
      p50Ms: Number(percentile(times, 50).toFixed(1)),
      p99Ms: Number(percentile(times, 99).toFixed(1)),
    };
  }
  results.compatibilityFullTransitive = out;
  await server.stop();
}

/** Writes `n` schemas straight into a migrated SQLite file, as a long-lived registry would hold them. */
function seedDirect(file: string, n: number): void {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  migrateSqlite(db);
  const avro = new AvroProvider();
  const insertSchema = db.prepare(
    'INSERT INTO registry_schema (context, id, guid, schema_type, schema, "references", metadata, rule_set, md5, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)',
  );
  const insertVersion = db.prepare(
    'INSERT INTO registry_subject_version (context, subject, version, schema_id, deleted, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
  );
  const now = Date.now();
  const perSubject = 100;
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const subject = `seed-${Math.floor((i - 1) / perSubject)}-value`;
      const canonical = avro.parse(avroRecord(`Seeded${Math.floor((i - 1) / perSubject)}`, 6, (i - 1) % perSubject), [], { mode: 'stored' }).canonical;
      const { md5, guid } = schemaIdentity(canonical, [], null, null);
      insertSchema.run('.', i, guid, 'AVRO', canonical, '[]', md5, now);
      insertVersion.run('.', subject, ((i - 1) % perSubject) + 1, i, now, now);
    }
    db.prepare('INSERT INTO registry_context (name, next_id, created_at) VALUES (?, ?, ?)').run('.', n + 1, now);
  })();
  db.close();
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
  return Math.round(kb / 1024);
}

async function coldStartAndMemory(): Promise<void> {
  const n = quick ? 20_000 : 100_000;
  log(`5-6: cold start and resident memory with ${n} schemas`);
  const file = path.join(tmp, 'cold.db');
  const seedStart = performance.now();
  seedDirect(file, n);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const server = await spawnCharter(`file:${file}`);
  const target = Math.floor(n / 2);
  let firstAnswerMs = 0;
  for (;;) {
    try {
      const r = await http('GET', `${server.url}/schemas/ids/${target}`);
      if (r.status === 200) {
        firstAnswerMs = performance.now() - server.startedAt;
        break;
      }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const rssCold = rssMb(server.pid);
  await pool(32, Array.from({ length: n }, (_, i) => () => http('GET', `${server.url}/schemas/ids/${i + 1}`)));
  const rssWarm = rssMb(server.pid);
  results.coldStart = { schemas: n, seedSeconds: Number(seedSeconds.toFixed(1)), launchToFirstLookupMs: Math.round(firstAnswerMs) };
  results.memory = { schemas: n, rssAfterStartMb: rssCold, rssWithEverySchemaReadMb: rssWarm };
  await server.stop();
}

function table(): string {
  const r = results as Record<string, any>;
  const lines: string[] = ['', 'Charter benchmark' + (quick ? ' (quick)' : ''), ''];
  const row = (a: string, b: string) => lines.push(`  ${a.padEnd(58)} ${b}`);
  if (r.getSchemaById) {
    const c = r.getSchemaById as Comparison;
    row('GET /schemas/ids/{id}, 100 connections', `${c.charter.requestsPerSecond} req/s, p99 ${c.charter.p99Ms} ms; baseline ${c.baseline.requestsPerSecond} req/s; ratio ${c.ratio} (goal 0.75)`);
  }
  if (r.lookupBySchema) {
    const c = r.lookupBySchema as Comparison;
    row('POST /subjects/{s} (lookup), 100 connections', `${c.charter.requestsPerSecond} req/s, p99 ${c.charter.p99Ms} ms; baseline ${c.baseline.requestsPerSecond} req/s; ratio ${c.ratio} (goal 0.5)`);
  }
  for (const k of ['sqlite', 'postgresql']) {
    const x = r[`registrations_${k}`];
    if (x) row(`Registrations, 16 clients, ${k}`, `${x.registrationsPerSecond}/s, p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms, errors ${x.errors} (goal ${k === 'sqlite' ? 500 : 1000}/s)`);
  }
  if (r.compatibilityFullTransitive) {
    for (const [f, x] of Object.entries<any>(r.compatibilityFullTransitive)) {
      row(`Compatibility vs ${x.versions} versions, FULL_TRANSITIVE, ${f}`, `p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms, first ${x.firstCheckMs} ms (goal p50 < 100 ms)`);
    }
  }
  if (r.coldStart) row(`Cold start with ${r.coldStart.schemas} schemas`, `${r.coldStart.launchToFirstLookupMs} ms to the first answered lookup (goal < 3000 ms)`);
  if (r.memory) row(`Resident memory with ${r.memory.schemas} schemas`, `${r.memory.rssAfterStartMb} MB after start, ${r.memory.rssWithEverySchemaReadMb} MB with every schema read (goal < 400 MB)`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  if (want('lookups')) await lookups();
  if (want('registrations')) {
    await registrations('sqlite');
    await registrations('postgresql');
  }
  if (want('compatibility')) await compatibility();
  if (want('cold')) await coldStartAndMemory();
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    commit: (() => {
      try {
        return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
      } catch {
        return 'unknown';
      }
    })(),
  };
  const report = { date: new Date().toISOString(), quick, machine, seconds: Math.round((Date.now() - started) / 1000), results };
  const file = path.join(root, 'bench', 'results', `${report.date.replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  process.stdout.write(`${table()}\n\n  machine: ${machine.cpus} cores (${machine.cpuModel}), node ${machine.node}, commit ${machine.commit}; ${report.seconds} s\n  results: ${path.relative(root, file)}\n`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });
