import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Principal } from '../acl/principal';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import { FastLane } from '../registry/fast-lane';
import { RequestLog } from './logging/request-log';
import { MetricsService } from './metrics/metrics.service';

/** Label of requests no route matched (404s): never the raw URL, which is unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';
/** Status recorded for a request whose client went away before the answer (nginx's 499). */
export const CLIENT_CLOSED = 499;

const recorded = Symbol('charter.recorded');

/**
 * Records every answered request in the metrics and the request log: Fastify's through an
 * onResponse hook (and onRequestAbort), the fast lane's through its observer.
 */
@Injectable()
export class RequestObserver {
  constructor(
    private readonly metrics: MetricsService,
    private readonly log: RequestLog,
    private readonly lane: FastLane,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {}

  install(fastify: FastifyInstance): void {
    this.lane.addObserver(this.laneAnswered);
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      this.fastifyAnswered(request, reply.statusCode, reply.elapsedTime);
      done();
    });
    fastify.addHook('onRequestAbort', (request: FastifyRequest, done: () => void) => {
      this.fastifyAnswered(request, CLIENT_CLOSED, 0);
      done();
    });
  }

  private readonly laneAnswered = (req: IncomingMessage, res: ServerResponse, startedAt: bigint, route: string): void => {
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const method = req.method ?? 'GET';
    this.metrics.recordRequest(method, route, res.statusCode, seconds);
    if (!this.log.enabled) return;
    this.log.write({
      requestId: req.requestId,
      method,
      route,
      status: res.statusCode,
      latencyMs: round(seconds * 1000),
      principal: ((req as { principal?: Principal }).principal ?? ANONYMOUS).name,
      remote: this.config.TRUST_PROXY.clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']),
    });
  };

  private fastifyAnswered(request: FastifyRequest, status: number, elapsedMs: number): void {
    const marked = request as FastifyRequest & { [recorded]?: true };
    if (marked[recorded]) return;
    marked[recorded] = true;
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    if (status === CLIENT_CLOSED) elapsedMs = sinceArrival(request.raw);
    this.metrics.recordRequest(request.method, route, status, elapsedMs / 1000);
    if (!this.log.enabled) return;
    this.log.write({
      requestId: request.id,
      method: request.method,
      route,
      status,
      latencyMs: round(elapsedMs),
      principal: (request.principal ?? ANONYMOUS).name,
      remote: request.ip,
    });
  }
}

/** Milliseconds since an aborted request arrived (Fastify has no reply time for it). */
function sinceArrival(req: IncomingMessage): number {
  return req.arrivedAt === undefined ? 0 : Number(process.hrtime.bigint() - req.arrivedAt) / 1e6;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
