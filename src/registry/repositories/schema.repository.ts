import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { SchemaReference } from '../../compatibility/schema-provider';
import type { SchemaType } from '../../compatibility/schema-type';
import { PrismaService, type Db, type Tx } from '../../storage/prisma.service';
import type { SqlRunner } from '../../storage/sql-runner';
import type { StoredSchema, StoredVersion } from '../registry.types';

type Conn = Db | Tx;
/** Where the plain-SQL statements run: a Prisma client or transaction, or a driver-level transaction. */
type Sql = Conn | SqlRunner;

interface SchemaRow {
  context: string;
  id: number;
  guid: string;
  schemaType: string;
  schema: string;
  references: string;
  metadata: string | null;
  ruleSet: string | null;
  md5: string;
}

interface VersionRow {
  context: string;
  subject: string;
  version: number;
  schemaId: number;
  deleted: boolean;
  createdAt: Date;
}

const toSchema = (r: SchemaRow): StoredSchema => ({
  context: r.context,
  id: r.id,
  guid: r.guid,
  schemaType: r.schemaType as SchemaType,
  schema: r.schema,
  references: JSON.parse(r.references) as SchemaReference[],
  metadata: r.metadata == null ? null : JSON.parse(r.metadata),
  ruleSet: r.ruleSet == null ? null : JSON.parse(r.ruleSet),
  md5: r.md5,
});

const toVersion = (r: VersionRow): StoredVersion => ({
  context: r.context,
  subject: r.subject,
  version: r.version,
  schemaId: r.schemaId,
  deleted: r.deleted,
  createdAt: r.createdAt,
});

interface RawVersion {
  version: number | bigint;
  schema_id: number | bigint;
  deleted: boolean | number | bigint;
  created_at: string | Date;
}

interface RawSchema {
  context: string;
  id: number | bigint;
  guid: string;
  schema_type: string;
  schema: string;
  references: string;
  metadata: string | null;
  rule_set: string | null;
  md5: string;
}

/** The advisory-lock key of a subject (PostgreSQL hashes it with hashtext). */
const subjectLockKey = (context: string, subject: string) => JSON.stringify([context, subject]);

/** See SchemaRepository.versionsFingerprint. */
export interface VersionsFingerprint {
  readonly count: number;
  readonly latest: number;
  readonly deleted: number;
  readonly links: number;
}

/** The fingerprint of versions held in memory, computed as the database computes it. */
export function fingerprintOf(versions: readonly StoredVersion[]): VersionsFingerprint {
  let latest = 0;
  let deleted = 0;
  let links = 0;
  for (const v of versions) {
    if (v.version > latest) latest = v.version;
    if (v.deleted) deleted += v.version;
    links += (v.version * 1000003 + v.schemaId) % 2147483647;
  }
  return { count: versions.length, latest, deleted, links };
}

export const sameFingerprint = (a: VersionsFingerprint, b: VersionsFingerprint): boolean =>
  a.count === b.count && a.latest === b.latest && a.deleted === b.deleted && a.links === b.links;

/** The last value a sequence handed out (0 before the first). */
const SEQUENCE_POSITION = (seq: string) => `(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${seq})`;

const SCHEMA_COLUMNS = 'context, id, guid, schema_type, schema, "references", metadata, rule_set, md5';

const fromRawSchema = (r: RawSchema): StoredSchema =>
  toSchema({
    context: r.context,
    id: Number(r.id),
    guid: r.guid,
    schemaType: r.schema_type,
    schema: r.schema,
    references: r.references,
    metadata: r.metadata,
    ruleSet: r.rule_set,
    md5: r.md5,
  });

/** SQLite's CURRENT_TIMESTAMP text is UTC without a zone; PostgreSQL gives a Date. */
function toDate(v: string | Date): Date {
  if (v instanceof Date) return v;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
}

export interface NewSchema {
  readonly context: string;
  readonly id: number;
  readonly guid: string;
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
  readonly metadata: unknown;
  readonly ruleSet: unknown;
  readonly md5: string;
  /** Resolved reference targets, for referenced-by lookups. */
  readonly referenceTargets: readonly { name: string; context: string; subject: string; version: number }[];
}

/**
 * Schemas, subject versions, reference edges and contexts: the only code that touches them.
 * The statements every registration runs are raw SQL, written once for both databases ($n
 * placeholders, rewritten to `?` for SQLite): Prisma's query layer cost more than the queries.
 */
@Injectable()
export class SchemaRepository {
  constructor(private readonly prisma: PrismaService) {}

  private sql(text: string): string {
    return this.prisma.kind === 'sqlite' ? text.replace(/\$\d+/g, '?') : text;
  }

  private rows<T>(db: Sql, text: string, ...params: unknown[]): Promise<T[]> {
    if ('rows' in db) return db.rows<T>(text, ...params);
    return db.$queryRawUnsafe<T[]>(this.sql(text), ...params);
  }

  private exec(db: Sql, text: string, ...params: unknown[]): Promise<number> {
    if ('exec' in db) return db.exec(text, ...params);
    return db.$executeRawUnsafe(this.sql(text), ...params);
  }

  /** The registration write: one driver-level transaction (see PrismaService.sqlTransaction). */
  writeTransaction<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T> {
    return this.prisma.sqlTransaction(fn);
  }

  /** Runs reads that must see one consistent state. */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.prisma.read(fn);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.transaction(fn);
  }

  /**
   * Serializes writers of one subject across processes (PostgreSQL advisory lock, released at
   * commit). SQLite writers are already serialized by the storage gate.
   */
  /** Whether registerNewVersion can be used (PostgreSQL). */
  get writesInOneStatement(): boolean {
    return this.prisma.kind === 'postgresql';
  }

  async lockSubject(tx: Tx | SqlRunner, context: string, subject: string): Promise<void> {
    if (this.prisma.kind !== 'postgresql') return;
    await this.exec(tx, 'SELECT pg_advisory_xact_lock(hashtext($1))', subjectLockKey(context, subject));
  }

  /**
   * PostgreSQL: the common registration — a new version of the subject, written only if its
   * versions still match `expected` — in one statement (the function `charter_register_version`
   * of the migration `register_function`, which takes the same lock as `lockSubject`). Answers
   * `undefined` when the subject changed meanwhile: the caller then takes the full transaction.
   */
  async registerNewVersion(
    subject: string,
    expected: VersionsFingerprint,
    s: Omit<NewSchema, 'id'>,
  ): Promise<{ schemaId: number; version: number; created: boolean } | undefined> {
    const seq = await this.contextSequence(s.context);
    const targets = s.referenceTargets;
    const [row] = await this.prisma.sqlStatements((sql) =>
      sql.rows<{ outcome: string; schema_id: number; version: number; created: boolean }>(
        `SELECT outcome, schema_id, version, created FROM charter_register_version(
           $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::text[], $17::text[], $18::text[], $19::integer[])`,
        s.context,
        subject,
        subjectLockKey(s.context, subject),
        expected.count,
        expected.latest,
        expected.deleted,
        expected.links,
        seq,
        s.guid,
        s.schemaType,
        s.schema,
        JSON.stringify(s.references),
        s.metadata == null ? null : JSON.stringify(s.metadata),
        s.ruleSet == null ? null : JSON.stringify(s.ruleSet),
        s.md5,
        targets.map((t) => t.name),
        targets.map((t) => t.context),
        targets.map((t) => t.subject),
        targets.map((t) => t.version),
      ),
    );
    if (!row || row.outcome !== 'written') return undefined;
    return { schemaId: Number(row.schema_id), version: Number(row.version), created: Boolean(row.created) };
  }

  async schemaById(db: Sql, context: string, id: number): Promise<StoredSchema | undefined> {
    const [row] = await this.rows<RawSchema>(db, `SELECT ${SCHEMA_COLUMNS} FROM registry_schema WHERE context = $1 AND id = $2`, context, id);
    return row ? fromRawSchema(row) : undefined;
  }

  async schemasByGuid(db: Conn, guid: string): Promise<StoredSchema[]> {
    const rows = await db.registrySchema.findMany({ where: { guid }, orderBy: [{ context: 'asc' }] });
    return rows.map(toSchema);
  }

  async schemaByMd5(db: Sql, context: string, md5: string): Promise<StoredSchema | undefined> {
    const [row] = await this.rows<RawSchema>(db, `SELECT ${SCHEMA_COLUMNS} FROM registry_schema WHERE context = $1 AND md5 = $2`, context, md5);
    return row ? fromRawSchema(row) : undefined;
  }

  async schemasByIds(db: Sql, context: string, ids: readonly number[]): Promise<Map<number, StoredSchema>> {
    const unique = [...new Set(ids)];
    const out = new Map<number, StoredSchema>();
    // Chunked IN lists keep every statement within both databases' parameter limits.
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const marks = chunk.map((_, k) => `$${k + 2}`).join(', ');
      const rows = await this.rows<RawSchema>(db, `SELECT ${SCHEMA_COLUMNS} FROM registry_schema WHERE context = $1 AND id IN (${marks})`, context, ...chunk);
      for (const r of rows) out.set(Number(r.id), fromRawSchema(r));
    }
    return out;
  }

  /** A page of schemas ordered by (context, id), for GET /schemas. */
  async listSchemas(db: Conn, opts: { context?: string; skip: number; take: number }): Promise<StoredSchema[]> {
    const rows = await db.registrySchema.findMany({
      where: opts.context ? { context: opts.context } : undefined,
      orderBy: [{ context: 'asc' }, { id: 'asc' }],
      skip: opts.skip,
      take: opts.take,
    });
    return rows.map(toSchema);
  }

  /** Every version of a subject, oldest first. (Raw SQL: it runs in every registration.) */
  async versions(db: Sql, context: string, subject: string): Promise<StoredVersion[]> {
    const rows = await this.rows<RawVersion>(
      db,
      'SELECT version, schema_id, deleted, created_at FROM registry_subject_version WHERE context = $1 AND subject = $2 ORDER BY version',
      context,
      subject,
    );
    return rows.map((r) => ({
      context,
      subject,
      version: Number(r.version),
      schemaId: Number(r.schema_id),
      deleted: Boolean(Number(r.deleted)),
      createdAt: toDate(r.created_at),
    }));
  }

  /**
   * A summary of a subject's version rows that changes whenever a row is added, removed,
   * soft-deleted or points elsewhere: a writer that already holds the subject's versions in memory
   * checks them against this instead of reading every row again inside its transaction.
   */
  async versionsFingerprint(db: Sql, context: string, subject: string): Promise<VersionsFingerprint> {
    const [row] = await this.rows<Record<keyof VersionsFingerprint, number | bigint | string | null>>(
      db,
      `SELECT COUNT(*) AS count, COALESCE(MAX(version), 0) AS latest,
              COALESCE(SUM(CASE WHEN deleted THEN version ELSE 0 END), 0) AS deleted,
              COALESCE(SUM((CAST(version AS BIGINT) * 1000003 + schema_id) % 2147483647), 0) AS links
         FROM registry_subject_version WHERE context = $1 AND subject = $2`,
      context,
      subject,
    );
    return { count: Number(row.count), latest: Number(row.latest), deleted: Number(row.deleted), links: Number(row.links) };
  }

  /** Versions of many subjects at once (for listing). */
  async versionsWhere(
    db: Conn,
    where: { context?: string; subjectPrefix?: string },
  ): Promise<StoredVersion[]> {
    const rows = await db.registrySubjectVersion.findMany({
      where: {
        ...(where.context ? { context: where.context } : {}),
        ...(where.subjectPrefix ? { subject: { startsWith: where.subjectPrefix } } : {}),
      },
      orderBy: [{ context: 'asc' }, { subject: 'asc' }, { version: 'asc' }],
    });
    return rows.map(toVersion);
  }

  /** Every (subject, version) that registered a schema id. */
  async versionsOfSchema(db: Conn, context: string, schemaId: number): Promise<StoredVersion[]> {
    const rows = await db.registrySubjectVersion.findMany({
      where: { context, schemaId },
      orderBy: [{ subject: 'asc' }, { version: 'asc' }],
    });
    return rows.map(toVersion);
  }

  /**
   * Ids of schemas that reference (context, subject, version), each with whether a live
   * version still uses it.
   */
  async referrers(
    db: Conn,
    target: { context: string; subject: string; version: number },
  ): Promise<{ context: string; schemaId: number; live: boolean; used: boolean }[]> {
    const edges = await db.registryReference.findMany({
      where: { refContext: target.context, refSubject: target.subject, refVersion: target.version },
      select: { context: true, schemaId: true },
    });
    if (!edges.length) return [];
    const result: { context: string; schemaId: number; live: boolean; used: boolean }[] = [];
    for (const e of edges) {
      const users = await db.registrySubjectVersion.findMany({
        where: { context: e.context, schemaId: e.schemaId },
        select: { deleted: true },
      });
      result.push({ context: e.context, schemaId: e.schemaId, live: users.some((u) => !u.deleted), used: users.length > 0 });
    }
    return result.sort((a, b) => a.schemaId - b.schemaId);
  }

  async contexts(db: Conn): Promise<string[]> {
    const rows = await db.registryContext.findMany({ select: { name: true }, orderBy: { name: 'asc' } });
    return rows.map((r) => r.name);
  }

  async deleteContext(tx: Tx, name: string): Promise<void> {
    await tx.registryContext.deleteMany({ where: { name } });
  }

  async contextHasSubjects(db: Conn, name: string): Promise<boolean> {
    return (await db.registrySubjectVersion.count({ where: { context: name } })) > 0;
  }

  /**
   * Takes the next id of a context (creating the context on first use). With an explicit id
   * (IMPORT mode) moves the counter past it instead, so later ids never collide.
   *
   * SQLite keeps the counter in the context's row (writers are serialized anyway). PostgreSQL
   * uses one sequence per context: a counter row would be locked from allocation to commit and
   * make every registration in the context wait for the one before it, across all nodes.
   */
  async allocateId(tx: SqlRunner, context: string, explicit?: number): Promise<number> {
    if (tx.dialect === 'postgresql') {
      const seq = await this.contextSequence(context);
      if (explicit !== undefined) {
        await this.ensureContext(tx, context);
        await tx.rows(`SELECT setval('${seq}', GREATEST($1::bigint, ${SEQUENCE_POSITION(seq)}), true)`, explicit);
        return explicit;
      }
      // One round trip: the context's row is made sure of in the same statement.
      const [row] = await tx.rows<{ id: string | number }>(
        `WITH made AS (INSERT INTO registry_context (name) VALUES ($1) ON CONFLICT (name) DO NOTHING) SELECT nextval('${seq}') AS id`,
        context,
      );
      return Number(row.id);
    }
    if (explicit !== undefined) {
      await this.exec(
        tx,
        `INSERT INTO registry_context (name, next_id) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET next_id = CASE WHEN registry_context.next_id > $3 THEN registry_context.next_id ELSE $4 END`,
        context,
        explicit + 1,
        explicit,
        explicit + 1,
      );
      return explicit;
    }
    const [row] = await this.rows<{ id: number | bigint }>(
      tx,
      `INSERT INTO registry_context (name, next_id) VALUES ($1, 2)
       ON CONFLICT (name) DO UPDATE SET next_id = registry_context.next_id + 1
       RETURNING next_id - 1 AS id`,
      context,
    );
    return Number(row.id);
  }

  /** Contexts whose PostgreSQL id sequence this process knows to exist. */
  private readonly sequences = new Map<string, string>();

  /**
   * The id sequence of a context, created on first use outside any transaction and started above
   * every id the context already holds (never moved backwards).
   */
  private async contextSequence(context: string): Promise<string> {
    const known = this.sequences.get(context);
    if (known) return known;
    const seq = `registry_id_${createHash('sha1').update(context).digest('hex').slice(0, 16)}`;
    await this.prisma.sqlStatements(async (sql) => {
      try {
        await sql.exec(`CREATE SEQUENCE IF NOT EXISTS ${seq} MINVALUE 0 START WITH 1`);
      } catch (e) {
        // Another node created it at the same moment.
        if (!/already exists|duplicate key/i.test((e as Error).message)) throw e;
      }
      await sql.rows(
        `SELECT setval('${seq}', GREATEST(
           (SELECT COALESCE(MAX(id), 0) FROM registry_schema WHERE context = $1),
           (SELECT COALESCE(MAX(next_id) - 1, 0) FROM registry_context WHERE name = $2),
           ${SEQUENCE_POSITION(seq)}), true)`,
        context,
        context,
      );
    });
    this.sequences.set(context, seq);
    return seq;
  }

  async ensureContext(tx: Tx | SqlRunner, context: string): Promise<void> {
    await this.exec(tx, 'INSERT INTO registry_context (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', context);
  }

  async insertSchema(tx: Tx | SqlRunner, s: NewSchema): Promise<void> {
    await this.exec(
      tx,
      'INSERT INTO registry_schema (context, id, guid, schema_type, schema, "references", metadata, rule_set, md5) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      s.context,
      s.id,
      s.guid,
      s.schemaType,
      s.schema,
      JSON.stringify(s.references),
      s.metadata == null ? null : JSON.stringify(s.metadata),
      s.ruleSet == null ? null : JSON.stringify(s.ruleSet),
      s.md5,
    );
    for (const r of s.referenceTargets) {
      await this.exec(
        tx,
        'INSERT INTO registry_reference (context, schema_id, name, ref_context, ref_subject, ref_version) VALUES ($1, $2, $3, $4, $5, $6)',
        s.context,
        s.id,
        r.name,
        r.context,
        r.subject,
        r.version,
      );
    }
  }

  async insertVersion(tx: Tx | SqlRunner, v: { context: string; subject: string; version: number; schemaId: number; deleted?: boolean }): Promise<void> {
    await this.exec(
      tx,
      'INSERT INTO registry_subject_version (context, subject, version, schema_id, deleted) VALUES ($1, $2, $3, $4, $5)',
      v.context,
      v.subject,
      v.version,
      v.schemaId,
      v.deleted ?? false,
    );
  }

  async markDeleted(tx: Tx, context: string, subject: string, versions: readonly number[]): Promise<void> {
    if (!versions.length) return;
    await tx.registrySubjectVersion.updateMany({
      where: { context, subject, version: { in: [...versions] } },
      data: { deleted: true, updatedAt: new Date() },
    });
  }

  /** Removes versions for good, then any schema no version uses any more. Returns the schema ids removed. */
  async deleteVersions(tx: Tx, context: string, subject: string, versions: readonly number[]): Promise<number[]> {
    if (!versions.length) return [];
    const rows = await tx.registrySubjectVersion.findMany({
      where: { context, subject, version: { in: [...versions] } },
      select: { schemaId: true },
    });
    await tx.registrySubjectVersion.deleteMany({ where: { context, subject, version: { in: [...versions] } } });
    const removed: number[] = [];
    for (const schemaId of new Set(rows.map((r) => r.schemaId))) {
      const users = await tx.registrySubjectVersion.count({ where: { context, schemaId } });
      if (users === 0) {
        await tx.registryReference.deleteMany({ where: { context, schemaId } });
        await tx.registrySchema.delete({ where: { context_id: { context, id: schemaId } } });
        removed.push(schemaId);
      }
    }
    return removed;
  }

  async maxSchemaId(db: Conn, context: string): Promise<number> {
    const agg = await db.registrySchema.aggregate({ where: { context }, _max: { id: true } });
    return agg._max.id ?? 0;
  }
}
