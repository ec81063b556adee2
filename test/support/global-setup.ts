import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Starts what the integration tests share: one PostgreSQL server (Debian's package, installed if
 * missing) on 127.0.0.1, and a fresh build of the server for tests that run it as a separate
 * process. Each test file creates its own database in it.
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prepare } = require(path.join(root, 'scripts', 'prepare.js'));
  // CHARTER_TEST_NO_BUILD=1 skips the build in a quick local loop (process tests then run the last build).
  // The web UI too: the browser tests (test/ui) drive the built pages.
  prepare({ build: process.env.CHARTER_TEST_NO_BUILD !== '1', web: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const postgres = require(path.join(root, 'scripts', 'postgres.js'));
  const pg = await postgres.start();
  process.env.CHARTER_TEST_PG_URL = pg.url;
  process.env.CHARTER_TEST_TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-test-'));
  (globalThis as Record<string, unknown>).__charterPostgres = pg;
}
