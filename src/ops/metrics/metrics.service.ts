import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
import { packageInfo } from '../../common/package-info';
import { CHARTER_CONFIG, type CharterConfig } from '../../config/config';
import { RegistryCache } from '../../registry/registry-cache.service';
import type { CompatibilityVerdict, RegistrationOutcome, RegistryMetrics } from '../../registry/registry-metrics';
import { PrismaService } from '../../storage/prisma.service';
import { CHANGES_CHANNEL } from '../cluster/change-codec';
import { RequestMetrics, type ExportedMetric } from './request-metrics';

/**
 * Why a node dropped all its caches: it started listening to other nodes (`connect`), listens
 * again after losing the connection (`reconnect`), or its safety interval came (`safety`).
 */
export type CacheFlushReason = 'connect' | 'reconnect' | 'safety';

/**
 * Charter's Prometheus metrics, in a registry of their own (tests run several apps in one
 * process): requests, registrations, compatibility verdicts, caches, the database pool, the
 * cluster channel, policy findings, and prom-client's process and Node.js metrics.
 *
 * Counts that change on hot paths (requests, cache hits) are kept as plain numbers and read
 * when /metrics is scraped; the rest are prom-client counters and gauges.
 */
@Injectable()
export class MetricsService implements RegistryMetrics {
  readonly registry = new Registry();
  readonly requests = new RequestMetrics();
  private readonly registrations: Counter<'outcome'>;
  private readonly compatibility: Counter<'verdict'>;
  private readonly findings: Gauge<'kind'>;
  private readonly notifications: Counter<'direction'>;
  private readonly flushes: Counter<'reason'>;
  private listenerUp?: boolean;

  constructor(
    cache: RegistryCache,
    prisma: PrismaService,
    @Inject(CHARTER_CONFIG) config: CharterConfig,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });

    new Gauge({
      name: 'charter_info',
      help: 'Always 1; labels say which Charter this is',
      labelNames: ['version', 'node', 'storage'],
      registers,
    }).set({ version: packageInfo().version, node: config.NODE_ID, storage: prisma.kind }, 1);

    this.custom('charter_http_requests_total', (name) =>
      this.requests.exportRequests(name, 'HTTP requests answered, by method, route template and status'),
    );
    this.custom('charter_http_request_duration_seconds', (name) =>
      this.requests.exportDurations(name, 'Time from request to answer, by method and route template'),
    );

    this.registrations = new Counter({
      name: 'charter_registrations_total',
      help: 'Schema registrations (POST /subjects/{s}/versions) by outcome',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['created', 'existing', 'incompatible', 'error'] as const) this.registrations.inc({ outcome }, 0);

    this.compatibility = new Counter({
      name: 'charter_compatibility_checks_total',
      help: 'Compatibility checks (on registration and through /compatibility) by verdict',
      labelNames: ['verdict'],
      registers,
    });
    for (const verdict of ['compatible', 'incompatible'] as const) this.compatibility.inc({ verdict }, 0);

    new Counter({
      name: 'charter_cache_requests_total',
      help: 'Reads of the in-memory caches by cache and result (hit, or miss that went to the database or rendered a body)',
      labelNames: ['cache', 'result'],
      registers,
      collect() {
        const s = cache.stats;
        this.reset();
        this.inc({ cache: 'schema', result: 'hit' }, s.schemaHits);
        this.inc({ cache: 'schema', result: 'miss' }, s.schemaMisses);
        this.inc({ cache: 'subject', result: 'hit' }, s.subjectHits);
        this.inc({ cache: 'subject', result: 'miss' }, s.subjectMisses);
        this.inc({ cache: 'rendered', result: 'hit' }, s.renderedHits);
        this.inc({ cache: 'rendered', result: 'miss' }, s.renderedMisses);
      },
    });
    new Gauge({
      name: 'charter_cache_entries',
      help: 'Entries held by each in-memory cache',
      labelNames: ['cache'],
      registers,
      collect() {
        const sizes = cache.sizes();
        for (const [name, size] of Object.entries(sizes)) this.set({ cache: name }, size);
      },
    });

    const pool = (read: (p: NonNullable<PrismaService['pgPool']>) => number, sqlite: number | undefined) =>
      function (this: Gauge) {
        const p = prisma.pgPool;
        if (p) this.set(read(p));
        else if (sqlite !== undefined) this.set(sqlite);
      };
    new Gauge({
      name: 'charter_db_pool_max',
      help: 'Most database connections this node may open (SQLite: 1)',
      registers,
      collect: pool(() => config.DATABASE_POOL_SIZE, 1),
    });
    new Gauge({
      name: 'charter_db_pool_connections',
      help: 'Database connections open (SQLite: 1)',
      registers,
      collect: pool((p) => p.totalCount, 1),
    });
    new Gauge({
      name: 'charter_db_pool_idle_connections',
      help: 'Open PostgreSQL connections not in use',
      registers,
      collect: pool((p) => p.idleCount, undefined),
    });
    new Gauge({
      name: 'charter_db_pool_waiting_requests',
      help: 'Queries waiting for a PostgreSQL connection',
      registers,
      collect: pool((p) => p.waitingCount, undefined),
    });

    this.findings = new Gauge({
      name: 'charter_policy_findings',
      help: 'Open catalogue policy findings by kind, as last reported by the catalogue',
      labelNames: ['kind'],
      registers,
    });

    const self = this;
    new Gauge({
      name: 'charter_cluster_listener_up',
      help: '1 while this node listens for other nodes\' changes on the channel (absent on SQLite)',
      labelNames: ['channel'],
      registers,
      collect() {
        if (self.listenerUp !== undefined) this.set({ channel: CHANGES_CHANNEL }, self.listenerUp ? 1 : 0);
      },
    });
    this.notifications = new Counter({
      name: 'charter_cluster_notifications_total',
      help: 'Change notifications between nodes: sent, received from other nodes, or failed to send',
      labelNames: ['direction'],
      registers,
    });
    this.flushes = new Counter({
      name: 'charter_cache_flushes_total',
      help: 'Times this node dropped all its caches, by reason',
      labelNames: ['reason'],
      registers,
    });
  }

  /** Registers a metric whose values are computed at scrape time. */
  private custom(name: string, get: (name: string) => ExportedMetric): void {
    this.registry.registerMetric({ name, get: async () => get(name) } as unknown as Metric);
  }

  /** A gauge read from `read` when scraped. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** One request answered (by Fastify or the fast lane). `route` is a template, never a raw URL. */
  recordRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.record(method, route, status, seconds);
  }

  registration(outcome: RegistrationOutcome): void {
    this.registrations.inc({ outcome });
  }

  compatibilityCheck(verdict: CompatibilityVerdict): void {
    this.compatibility.inc({ verdict });
  }

  /**
   * The catalogue's open policy findings, by kind (naming, pii, ...): replaces what was set
   * before, so kinds that no longer have findings drop to nothing.
   */
  setPolicyFindings(counts: Readonly<Record<string, number>>): void {
    this.findings.reset();
    for (const [kind, count] of Object.entries(counts)) this.findings.set({ kind }, count);
  }

  clusterListener(up: boolean): void {
    this.listenerUp = up;
  }

  clusterNotification(direction: 'sent' | 'received' | 'failed', count = 1): void {
    this.notifications.inc({ direction }, count);
  }

  cacheFlush(reason: CacheFlushReason): void {
    this.flushes.inc({ reason });
  }

  /** The exposition text for GET /metrics. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
