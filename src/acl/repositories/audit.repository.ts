import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../storage/prisma.service';
import { chain, GENESIS_HASH, type AuditFields, type AuditRecord } from '../audit-chain';

/** Serializes appends across processes on PostgreSQL, so the chain stays one line. */
const AUDIT_LOCK = 0x41554454; // "AUDT"

export interface AuditQuery {
  readonly principal?: string;
  /** Prefix of the action (`acl.`, `schema.register`). */
  readonly action?: string;
  /** Prefix of the resource (`Subject:orders-`). */
  readonly resource?: string;
  readonly outcome?: string;
  /** ISO 8601 bounds: from inclusive, to exclusive. */
  readonly from?: string;
  readonly to?: string;
  /** Only records with a smaller seq (paging newest first). */
  readonly beforeSeq?: number;
  /** Only records with a larger seq (paging oldest first). */
  readonly afterSeq?: number;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
}

/** The audit tables: appended to in plain SQL under a lock, read through Prisma. */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Appends records after the chain's head, in one transaction that also moves the head. On
   * PostgreSQL an advisory lock makes appends from every node take turns.
   */
  append(fields: readonly Omit<AuditFields, 'seq'>[]): Promise<AuditRecord[]> {
    return this.prisma.sqlTransaction(async (sql) => {
      if (sql.dialect === 'postgresql') await sql.rows('SELECT pg_advisory_xact_lock($1)', AUDIT_LOCK);
      const head =
        (await sql.rows<{ seq: number | string; hash: string }>('SELECT seq, hash FROM acl_audit_head WHERE id = 1'))[0] ??
        (await sql.rows<{ seq: number | string; hash: string }>('SELECT seq, hash FROM acl_audit ORDER BY seq DESC LIMIT 1'))[0];
      const records = chain(fields, head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS_HASH });
      for (const r of records) {
        await sql.exec(
          'INSERT INTO acl_audit (seq, time, principal, action, resource, outcome, status, request_id, source, details, prev_hash, hash) ' +
            'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)',
          r.seq, r.time, r.principal, r.action, r.resource, r.outcome, r.status, r.requestId, r.source, r.details, r.prevHash, r.hash,
        );
      }
      const last = records[records.length - 1];
      if (last) {
        await sql.exec(
          'INSERT INTO acl_audit_head (id, seq, hash) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
          last.seq, last.hash,
        );
      }
      return records;
    });
  }

  /** The chain's head as last written, if any record was. */
  head(): Promise<{ seq: number; hash: string } | undefined> {
    return this.prisma.read(async (db) => {
      const h = await db.aclAuditHead.findUnique({ where: { id: 1 } });
      return h ? { seq: h.seq, hash: h.hash } : undefined;
    });
  }

  query(q: AuditQuery): Promise<AuditRecord[]> {
    const seq = q.beforeSeq !== undefined || q.afterSeq !== undefined ? { lt: q.beforeSeq, gt: q.afterSeq } : undefined;
    const time = q.from !== undefined || q.to !== undefined ? { gte: q.from, lt: q.to } : undefined;
    return this.prisma.read((db) =>
      db.aclAudit.findMany({
        where: {
          seq,
          time,
          principal: q.principal,
          outcome: q.outcome,
          action: q.action !== undefined ? { startsWith: q.action } : undefined,
          resource: q.resource !== undefined ? { startsWith: q.resource } : undefined,
        },
        orderBy: { seq: q.order },
        take: q.limit,
      }),
    );
  }

  /** Records with seq in (afterSeq, upTo], oldest first, `limit` at a time. */
  range(afterSeq: number, upTo: number, limit: number): Promise<AuditRecord[]> {
    return this.prisma.read((db) =>
      db.aclAudit.findMany({ where: { seq: { gt: afterSeq, lte: upTo } }, orderBy: { seq: 'asc' }, take: limit }),
    );
  }
}
