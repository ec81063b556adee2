import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { CHARTER_CONFIG, type CharterConfig } from '../../config/config';
import { RegistryChanges, type RegistryChange } from '../../registry/registry-changes';
import { PrismaService } from '../../storage/prisma.service';
import { MetricsService, type CacheFlushReason } from '../metrics/metrics.service';
import { CHANGES_CHANNEL, decodeChanges, encodeChanges } from './change-codec';

/** How often the listening connection is asked to answer, and how long it may take. */
export const HEARTBEAT_MS = 5000;
/** Reconnection backoff: from the first delay, doubling, up to the last. */
export const RECONNECT_MIN_MS = 100;
export const RECONNECT_MAX_MS = 5000;
/** Attempts to send one batch of notifications before leaving it to the safety flush. */
const SEND_ATTEMPTS = 3;

/**
 * Keeps the caches of several Charter nodes on one PostgreSQL database in step, with
 * PostgreSQL's LISTEN/NOTIFY:
 *
 * - every change published here (after its transaction committed) is sent with pg_notify on
 *   CHANGES_CHANNEL, batched per event-loop turn, on the listening connection (through the pool
 *   while that one is down, or to retry);
 * - a dedicated connection (not the pool's) LISTENs, and other nodes' changes are delivered to
 *   this node's RegistryChanges, so caches drop them as if they were made here;
 * - when that connection is lost, it is reopened with backoff, and on every (re)connection all
 *   caches are dropped, since notifications sent meanwhile are lost;
 * - a heartbeat query on the listening connection finds a connection that died silently;
 * - every CACHE_SAFETY_FLUSH_SECONDS all caches are dropped anyway, which bounds how long any
 *   node can serve a stale answer even when a notification was never sent (a node that crashed
 *   between its commit and its NOTIFY).
 *
 * SQLite serves one process, whose changes are delivered in-process: nothing to relay.
 */
@Injectable()
export class PgChangeRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Cluster');
  /** This process on the channel; NODE_ID alone could be shared by mistake. */
  readonly sender: string;
  private listener?: Client;
  /** The listener has LISTENed and not been lost since. */
  private listening = false;
  private everConnected = false;
  private stopped = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private safetyTimer?: NodeJS.Timeout;
  private pending: RegistryChange[] = [];
  private sending: Promise<void> = Promise.resolve();
  private sendScheduled = false;

  constructor(
    private readonly prisma: PrismaService,
    private readonly changes: RegistryChanges,
    private readonly metrics: MetricsService,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {
    this.sender = `${config.NODE_ID}/${randomUUID()}`;
  }

  onApplicationBootstrap(): void {
    if (this.prisma.kind !== 'postgresql') return;
    this.changes.addRelay((c) => this.enqueue(c));
    this.metrics.clusterListener(false);
    void this.connect();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS).unref();
    const seconds = this.config.CACHE_SAFETY_FLUSH_SECONDS;
    if (seconds > 0) this.safetyTimer = setInterval(() => this.flushAll('safety'), seconds * 1000).unref();
  }

  /** Waits for notifications queued so far to be sent (or given up). */
  async flush(): Promise<void> {
    if (this.sendScheduled) await new Promise<void>((resolve) => setImmediate(resolve));
    await this.sending;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.stopped) return;
    await this.flush();
    this.stopped = true;
    clearInterval(this.heartbeatTimer);
    clearInterval(this.safetyTimer);
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private enqueue(change: RegistryChange): void {
    if (this.stopped) return;
    this.pending.push(change);
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    setImmediate(() => {
      this.sendScheduled = false;
      const batch = this.pending;
      this.pending = [];
      this.sending = this.sending.then(() => this.send(batch));
    });
  }

  private async send(batch: readonly RegistryChange[]): Promise<void> {
    for (const payload of encodeChanges(this.sender, batch)) {
      for (let attempt = 1; ; attempt++) {
        try {
          // The listening connection is idle but for notifications; the pool may be busy.
          const connection = this.listening && attempt === 1 ? this.listener : this.prisma.pgPool;
          if (!connection) throw new Error('database closed');
          await connection.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, payload]);
          this.metrics.clusterNotification('sent');
          break;
        } catch (e) {
          if (attempt >= SEND_ATTEMPTS || this.stopped) {
            this.metrics.clusterNotification('failed');
            this.logger.warn(
              `Could not notify other nodes of a change (${(e as Error).message}); ` +
                `they will see it by their next safety flush (CACHE_SAFETY_FLUSH_SECONDS=${this.config.CACHE_SAFETY_FLUSH_SECONDS})`,
            );
            break;
          }
          await sleep(100 * 4 ** (attempt - 1));
        }
      }
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.prisma.target.kind !== 'postgresql') return;
    const client = new Client({
      connectionString: this.prisma.target.url,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      application_name: 'charter-listener',
    });
    this.listener = client;
    client.on('notification', (msg) => {
      if (msg.channel !== CHANGES_CHANNEL || client !== this.listener) return;
      const changes = decodeChanges(msg.payload ?? '', this.sender);
      if (!changes.length) return;
      this.metrics.clusterNotification('received', changes.length);
      for (const c of changes) this.changes.deliver(c);
    });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (e) {
      this.lost(client, e as Error);
      return;
    }
    if (client !== this.listener) return;
    const reason = this.everConnected ? 'reconnect' : 'connect';
    this.everConnected = true;
    this.listening = true;
    this.reconnectDelay = RECONNECT_MIN_MS;
    this.metrics.clusterListener(true);
    this.logger.log(`Listening for other nodes' changes on channel ${CHANGES_CHANNEL}`);
    // Changes made between loading the caches (or losing the connection) and LISTEN were not heard.
    this.flushAll(reason);
  }

  /** The listening connection failed or ended: reopen it after a backoff. */
  private lost(client: Client, e?: Error): void {
    if (client !== this.listener) return;
    this.listener = undefined;
    this.listening = false;
    this.metrics.clusterListener(false);
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.logger.warn(`Lost the connection that listens for other nodes' changes${e ? ` (${e.message})` : ''}; reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private async heartbeat(): Promise<void> {
    const client = this.listener;
    if (!client || !this.listening) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), HEARTBEAT_MS);
    });
    try {
      const answer = await Promise.race([client.query('SELECT 1'), timedOut]);
      if (answer === 'timeout') this.lost(client, new Error(`no answer within ${HEARTBEAT_MS} ms`));
    } catch (e) {
      this.lost(client, e as Error);
    } finally {
      clearTimeout(timer);
    }
  }

  private flushAll(reason: CacheFlushReason): void {
    this.metrics.cacheFlush(reason);
    this.changes.deliver({ kind: 'all' });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
