import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '../../storage/prisma.service';
import type { Finding, FindingKind, FindingSeverity } from '../audit/finding';
import type { KnownFinding, Reconciliation } from '../audit/finding-reconciler';

/** A finding as the API shows it. */
export interface StoredFinding {
  readonly id: number;
  readonly key: string;
  readonly kind: FindingKind;
  readonly severity: FindingSeverity;
  readonly status: 'open' | 'resolved';
  readonly cluster: string;
  readonly topic: string;
  readonly subject: string;
  readonly team: string | null;
  readonly message: string;
  readonly evidence: Record<string, unknown>;
  readonly firstSeenAt: string;
  readonly openedAt: string;
  readonly lastSeenAt: string;
  readonly resolvedAt: string | null;
  readonly lastScanId: number;
}

/** One step of a finding's history. */
export interface FindingEvent {
  readonly id: number;
  readonly findingId: number;
  readonly scanId: number;
  readonly action: 'opened' | 'reopened' | 'changed' | 'resolved';
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly evidence: Record<string, unknown>;
  readonly at: string;
}

export interface FindingFilter {
  readonly status?: 'open' | 'resolved';
  readonly kind?: string;
  readonly topic?: string;
  readonly cluster?: string;
  readonly team?: string;
  readonly limit: number;
  /** Findings with ids below this (paging, newest first). */
  readonly beforeId?: number;
}

/** What applying a reconciliation changed: the findings as now stored, by what happened to them. */
export interface AppliedReconciliation {
  readonly opened: readonly StoredFinding[];
  readonly reopened: readonly StoredFinding[];
  readonly resolved: readonly StoredFinding[];
  readonly open: number;
}

type Row = {
  id: number;
  key: string;
  cluster: string;
  kind: string;
  topic: string;
  subject: string;
  severity: string;
  team: string | null;
  message: string;
  evidence: string;
  status: string;
  firstSeenAt: Date;
  openedAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  lastScanId: number;
};

function toFinding(r: Row): StoredFinding {
  return {
    id: r.id,
    key: r.key,
    kind: r.kind as FindingKind,
    severity: r.severity as FindingSeverity,
    status: r.status as StoredFinding['status'],
    cluster: r.cluster,
    topic: r.topic,
    subject: r.subject,
    team: r.team,
    message: r.message,
    evidence: JSON.parse(r.evidence) as Record<string, unknown>,
    firstSeenAt: r.firstSeenAt.toISOString(),
    openedAt: r.openedAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    resolvedAt: r.resolvedAt ? r.resolvedAt.toISOString() : null,
    lastScanId: r.lastScanId,
  };
}

/** The audit's findings and their history (kafka_finding, kafka_finding_event). */
@Injectable()
export class FindingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Every finding of a cluster, open or resolved, as the reconciler needs them. */
  known(cluster: string): Promise<KnownFinding[]> {
    return this.prisma.read(async (db) =>
      (await db.kafkaFinding.findMany({ where: { cluster }, select: { id: true, key: true, kind: true, topic: true, subject: true, status: true, severity: true, message: true } })).map(
        (r) => ({ ...r, kind: r.kind as FindingKind, status: r.status as KnownFinding['status'] }),
      ),
    );
  }

  /** Writes what a scan found, with one history event per change, in one transaction. */
  apply(cluster: string, scanId: number, r: Reconciliation, at: Date): Promise<AppliedReconciliation> {
    return this.prisma.transaction(async (tx) => {
      const opened: StoredFinding[] = [];
      const reopened: StoredFinding[] = [];
      const resolved: StoredFinding[] = [];
      for (const f of r.opened) {
        const row = await tx.kafkaFinding.create({
          data: { ...fields(f), status: 'open', firstSeenAt: at, openedAt: at, lastSeenAt: at, lastScanId: scanId },
        });
        await this.event(tx, row.id, scanId, 'opened', f, at);
        opened.push(toFinding(row));
      }
      for (const { known, finding } of r.reopened) {
        const row = await tx.kafkaFinding.update({
          where: { id: known.id },
          data: { ...fields(finding), status: 'open', openedAt: at, lastSeenAt: at, resolvedAt: null, lastScanId: scanId },
        });
        await this.event(tx, row.id, scanId, 'reopened', finding, at);
        reopened.push(toFinding(row));
      }
      for (const { known, finding, changed } of r.seen) {
        await tx.kafkaFinding.update({ where: { id: known.id }, data: { ...fields(finding), lastSeenAt: at, lastScanId: scanId } });
        if (changed) await this.event(tx, known.id, scanId, 'changed', finding, at);
      }
      for (const k of r.resolved) {
        const row = await tx.kafkaFinding.update({ where: { id: k.id }, data: { status: 'resolved', resolvedAt: at, lastScanId: scanId } });
        await tx.kafkaFindingEvent.create({
          data: { findingId: k.id, scanId, action: 'resolved', severity: row.severity, message: row.message, evidence: row.evidence, at },
        });
        resolved.push(toFinding(row));
      }
      const open = await tx.kafkaFinding.count({ where: { cluster, status: 'open' } });
      return { opened, reopened, resolved, open };
    });
  }

  list(filter: FindingFilter): Promise<StoredFinding[]> {
    return this.prisma.read(async (db) =>
      (
        await db.kafkaFinding.findMany({
          where: {
            ...(filter.status ? { status: filter.status } : {}),
            ...(filter.kind ? { kind: filter.kind } : {}),
            ...(filter.topic ? { topic: filter.topic } : {}),
            ...(filter.cluster ? { cluster: filter.cluster } : {}),
            ...(filter.team ? { team: filter.team } : {}),
            ...(filter.beforeId !== undefined ? { id: { lt: filter.beforeId } } : {}),
          },
          orderBy: { id: 'desc' },
          take: filter.limit,
        })
      ).map(toFinding),
    );
  }

  get(id: number): Promise<StoredFinding | undefined> {
    return this.prisma.read(async (db) => {
      const row = await db.kafkaFinding.findUnique({ where: { id } });
      return row ? toFinding(row) : undefined;
    });
  }

  history(findingId: number): Promise<FindingEvent[]> {
    return this.prisma.read(async (db) =>
      (await db.kafkaFindingEvent.findMany({ where: { findingId }, orderBy: { id: 'asc' } })).map((e) => ({
        id: e.id,
        findingId: e.findingId,
        scanId: e.scanId,
        action: e.action as FindingEvent['action'],
        severity: e.severity as FindingSeverity,
        message: e.message,
        evidence: JSON.parse(e.evidence) as Record<string, unknown>,
        at: e.at.toISOString(),
      })),
    );
  }

  /** Forgets a removed cluster's findings and their history. */
  async removeCluster(cluster: string): Promise<void> {
    await this.prisma.transaction(async (tx) => {
      const ids = (await tx.kafkaFinding.findMany({ where: { cluster }, select: { id: true } })).map((r) => r.id);
      await tx.kafkaFindingEvent.deleteMany({ where: { findingId: { in: ids } } });
      await tx.kafkaFinding.deleteMany({ where: { cluster } });
    });
  }

  private async event(tx: Tx, findingId: number, scanId: number, action: FindingEvent['action'], f: Finding, at: Date): Promise<void> {
    await tx.kafkaFindingEvent.create({
      data: { findingId, scanId, action, severity: f.severity, message: f.message, evidence: JSON.stringify(f.evidence), at },
    });
  }
}

function fields(f: Finding) {
  return {
    key: f.key,
    cluster: f.cluster,
    kind: f.kind,
    topic: f.topic,
    subject: f.subject,
    severity: f.severity,
    team: f.team,
    message: f.message,
    evidence: JSON.stringify(f.evidence),
  };
}
