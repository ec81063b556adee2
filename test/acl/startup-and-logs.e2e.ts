import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { freshDatabase } from '../support/databases';
import { as, basic } from './support';

const root = path.resolve(__dirname, '../..');

/** The built server as a process, with its whole output. */
function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listens on http:\/\/[^:]+:(\d+)/.exec(output);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  listening.catch(() => undefined); // awaited only by tests that expect a start
  return {
    output: () => output,
    exited,
    listening,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs the built server (dist): rebuild it after changing src/ (`npm run build`, or the test run's global setup). */
describe('starting Charter', () => {
  it('refuses to listen beyond the loopback address without authentication, naming the variables', async () => {
    const sut = run({ HOST: '0.0.0.0', DATABASE_URL: await freshDatabase('sqlite') });
    expect(await sut.exited).toBe(2);
    expect(sut.output()).toMatch(/HOST="0\.0\.0\.0": is not a loopback address and authentication is off/);
    expect(sut.output()).toMatch(/AUTH_ENABLED=true/);
    expect(sut.output()).toMatch(/ALLOW_UNAUTHENTICATED=true/);
  });

  it('says at start that authentication is off, on loopback or when told to serve without it', async () => {
    const loopback = run({ HOST: '127.0.0.1', DATABASE_URL: await freshDatabase('sqlite') });
    await loopback.listening;
    await loopback.stop();
    expect(loopback.output()).toMatch(/Authentication is off \(AUTH_ENABLED\): every request acts with full rights, so Charter serves on the loopback address 127\.0\.0\.1 only/);
    const open = run({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true', DATABASE_URL: await freshDatabase('sqlite') });
    await open.listening;
    await open.stop();
    expect(open.output()).toMatch(/HOST=0\.0\.0\.0 is not a loopback address: serving without authentication because ALLOW_UNAUTHENTICATED=true/);
  });

  it('logs no password, key secret or credentials header, at the most talkative level', async () => {
    const adminPassword = 'admin-password-in-env';
    const sut = run({
      HOST: '127.0.0.1',
      DATABASE_URL: await freshDatabase('sqlite'),
      LOG_LEVEL: 'trace',
      LOG_REQUESTS: 'true',
      AUTH_ENABLED: 'true',
      ADMIN_USER: 'root',
      ADMIN_PASSWORD: adminPassword,
    });
    const url = await sut.listening;
    const charter = { url };
    const admin = as(charter, basic('root', adminPassword));
    const secrets = [adminPassword, 'user-password-1', 'user-password-2'];
    await admin.post('/acl/users', { name: 'alice', password: 'user-password-1' });
    await as(charter, basic('alice', 'user-password-1')).put('/acl/users/alice/password', { password: 'user-password-2' });
    const key = (await admin.post('/acl/keys', { owner: 'alice' })).body;
    const rotated = (await admin.post(`/acl/keys/${key.id}/rotate`, {})).body;
    secrets.push(key.secret, rotated.secret);
    await as(charter, basic(key.id, key.secret)).get('/acl/whoami');
    await as(charter, `Bearer ${key.id}.${rotated.secret}`).get('/subjects');
    await as(charter, basic('alice', 'wrong-password-3')).get('/subjects');
    secrets.push('wrong-password-3');
    // Answers after creation do not repeat secrets either.
    for (const p of ['/acl/keys', '/acl/users', '/acl/bindings', '/acl/audit?limit=1000', '/acl/audit/export', '/acl/whoami']) {
      const res = await admin.get(p);
      for (const s of secrets) expect({ path: p, leaked: res.text.includes(s) }).toEqual({ path: p, leaked: false });
    }
    await sut.stop();
    const output = sut.output();
    expect(output).toMatch(/"route":"\/acl\/keys"/); // requests were logged
    const headers = [basic('root', adminPassword), basic(key.id, key.secret), basic('alice', 'wrong-password-3')].map((h) => h.slice('Basic '.length));
    for (const s of [...secrets, ...headers]) expect({ leaked: output.includes(s), at: s.slice(0, 4) }).toEqual({ leaked: false, at: s.slice(0, 4) });
  });
});
