import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { FastLane } from '../../registry/fast-lane';
import { assignRequestId } from '../logging/request-id';
import { MetricsService } from '../metrics/metrics.service';

declare module 'node:http' {
  interface IncomingMessage {
    /** process.hrtime.bigint() when a request that goes through Fastify arrived. */
    arrivedAt?: bigint;
  }
}

/**
 * The first code every request meets, on the raw Node server Fastify is given: it assigns the
 * request id, tries the fast lane, counts requests in flight, and while the node drains (see
 * GracefulShutdown) asks every client to close its connection after the answer.
 */
@Injectable()
export class HttpFront {
  private inFlight = 0;
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly lane: FastLane,
    metrics: MetricsService,
  ) {
    metrics.gauge('charter_http_requests_in_flight', 'Requests received and not yet answered (fast-lane ones are answered at once)', () => this.inFlight);
  }

  /** Handles one request; `next` is Fastify's handler. */
  handle(req: IncomingMessage, res: ServerResponse, next: RequestListener): void {
    assignRequestId(req, res);
    if (this.draining) res.setHeader('connection', 'close');
    if (this.lane.tryServe(req, res)) return;
    req.arrivedAt = process.hrtime.bigint();
    this.inFlight++;
    res.once('close', this.release);
    if (this.lane.tryLookup(req, res, () => next(req, res))) return;
    next(req, res);
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** From now on every answer carries `Connection: close`. */
  startDraining(): void {
    this.draining = true;
  }

  /** Settles when no request is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private readonly release = (): void => {
    if (--this.inFlight > 0 || !this.idleWaiters.length) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  };
}
