import * as path from 'node:path';
import { Client } from 'pg';

export type DatabaseKind = 'sqlite' | 'postgresql';
export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'postgresql'];

let counter = 0;

/** A new, empty database of the given kind for one test: a SQLite file or a PostgreSQL database. */
export async function freshDatabase(kind: DatabaseKind): Promise<string> {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  if (kind === 'sqlite') {
    const tmp = process.env.CHARTER_TEST_TMP;
    if (!tmp) throw new Error('CHARTER_TEST_TMP is not set: run the integration tests through jest (global setup)');
    return `file:${path.join(tmp, `${name}.db`)}`;
  }
  const admin = process.env.CHARTER_TEST_PG_URL;
  if (!admin) throw new Error('CHARTER_TEST_PG_URL is not set: run the integration tests through jest (global setup)');
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
