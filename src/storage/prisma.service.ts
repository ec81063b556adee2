import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import BetterSqlite3 from 'better-sqlite3';
import { Pool } from 'pg';
import { AsyncMutex } from '../common/async-mutex';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import { parseDatabaseUrl, type DatabaseTarget } from './database-url';
import { migratePostgres, migrateSqlite } from './migrator';
import { PrismaClient as SqliteClient, type Prisma } from './generated/sqlite/client';
import { PrismaClient as PostgresClient } from './generated/postgresql/client';
import { PostgresRunner, SqliteRunner, type SqlRunner } from './sql-runner';

/**
 * Both generated clients come from one schema (prisma/schema.prisma), so their model APIs are
 * the same; repositories are typed against the SQLite one and get whichever is configured.
 */
export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;

/** The database, opened and migrated at start. Imported only by repositories. */
@Injectable()
export class PrismaService implements OnModuleDestroy {
  private readonly logger = new Logger('Storage');
  readonly target: DatabaseTarget;
  private client?: Db;
  private pool?: Pool;
  /** SQLite connection for plain-SQL transactions (a second connection to the same file). */
  private sqlite?: BetterSqlite3.Database;
  /**
   * SQLite has one connection: a read issued while another request's transaction is open would
   * see (and could join) that uncommitted transaction. Every SQLite operation therefore takes
   * this lock; PostgreSQL gives each transaction its own connection and needs none.
   */
  private readonly sqliteGate = new AsyncMutex();
  private ready = false;

  constructor(@Inject(CHARTER_CONFIG) private readonly config: CharterConfig) {
    this.target = parseDatabaseUrl(config.DATABASE_URL);
  }

  get kind(): 'sqlite' | 'postgresql' {
    return this.target.kind;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Opens the database and applies pending migrations. Called once at start. */
  async open(): Promise<void> {
    if (this.client) return;
    if (this.target.kind === 'sqlite') {
      const file = this.target.file;
      if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
      const db = new BetterSqlite3(file);
      db.pragma('journal_mode = WAL');
      const applied = migrateSqlite(db);
      if (applied.length) this.logger.log(`Applied migrations: ${applied.join(', ')}`);
      // WAL with synchronous=NORMAL: a committed write survives a process crash; only a power
      // loss can drop the last transactions.
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 10000');
      db.pragma('foreign_keys = ON');
      this.sqlite = db;
      this.client = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 10000 }) });
      await this.client.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
      await this.client.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    } else {
      this.pool = new Pool({ connectionString: this.target.url, max: this.config.DATABASE_POOL_SIZE });
      this.pool.on('error', (e) => this.logger.warn(`PostgreSQL pool error: ${e.message}`));
      const applied = await migratePostgres(this.pool);
      if (applied.length) this.logger.log(`Applied migrations: ${applied.join(', ')}`);
      this.client = new PostgresClient({ adapter: new PrismaPg(this.pool) }) as unknown as Db;
    }
    this.ready = true;
  }

  /** The PostgreSQL pool (for LISTEN/NOTIFY and health checks); undefined on SQLite. */
  get pgPool(): Pool | undefined {
    return this.pool;
  }

  private get db(): Db {
    if (!this.client) throw new Error('Database not open');
    return this.client;
  }

  /** Runs reads outside a transaction. */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (this.target.kind === 'sqlite') return this.sqliteGate.run(() => fn(this.db));
    return fn(this.db);
  }

  /** Runs `fn` in one transaction: all of it is committed, or none. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const run = () => this.db.$transaction(fn, { maxWait: 30_000, timeout: 60_000 });
    if (this.target.kind === 'sqlite') return this.sqliteGate.run(run);
    return run();
  }

  /**
   * A transaction in plain SQL on the driver Prisma's adapter wraps (better-sqlite3, pg), for the
   * registry's registration path: Prisma's query layer cost more there than the statements.
   * All of `fn` commits, or none of it.
   */
  sqlTransaction<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T> {
    if (this.target.kind === 'sqlite') {
      const db = this.sqlite;
      if (!db) throw new Error('Database not open');
      return this.sqliteGate.run(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(new SqliteRunner(db));
          db.exec('COMMIT');
          return result;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      });
    }
    const pool = this.pool;
    if (!pool) throw new Error('Database not open');
    return (async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(new PostgresRunner(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    })();
  }

  /** Plain SQL outside any transaction (each statement commits on its own). */
  async sqlStatements<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T> {
    if (this.target.kind === 'sqlite') {
      const db = this.sqlite;
      if (!db) throw new Error('Database not open');
      return this.sqliteGate.run(() => fn(new SqliteRunner(db)));
    }
    if (!this.pool) throw new Error('Database not open');
    return fn(new PostgresRunner(this.pool));
  }

  /** Answers whether the database responds. */
  async ping(): Promise<boolean> {
    try {
      await this.read((db) => db.$queryRawUnsafe('SELECT 1'));
      return true;
    } catch {
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.ready = false;
    await this.client?.$disconnect().catch(() => undefined);
    this.client = undefined;
    this.sqlite?.close();
    this.sqlite = undefined;
    if (this.pool) {
      await this.pool.end().catch(() => undefined);
      this.pool = undefined;
    }
  }
}
