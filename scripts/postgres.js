#!/usr/bin/env node
// Starts a throwaway PostgreSQL server from Debian's package on 127.0.0.1, for tests, the
// benchmark and migration authoring. Installs the package with apt when it is missing.
// Usage from code: const pg = await start({ port }); ... pg.url ...; await pg.stop();
// From the shell: node scripts/postgres.js start [port]   (prints the URL, keeps running)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { execFileSync, spawn } = require('node:child_process');

function findBinDir() {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

function ensureInstalled() {
  let bin = findBinDir();
  if (bin) return bin;
  console.error('[postgres] installing Debian package postgresql (apt-get)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  }
  bin = findBinDir();
  if (!bin) throw new Error('PostgreSQL binaries not found after installing the postgresql package');
  return bin;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/**
 * Runs a command as the postgres OS user when we are root (postgres refuses to run as root).
 * The uid is switched by Node itself rather than through runuser, so signals reach postgres.
 */
function asPostgres(cmd, args, opts = {}) {
  if (process.getuid && process.getuid() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return [cmd, args, { ...opts, uid, gid, env: { ...process.env, HOME: '/tmp' } }];
  }
  return [cmd, args, opts];
}

async function waitReady(bin, port, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      execFileSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not become ready on port ${port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * `durable: true` keeps PostgreSQL's defaults (fsync, synchronous commit) for benchmarks; tests
 * trade durability for speed.
 */
async function start({ port, database = 'charter', durable = false } = {}) {
  const bin = ensureInstalled();
  port = port || (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-pg-'));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  if (process.getuid && process.getuid() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const run = (cmd, args) => { const [c, a, o] = asPostgres(path.join(bin, cmd), args); execFileSync(c, a, { stdio: 'pipe', ...o }); };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const [c, a, o] = asPostgres(path.join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir,
    ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    '-c', 'max_connections=300', '-c', 'shared_buffers=128MB',
  ]);
  const child = spawn(c, a, { ...o, stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  // A test run that dies must not leave servers behind.
  const killOnExit = () => { try { child.kill('SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 20000) stderr = stderr.slice(-10000); });
  try {
    await waitReady(bin, port);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${stderr}`);
  }
  execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', `CREATE DATABASE ${database}`], { stdio: 'pipe' });
  const url = `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const createDatabase = (name) => {
    execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
    return `postgresql://postgres@127.0.0.1:${port}/${name}`;
  };
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null) {
      child.kill('SIGINT'); // fast shutdown
      await new Promise((r) => { const t = setTimeout(() => { child.kill('SIGKILL'); r(); }, 10000); child.once('exit', () => { clearTimeout(t); r(); }); });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url, port, pid: child.pid, dir, createDatabase, stop };
}

module.exports = { start, ensureInstalled };

if (require.main === module && process.argv[2] === 'start') {
  start({ port: Number(process.argv[3]) || undefined }).then((pg) => {
    console.log(pg.url);
    const bye = () => pg.stop().then(() => process.exit(0));
    process.on('SIGINT', bye); process.on('SIGTERM', bye);
  }, (e) => { console.error(e.message); process.exit(1); });
}
