import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../storage/prisma.service';
import type { ClusterSnapshot } from './cluster-snapshot';

export type ScanTrigger = 'manual' | 'schedule';
export type ScanStatus = 'running' | 'succeeded' | 'failed';

/** Counts a scan reports. */
export interface ScanSummary {
  readonly topics: number;
  readonly groups: number | null;
  readonly acls: number | null;
  readonly findings: { readonly open: number; readonly opened: number; readonly reopened: number; readonly resolved: number };
  readonly problems: readonly string[];
}

export interface ScanRecord {
  readonly id: number;
  readonly cluster: string;
  readonly trigger: ScanTrigger;
  readonly status: ScanStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly summary: ScanSummary | null;
  /** Present when asked for and still kept. */
  readonly snapshot?: ClusterSnapshot | null;
}

type Row = {
  id: number;
  cluster: string;
  trigger: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  summary: string | null;
  snapshot?: string | null;
};

function toRecord(r: Row): ScanRecord {
  return {
    id: r.id,
    cluster: r.cluster,
    trigger: r.trigger as ScanTrigger,
    status: r.status as ScanStatus,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
    error: r.error,
    summary: r.summary ? (JSON.parse(r.summary) as ScanSummary) : null,
    ...(r.snapshot !== undefined ? { snapshot: r.snapshot ? (JSON.parse(r.snapshot) as ClusterSnapshot) : null } : {}),
  };
}

const WITHOUT_SNAPSHOT = { id: true, cluster: true, trigger: true, status: true, startedAt: true, finishedAt: true, error: true, summary: true } as const;

/** Scans and their snapshots (kafka_scan). Snapshots are kept for the latest scans of each cluster. */
@Injectable()
export class ScanRepository {
  constructor(private readonly prisma: PrismaService) {}

  async start(cluster: string, trigger: ScanTrigger, at: Date): Promise<number> {
    return this.prisma.transaction(async (tx) => (await tx.kafkaScan.create({ data: { cluster, trigger, status: 'running', startedAt: at } })).id);
  }

  async finish(id: number, outcome: { status: ScanStatus; at: Date; summary?: ScanSummary; snapshot?: ClusterSnapshot; error?: string }): Promise<ScanRecord> {
    return this.prisma.transaction(async (tx) =>
      toRecord(
        await tx.kafkaScan.update({
          where: { id },
          data: {
            status: outcome.status,
            finishedAt: outcome.at,
            error: outcome.error ?? null,
            summary: outcome.summary ? JSON.stringify(outcome.summary) : null,
            snapshot: outcome.snapshot ? JSON.stringify(outcome.snapshot) : null,
          },
          select: WITHOUT_SNAPSHOT,
        }),
      ),
    );
  }

  /**
   * Marks scans still `running` that started before `startedBefore` as failed: the node that ran
   * them stopped before it finished. Returns how many.
   */
  async abandon(startedBefore: Date, at: Date, error: string): Promise<number> {
    return this.prisma.transaction(
      async (tx) =>
        (await tx.kafkaScan.updateMany({ where: { status: 'running', startedAt: { lt: startedBefore } }, data: { status: 'failed', finishedAt: at, error } }))
          .count,
    );
  }

  /** Drops the snapshots of all but the `keep` latest scans of a cluster (their records stay). */
  async pruneSnapshots(cluster: string, keep: number): Promise<void> {
    await this.prisma.transaction(async (tx) => {
      const kept = await tx.kafkaScan.findMany({ where: { cluster }, orderBy: { id: 'desc' }, take: keep, select: { id: true } });
      if (kept.length < keep) return;
      await tx.kafkaScan.updateMany({ where: { cluster, id: { lt: kept[kept.length - 1].id }, snapshot: { not: null } }, data: { snapshot: null } });
    });
  }

  list(cluster: string, limit: number): Promise<ScanRecord[]> {
    return this.prisma.read(async (db) =>
      (await db.kafkaScan.findMany({ where: { cluster }, orderBy: { id: 'desc' }, take: limit, select: WITHOUT_SNAPSHOT })).map(toRecord),
    );
  }

  get(cluster: string, id: number): Promise<ScanRecord | undefined> {
    return this.prisma.read(async (db) => {
      const row = await db.kafkaScan.findFirst({ where: { cluster, id } });
      return row ? toRecord(row) : undefined;
    });
  }

  /** The latest finished scan that succeeded, with its snapshot. */
  latest(cluster: string): Promise<ScanRecord | undefined> {
    return this.prisma.read(async (db) => {
      const row = await db.kafkaScan.findFirst({ where: { cluster, status: 'succeeded' }, orderBy: { id: 'desc' } });
      return row ? toRecord(row) : undefined;
    });
  }

  async removeCluster(cluster: string): Promise<void> {
    await this.prisma.transaction(async (tx) => {
      await tx.kafkaScan.deleteMany({ where: { cluster } });
    });
  }
}
