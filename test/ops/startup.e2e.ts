import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

/** Runs the built server with `env` until it exits; answers its exit code and what it printed. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'main.js')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${path.join(process.env.CHARTER_TEST_TMP!, 'startup.db')}`, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('starting Charter with a bad configuration', () => {
  it('exits 2 with a message naming each bad variable and what is wrong with it', async () => {
    const sut = await runServer({ PORT: 'http', CACHE_SAFETY_FLUSH_SECONDS: '-5', LOG_REQUESTS: 'sometimes' });
    expect(sut.code).toBe(2);
    expect(sut.stderr).toContain('Invalid configuration:');
    expect(sut.stderr).toMatch(/PORT="http": .*number/);
    expect(sut.stderr).toMatch(/CACHE_SAFETY_FLUSH_SECONDS="-5": .*>=0/);
    expect(sut.stderr).toMatch(/LOG_REQUESTS="sometimes": .*"true"/);
    expect(sut.stdout).not.toContain('listens on');
  });

  it('exits 2 for a TRUST_PROXY entry that is not an address or range, naming it', async () => {
    const sut = await runServer({ TRUST_PROXY: '10.0.0.0/8, lb.internal' });
    expect(sut.code).toBe(2);
    expect(sut.stderr).toContain(`TRUST_PROXY="10.0.0.0/8, lb.internal": 'lb.internal' is not an IP address or CIDR range`);
  });

  it('exits 2 for an unsupported database without repeating its password', async () => {
    const sut = await runServer({ DATABASE_URL: 'mysql://charter:hunter2@db.internal/charter' });
    expect(sut.code).toBe(2);
    expect(sut.stderr).toContain('DATABASE_URL="mysql://charter:***@db.internal/charter": must be file:<path> for SQLite or postgresql://... for PostgreSQL');
    expect(sut.stderr + sut.stdout).not.toContain('hunter2');
  });

  it('exits 1 naming DATABASE_URL when the database cannot be reached', async () => {
    const sut = await runServer({ DATABASE_URL: 'postgresql://charter:hunter2@127.0.0.1:1/charter' });
    expect(sut.code).toBe(1);
    expect(sut.stderr).toMatch(/^DATABASE_URL=postgresql:\/\/charter:\*\*\*@127\.0\.0\.1:1\/charter: cannot open the database: .*ECONNREFUSED/m);
    expect(sut.stderr + sut.stdout).not.toContain('hunter2');
  });

  it('exits 1 naming PORT and HOST when the address is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const sut = await runServer({ PORT: String(port), HOST: '127.0.0.1' });
      expect(sut.code).toBe(1);
      expect(sut.stderr).toMatch(new RegExp(`^PORT=${port} HOST=127\\.0\\.0\\.1: cannot listen: .*EADDRINUSE`, 'm'));
    } finally {
      taken.close();
    }
  });
});
