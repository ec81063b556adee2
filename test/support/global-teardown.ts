import * as fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as Record<string, unknown>).__charterPostgres as { stop(): Promise<void> } | undefined;
  await pg?.stop();
  const tmp = process.env.CHARTER_TEST_TMP;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}
