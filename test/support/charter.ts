import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { freshDatabase, type DatabaseKind } from './databases';

export interface RunningCharter {
  readonly url: string;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

/** Charter in this process on a random port, on a fresh database unless one is given. */
export async function startCharter(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  databaseUrl?: string,
): Promise<RunningCharter & { app: NestFastifyApplication }> {
  const db = databaseUrl ?? (await freshDatabase(kind));
  const config = loadConfig({ LOG_LEVEL: 'error', ...env, DATABASE_URL: db, PORT: '0', HOST: '127.0.0.1' });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    databaseUrl: db,
    close: () => app.close(),
  };
}

/** Charter as a separate process (the built server), for multi-process and crash tests. */
export async function spawnCharter(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningCharter & { process: ChildProcess }> {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'main.js')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Charter did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listens on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    // CHARTER_TEST_VERBOSE=1 shows what spawned servers log, to debug a failing test.
    if (process.env.CHARTER_TEST_VERBOSE === '1') child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Charter exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    databaseUrl,
    process: child,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
