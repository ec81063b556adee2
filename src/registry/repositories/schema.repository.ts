import { Injectable } from '@nestjs/common';
import type { SchemaReference } from '../../compatibility/schema-provider';
import type { SchemaType } from '../../compatibility/schema-type';
import { PrismaService, type Db, type Tx } from '../../storage/prisma.service';
import type { StoredSchema, StoredVersion } from '../registry.types';

type Conn = Db | Tx;

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

/** Schemas, subject versions, reference edges and contexts: the only code that touches them. */
@Injectable()
export class SchemaRepository {
  constructor(private readonly prisma: PrismaService) {}

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
  async lockSubject(tx: Tx, context: string, subject: string): Promise<void> {
    if (this.prisma.kind !== 'postgresql') return;
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', JSON.stringify([context, subject]));
  }

  async schemaById(db: Conn, context: string, id: number): Promise<StoredSchema | undefined> {
    const row = await db.registrySchema.findUnique({ where: { context_id: { context, id } } });
    return row ? toSchema(row) : undefined;
  }

  async schemasByGuid(db: Conn, guid: string): Promise<StoredSchema[]> {
    const rows = await db.registrySchema.findMany({ where: { guid }, orderBy: [{ context: 'asc' }] });
    return rows.map(toSchema);
  }

  async schemaByMd5(db: Conn, context: string, md5: string): Promise<StoredSchema | undefined> {
    const row = await db.registrySchema.findUnique({ where: { context_md5: { context, md5 } } });
    return row ? toSchema(row) : undefined;
  }

  async schemasByIds(db: Conn, context: string, ids: readonly number[]): Promise<Map<number, StoredSchema>> {
    if (!ids.length) return new Map();
    const rows = await db.registrySchema.findMany({ where: { context, id: { in: [...new Set(ids)] } } });
    return new Map(rows.map((r) => [r.id, toSchema(r)]));
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

  /** Every version of a subject, oldest first. */
  async versions(db: Conn, context: string, subject: string): Promise<StoredVersion[]> {
    const rows = await db.registrySubjectVersion.findMany({ where: { context, subject }, orderBy: { version: 'asc' } });
    return rows.map(toVersion);
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
   * (IMPORT mode) moves the counter past it instead.
   */
  async allocateId(tx: Tx, context: string, explicit?: number): Promise<number> {
    await tx.registryContext.upsert({ where: { name: context }, create: { name: context, nextId: 1 }, update: {} });
    if (explicit !== undefined) {
      const row = await tx.registryContext.findUniqueOrThrow({ where: { name: context } });
      if (row.nextId <= explicit) {
        await tx.registryContext.update({ where: { name: context }, data: { nextId: explicit + 1 } });
      }
      return explicit;
    }
    const row = await tx.registryContext.update({ where: { name: context }, data: { nextId: { increment: 1 } } });
    let id = row.nextId - 1;
    // Imported schemas may already hold ids above the counter's past values: skip them.
    while (await tx.registrySchema.findUnique({ where: { context_id: { context, id } }, select: { id: true } })) {
      const next = await tx.registryContext.update({ where: { name: context }, data: { nextId: { increment: 1 } } });
      id = next.nextId - 1;
    }
    return id;
  }

  async ensureContext(tx: Tx, context: string): Promise<void> {
    await tx.registryContext.upsert({ where: { name: context }, create: { name: context, nextId: 1 }, update: {} });
  }

  async insertSchema(tx: Tx, s: NewSchema): Promise<void> {
    await tx.registrySchema.create({
      data: {
        context: s.context,
        id: s.id,
        guid: s.guid,
        schemaType: s.schemaType,
        schema: s.schema,
        references: JSON.stringify(s.references),
        metadata: s.metadata == null ? null : JSON.stringify(s.metadata),
        ruleSet: s.ruleSet == null ? null : JSON.stringify(s.ruleSet),
        md5: s.md5,
      },
    });
    if (s.referenceTargets.length) {
      await tx.registryReference.createMany({
        data: s.referenceTargets.map((r) => ({
          context: s.context,
          schemaId: s.id,
          name: r.name,
          refContext: r.context,
          refSubject: r.subject,
          refVersion: r.version,
        })),
      });
    }
  }

  async insertVersion(tx: Tx, v: { context: string; subject: string; version: number; schemaId: number; deleted?: boolean }): Promise<void> {
    const now = new Date();
    await tx.registrySubjectVersion.create({
      data: { ...v, deleted: v.deleted ?? false, createdAt: now, updatedAt: now },
    });
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
