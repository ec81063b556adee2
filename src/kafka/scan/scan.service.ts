import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AsyncMutex } from '../../common/async-mutex';
import { CHARTER_CONFIG, type CharterConfig } from '../../config/config';
import { auditCluster, type AuditOptions } from '../audit/ownership-audit';
import { reconcileFindings } from '../audit/finding-reconciler';
import { CatalogAccess } from '../catalog-access';
import { ClustersService } from '../clusters/clusters.service';
import type { ClusterDefinition } from '../clusters/cluster.types';
import { GovernanceFeeds } from '../events/governance-feeds';
import { FindingRepository, type StoredFinding } from '../findings/finding.repository';
import { KafkaErrors } from '../kafka-errors';
import { ProgressRepository } from '../progress.repository';
import { scanCluster } from './cluster-scanner';
import { ScanRepository, type ScanRecord, type ScanSummary, type ScanTrigger } from './scan.repository';

/** Snapshots kept per cluster (older scans keep their record and summary). */
const SNAPSHOTS_KEPT = 20;

/** A finished scan and what it changed. */
export interface ScanOutcome extends ScanRecord {
  readonly opened: readonly StoredFinding[];
  readonly reopened: readonly StoredFinding[];
  readonly resolved: readonly StoredFinding[];
}

/**
 * Scans a cluster, on request or on a schedule, stores the snapshot, runs the ownership audit
 * against the catalogue and stores its findings: new ones opened, vanished ones resolved, each
 * change in the finding's history and published as a governance event.
 */
@Injectable()
export class ScanService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('KafkaScan');
  private readonly locks = new Map<string, AsyncMutex>();
  private timer?: NodeJS.Timeout;
  private scheduled?: Promise<void>;

  constructor(
    private readonly clusters: ClustersService,
    private readonly scans: ScanRepository,
    private readonly findings: FindingRepository,
    private readonly progress: ProgressRepository,
    private readonly catalog: CatalogAccess,
    private readonly feeds: GovernanceFeeds,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.abandonStale().catch((e: Error) => this.logger.warn(`Could not mark abandoned Kafka scans: ${e.message}`));
    const seconds = this.config.KAFKA_SCAN_INTERVAL_SECONDS;
    if (!seconds) return;
    this.timer = setInterval(() => {
      this.scheduled ??= this.scheduledPass(seconds).finally(() => (this.scheduled = undefined));
    }, seconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scheduled;
  }

  /** Scans one cluster now (scans of one cluster take turns). */
  async scan(name: string, trigger: ScanTrigger = 'manual'): Promise<ScanOutcome> {
    const cluster = await this.clusters.definition(name);
    let lock = this.locks.get(name);
    if (!lock) this.locks.set(name, (lock = new AsyncMutex()));
    return lock.run(() => this.run(cluster, trigger));
  }

  async list(name: string, limit: number): Promise<ScanRecord[]> {
    return (await this.scans.list(name, limit)).map(this.shownAbandoned);
  }

  async get(name: string, id: string): Promise<ScanRecord> {
    const scan = id === 'latest' ? await this.scans.latest(name) : /^\d+$/.test(id) ? await this.scans.get(name, Number(id)) : undefined;
    if (!scan) throw KafkaErrors.scanNotFound(name, id);
    return this.shownAbandoned(scan);
  }

  /** Reads do not write: a scan abandoned since the last start or scan is shown as the next one will store it. */
  private readonly shownAbandoned = (scan: ScanRecord): ScanRecord => {
    const givenUpAt = Date.parse(scan.startedAt) + this.abandonedAfterMs;
    return scan.status === 'running' && givenUpAt < Date.now() ? { ...scan, status: 'failed', error: ABANDONED, finishedAt: new Date(givenUpAt).toISOString() } : scan;
  };

  /** Twice the timeout: a live node gives up on its own scan at the timeout. */
  private get abandonedAfterMs(): number {
    return 2 * this.config.KAFKA_SCAN_TIMEOUT_SECONDS * 1000;
  }

  /** Forgets a removed cluster's scans and findings. */
  async forget(name: string): Promise<void> {
    await this.scans.removeCluster(name);
    await this.findings.removeCluster(name);
  }

  /**
   * Scans left `running` by a node that stopped mid-scan (twice the timeout: a live node gives
   * up on its own at the timeout) are marked failed, at start and before each scan.
   */
  private async abandonStale(): Promise<void> {
    const now = new Date();
    const n = await this.scans.abandon(new Date(now.getTime() - this.abandonedAfterMs), now, ABANDONED);
    if (n) this.logger.warn(`Marked ${n} Kafka scan(s) as abandoned: they were still running after twice KAFKA_SCAN_TIMEOUT_SECONDS`);
  }

  private async run(cluster: ClusterDefinition, trigger: ScanTrigger): Promise<ScanOutcome> {
    await this.abandonStale();
    const started = new Date();
    const id = await this.scans.start(cluster.name, trigger, started);
    try {
      const seconds = this.config.KAFKA_SCAN_TIMEOUT_SECONDS;
      const snapshot = await withTimeout(
        this.clusters.withAdmin(cluster, (admin) => scanCluster(admin, cluster.name, started)),
        seconds * 1000,
        () => KafkaErrors.kafkaUnavailable(cluster.name, `the scan took longer than ${seconds} s (KAFKA_SCAN_TIMEOUT_SECONDS)`),
      );
      const state = await this.catalog.store.current();
      const audit = auditCluster(snapshot, state, this.auditOptions(cluster));
      const known = await this.findings.known(cluster.name);
      const applied = await this.findings.apply(cluster.name, id, reconcileFindings(audit.findings, known, audit.judged), new Date());
      const summary: ScanSummary = {
        topics: snapshot.topics.length,
        groups: snapshot.groups?.length ?? null,
        acls: snapshot.acls?.length ?? null,
        findings: { open: applied.open, opened: applied.opened.length, reopened: applied.reopened.length, resolved: applied.resolved.length },
        problems: snapshot.problems,
      };
      const record = await this.scans.finish(id, { status: 'succeeded', at: new Date(), summary, snapshot });
      await this.scans.pruneSnapshots(cluster.name, SNAPSHOTS_KEPT);
      this.feeds.findings(applied, id);
      return { ...record, opened: applied.opened, reopened: applied.reopened, resolved: applied.resolved };
    } catch (e) {
      const message = (e as Error).message;
      await this.scans.finish(id, { status: 'failed', at: new Date(), error: message }).catch(() => undefined);
      throw e;
    }
  }

  /** The cluster's options over the server's defaults. */
  private auditOptions(c: ClusterDefinition): AuditOptions {
    return {
      lagThreshold: c.options.lagThreshold ?? this.config.KAFKA_LAG_THRESHOLD,
      lagThresholds: c.options.lagThresholds ?? {},
      ignoreTopics: new RegExp(c.options.ignoreTopics ?? this.config.KAFKA_AUDIT_IGNORE_TOPICS),
    };
  }

  /**
   * One scheduled pass: every cluster whose last scheduled scan (by any node) is older than the
   * interval is claimed and scanned. A failure is logged; the next pass tries again.
   */
  private async scheduledPass(seconds: number): Promise<void> {
    let clusters: ClusterDefinition[];
    try {
      clusters = await this.clusters.definitions();
    } catch (e) {
      this.logger.warn(`Could not list Kafka clusters for the scheduled scan: ${(e as Error).message}`);
      return;
    }
    for (const c of clusters) {
      const now = new Date();
      // A little slack, so that a node whose timer fires a moment early still takes its turn.
      const staleBefore = new Date(now.getTime() - seconds * 1000 * 0.9);
      try {
        if (!(await this.progress.claim(`scan:${c.name}`, now, staleBefore))) continue;
        const outcome = await this.scan(c.name, 'schedule');
        this.logger.log(`Scanned Kafka cluster '${c.name}': ${outcome.summary?.findings.open ?? 0} open finding(s)`);
      } catch (e) {
        this.logger.warn(`Scheduled scan of Kafka cluster '${c.name}' failed: ${(e as Error).message}`);
      }
    }
  }
}

const ABANDONED = 'abandoned: the node running it stopped before it finished';

/** `work`, or `error()` once `ms` have passed without it settling (the work itself is not stopped). */
function withTimeout<T>(work: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
    timer.unref();
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
