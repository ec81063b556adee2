import type { Pool, PoolClient } from 'pg';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Plain SQL against either database, written once with PostgreSQL's `$1..$n` placeholders (each
 * used once, in order); the SQLite runner rewrites them to `?`. Values come back as the driver
 * gives them: callers coerce numbers, booleans and dates.
 */
export interface SqlRunner {
  readonly dialect: 'sqlite' | 'postgresql';
  rows<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  exec(sql: string, ...params: unknown[]): Promise<number>;
}

const toQuestionMarks = (sql: string) => sql.replace(/\$\d+/g, '?');

/** SQLite through better-sqlite3, with statements prepared once. */
export class SqliteRunner implements SqlRunner {
  readonly dialect = 'sqlite' as const;
  private static readonly statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

  constructor(private readonly db: BetterSqlite3.Database) {}

  private statement(sql: string): BetterSqlite3.Statement {
    let cache = SqliteRunner.statements.get(this.db);
    if (!cache) SqliteRunner.statements.set(this.db, (cache = new Map()));
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = this.db.prepare(toQuestionMarks(sql))));
    return stmt;
  }

  async rows<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    return this.statement(sql).all(...params.map(bindable)) as T[];
  }

  async exec(sql: string, ...params: unknown[]): Promise<number> {
    const stmt = this.statement(sql);
    if (stmt.reader) return stmt.all(...params.map(bindable)).length;
    return stmt.run(...params.map(bindable)).changes;
  }
}

/** better-sqlite3 binds no booleans or dates. */
function bindable(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** PostgreSQL through one pooled client (a transaction's). */
export class PostgresRunner implements SqlRunner {
  readonly dialect = 'postgresql' as const;

  constructor(private readonly client: PoolClient | Pool) {}

  async rows<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    return (await this.client.query(sql, params)).rows as T[];
  }

  async exec(sql: string, ...params: unknown[]): Promise<number> {
    return (await this.client.query(sql, params)).rowCount ?? 0;
  }
}
