import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { SCHEMA_REGISTRY_V1_JSON } from '../common/http/content-negotiation';
import { RegistryCache } from './registry-cache.service';
import { DEFAULT_CONTEXT, parseSubject } from './subject-name';

/**
 * A check another module adds to the fast lane (authorization, for one). It answers `true` only
 * when it can allow the request at once; anything else sends the request down the full path,
 * which decides properly (and answers errors).
 */
export type FastLaneGuard = (req: IncomingMessage, lookup: { context: string; id: number }) => boolean;

/** Observers of requests served by the lane (metrics, request logs). */
export type FastLaneObserver = (req: IncomingMessage, res: ServerResponse, startedAt: bigint) => void;

const PREFIX = '/schemas/ids/';
const V1_HEADERS = (length: number) => ({ 'content-type': SCHEMA_REGISTRY_V1_JSON, 'content-length': length });

/**
 * GET /schemas/ids/{id} is what every deserializer asks, over and over, for the same ids. When
 * the answer is already rendered in memory, the lane writes it straight to the socket before
 * the request enters the web framework; otherwise (first read of an id, `format`, errors, guards
 * that cannot decide) the request takes the ordinary route, which also fills the cache. Both
 * paths answer with the same bytes.
 */
@Injectable()
export class FastLane {
  private readonly guards: FastLaneGuard[] = [];
  private readonly observers: FastLaneObserver[] = [];

  constructor(private readonly cache: RegistryCache) {}

  addGuard(guard: FastLaneGuard): void {
    this.guards.push(guard);
  }

  addObserver(observer: FastLaneObserver): void {
    this.observers.push(observer);
  }

  /** Serves the request and returns true, or returns false and leaves it untouched. */
  tryServe = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url;
    if (req.method !== 'GET' || !url || !url.startsWith(PREFIX)) return false;
    const startedAt = process.hrtime.bigint();
    const q = url.indexOf('?', PREFIX.length);
    const idText = q < 0 ? url.slice(PREFIX.length) : url.slice(PREFIX.length, q);
    if (!/^\d{1,10}$/.test(idText)) return false;
    let context = DEFAULT_CONTEXT;
    if (q >= 0) {
      const params = new URLSearchParams(url.slice(q + 1));
      for (const key of params.keys()) if (key !== 'subject') return false;
      const subject = params.get('subject');
      if (subject) context = parseSubject(subject).context;
    }
    const accept = req.headers.accept;
    if (accept !== undefined && accept !== '*/*' && accept !== SCHEMA_REGISTRY_V1_JSON) return false;
    const id = Number(idText);
    const body = this.cache.renderedById(context, id, '');
    if (!body) return false;
    for (const guard of this.guards) if (!guard(req, { context, id })) return false;
    res.writeHead(200, V1_HEADERS(body.length));
    res.end(body);
    for (const o of this.observers) o(req, res, startedAt);
    return true;
  };
}
