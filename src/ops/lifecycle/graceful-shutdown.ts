import type { Server } from 'node:http';
import * as net from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { CHARTER_CONFIG, type CharterConfig } from '../../config/config';
import { PgChangeRelay } from '../cluster/pg-change-relay';
import { flushJsonLogger, JSON_LOGGER, type JsonLogger } from '../logging/json-logger';
import { HttpFront } from './http-front';

/** How much longer than SHUTDOWN_TIMEOUT_SECONDS closing the rest (database, listener) may take. */
const CLOSE_GRACE_MS = 10_000;
/** How long nothing must be in flight before idle connections are closed. */
const IDLE_GRACE_MS = 200;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Stopping a node without dropping a request. On SIGTERM (or SIGINT):
 *
 * 1. readiness turns 503 and every answer from now on carries `Connection: close`;
 * 2. the listening socket closes: new connections are refused, so a balancer or client goes
 *    elsewhere; open connections stay;
 * 3. requests in flight — and any that arrive on connections still open — are answered; each
 *    connection closes after its answer, idle ones once nothing has been in flight for 200 ms;
 * 4. queued change notifications are sent, then Nest closes the application (the database
 *    last) and the process exits 0.
 *
 * Connections still busy after SHUTDOWN_TIMEOUT_SECONDS are closed; a second signal, or closing
 * that hangs, ends the process at once with 1.
 *
 * (Nest's enableShutdownHooks is not used: it runs onModuleDestroy, which closes the database,
 * before it stops the HTTP server, so requests in flight would fail.)
 */
@Injectable()
export class GracefulShutdown {
  private stopping?: Promise<number>;

  constructor(
    private readonly front: HttpFront,
    private readonly relay: PgChangeRelay,
    @Inject(JSON_LOGGER) private readonly logger: JsonLogger,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {}

  /** Stops the process gracefully on these signals. */
  handleSignals(app: INestApplication, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.stopping) {
        this.logger.warn({ signal }, 'Second signal while stopping: exiting now');
        flushJsonLogger(this.logger);
        process.exit(1);
      }
      this.logger.info({ signal }, 'Stopping: draining requests in flight');
      void this.stop(app).then((code) => {
        flushJsonLogger(this.logger);
        process.exit(code);
      });
    };
    for (const s of signals) process.on(s, onSignal);
  }

  /** Drains HTTP, then closes the application. Settles with the exit code. */
  stop(app: INestApplication): Promise<number> {
    this.stopping ??= this.run(app);
    return this.stopping;
  }

  private async run(app: INestApplication): Promise<number> {
    const timeoutMs = this.config.SHUTDOWN_TIMEOUT_SECONDS * 1000;
    const hardStop = setTimeout(() => {
      this.logger.error(`Closing did not finish within ${timeoutMs + CLOSE_GRACE_MS} ms: exiting`);
      flushJsonLogger(this.logger);
      process.exit(1);
    }, timeoutMs + CLOSE_GRACE_MS);
    hardStop.unref();
    try {
      const drained = await this.drain(app.getHttpServer() as Server, timeoutMs);
      await this.relay.flush();
      await app.close();
      this.logger.info(drained, 'Stopped');
      return 0;
    } catch (e) {
      this.logger.error({ err: e }, 'Stopping failed');
      return 1;
    } finally {
      clearTimeout(hardStop);
    }
  }

  /** Steps 1 to 3 above. */
  async drain(server: Server, timeoutMs: number): Promise<{ drainedMs: number; forcedConnections: boolean }> {
    const started = Date.now();
    this.front.startDraining();
    // net.Server's close, not http.Server's: that one would also drop idle keep-alive
    // connections at once, racing with clients that are sending a request on them right now.
    const allClosed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      let outcome: 'idle' | 'timeout';
      // Idle keep-alive connections are closed once nothing has been in flight for a moment:
      // a client that just got an answer may be sending its next request on one right now.
      for (;;) {
        outcome = await Promise.race([this.front.idle().then(() => 'idle' as const), timeout]);
        if (outcome === 'timeout') break;
        outcome = await Promise.race([sleep(IDLE_GRACE_MS).then(() => 'idle' as const), timeout]);
        if (outcome === 'timeout' || this.front.requestsInFlight === 0) break;
      }
      if (outcome === 'idle') {
        server.closeIdleConnections();
        outcome = await Promise.race([allClosed.then(() => 'idle' as const), timeout]);
      }
      const forcedConnections = outcome === 'timeout';
      if (forcedConnections) {
        this.logger.warn(`${this.front.requestsInFlight} request(s) still in flight after ${timeoutMs} ms: closing their connections`);
        server.closeAllConnections();
      }
      return { drainedMs: Date.now() - started, forcedConnections };
    } finally {
      clearTimeout(timer);
    }
  }
}
