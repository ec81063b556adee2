import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Pool } from 'pg';
import type BetterSqlite3 from 'better-sqlite3';

/** A migration folder: prisma/migrations/<provider>/<stamp>_<name>/migration.sql. */
interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export function migrationsDir(provider: 'sqlite' | 'postgresql'): string {
  // Works from src/ (ts-node, jest) and dist/src/ (the build): walk up to the folder holding prisma/.
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'prisma', 'migrations', provider);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`prisma/migrations/${provider} not found above ${__dirname}`);
}

export function loadMigrations(provider: 'sqlite' | 'postgresql'): Migration[] {
  const dir = migrationsDir(provider);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

const TABLE = '_charter_migrations';

/**
 * Applies pending migrations to SQLite in one transaction each. Returns the names applied.
 * Prisma's own migrate needs a native engine these machines cannot download, so Charter
 * applies the SQL that `npm run db:migration` generated.
 */
export function migrateSqlite(db: BetterSqlite3.Database): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Map(
    (db.prepare(`SELECT name, checksum FROM "${TABLE}"`).all() as { name: string; checksum: string }[]).map((r) => [r.name, r.checksum]),
  );
  const done: string[] = [];
  for (const m of loadMigrations('sqlite')) {
    if (applied.has(m.name)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(m.sql);
      db.prepare(`INSERT INTO "${TABLE}" (name, checksum, applied_at) VALUES (?, ?, ?)`).run(m.name, m.checksum, new Date().toISOString());
      db.exec('COMMIT');
      done.push(m.name);
    } catch (e) {
      db.exec('ROLLBACK');
      throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`);
    }
  }
  return done;
}

/** A constant advisory-lock key, so that several Charter processes starting together migrate once. */
const MIGRATION_LOCK = 0x43484152; // "CHAR"

/** Applies pending migrations to PostgreSQL, each in its own transaction, under an advisory lock. */
export async function migratePostgres(pool: Pool): Promise<string[]> {
  const client = await pool.connect();
  const done: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string }>(`SELECT name FROM "${TABLE}"`);
    const applied = new Set(rows.map((r) => r.name));
    for (const m of loadMigrations('postgresql')) {
      if (applied.has(m.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "${TABLE}" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        await client.query('COMMIT');
        done.push(m.name);
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return done;
}
