import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_TYPES, SCHEMA_REGISTRY_V1_JSON } from '../common/http/content-negotiation';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import { RegistrationService } from './registration.service';
import { RegistryCache } from './registry-cache.service';
import { SubjectService } from './subject.service';
import { DEFAULT_CONTEXT, parseSubject } from './subject-name';

/** What a fast answer is about, for guards to decide on. */
export type FastTarget =
  | { readonly kind: 'schema'; readonly context: string; readonly id: number }
  | { readonly kind: 'subject'; readonly context: string; readonly subject: string };

/**
 * A check another module adds to the fast lane (authorization, for one). It answers `true` only
 * when it can allow the request at once; anything else sends the request down the full path,
 * which decides properly (and answers errors).
 */
export type FastLaneGuard = (req: IncomingMessage, target: FastTarget) => boolean;

/**
 * Observers of requests served by the lane (metrics, request logs). `route` is the template of
 * the route the answer stands for, as Fastify would have matched it.
 */
export type FastLaneObserver = (req: IncomingMessage, res: ServerResponse, startedAt: bigint, route: string) => void;

const ROUTES: Record<FastTarget['kind'], string> = {
  schema: '/schemas/ids/:id',
  subject: '/subjects/:subject/versions/:version',
};

const IDS = '/schemas/ids/';
const SUBJECTS = '/subjects/';
const VERSION_PATH = /^\/subjects\/([^/]+)\/versions\/([^/?]+)$/;
const LOOKUP_PATH = /^\/subjects\/([^/]+)$/;
const LOOKUP_ROUTE = '/subjects/:subject';

declare module 'node:http' {
  interface IncomingMessage {
    /** A body the fast lane already read; Fastify is handed it instead of the socket's stream. */
    charterBody?: Buffer;
  }
}

/**
 * The reads serializers repeat endlessly — a schema by id, a subject's latest version, a lookup
 * of a schema they already registered — answered from bodies rendered earlier, without the
 * framework: GETs before the request enters Fastify, lookups (which need their body parsed)
 * before Nest's handler. On any miss (first read, other parameters, errors, a guard that cannot
 * decide) the request takes the ordinary route, which renders and remembers the answer. Both
 * paths answer with the same bytes.
 */
@Injectable()
export class FastLane {
  private readonly guards: FastLaneGuard[] = [];
  private readonly observers: FastLaneObserver[] = [];

  constructor(
    private readonly cache: RegistryCache,
    private readonly subjects: SubjectService,
    private readonly registration: RegistrationService,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {}

  addGuard(guard: FastLaneGuard): void {
    this.guards.push(guard);
  }

  addObserver(observer: FastLaneObserver): void {
    this.observers.push(observer);
  }

  /** Serves a GET and returns true, or returns false and leaves the request untouched. */
  tryServe = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url;
    if (req.method !== 'GET' || !url) return false;
    const accept = req.headers.accept;
    if (accept !== undefined && accept !== '*/*' && accept !== SCHEMA_REGISTRY_V1_JSON) return false;
    const startedAt = process.hrtime.bigint();
    const found = url.startsWith(IDS) ? this.schemaById(url) : url.startsWith(SUBJECTS) ? this.subjectVersion(url) : undefined;
    if (!found) return false;
    for (const guard of this.guards) if (!guard(req, found.target)) return false;
    res.writeHead(200, { 'content-type': SCHEMA_REGISTRY_V1_JSON, 'content-length': found.body.length });
    res.end(found.body);
    for (const o of this.observers) o(req, res, startedAt, ROUTES[found.target.kind]);
    return true;
  };

  /**
   * POST /subjects/{s} (a serializer's lookup) for a subject whose state is in memory: reads the
   * body here and answers a request seen before from memory. Returns false, touching nothing,
   * when the request is not such a lookup; otherwise takes it over and, on a miss, hands it to
   * `fallback` with the body it read (Fastify reads that instead of the socket; see `install`).
   */
  tryLookup(req: IncomingMessage, res: ServerResponse, fallback: () => void): boolean {
    const url = req.url;
    if (req.method !== 'POST' || !url || !url.startsWith(SUBJECTS)) return false;
    const q = url.indexOf('?');
    const m = LOOKUP_PATH.exec(q < 0 ? url : url.slice(0, q));
    if (!m) return false;
    const accept = req.headers.accept;
    if (accept !== undefined && accept !== '*/*' && accept !== SCHEMA_REGISTRY_V1_JSON) return false;
    const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
    if (!type || !(REQUEST_TYPES as readonly string[]).includes(type)) return false;
    const length = Number(req.headers['content-length']);
    if (!Number.isInteger(length) || length <= 0 || length > this.config.MAX_REQUEST_BODY_BYTES) return false;
    let opts = { normalize: false, deleted: false };
    if (q >= 0) {
      const params = new URLSearchParams(url.slice(q + 1));
      for (const key of params.keys()) if (key !== 'normalize' && key !== 'deleted') return false;
      opts = { normalize: params.get('normalize')?.toLowerCase() === 'true', deleted: params.get('deleted')?.toLowerCase() === 'true' };
    }
    let subject: string;
    try {
      subject = decodeURIComponent(m[1]);
    } catch {
      return false;
    }
    const target = parseSubject(subject);
    // Without the subject's state in memory there is nothing remembered to answer with.
    if (!this.cache.peekSubject(target.context, target.name)?.memo.size) return false;
    const startedAt = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('error', () => res.destroy());
    req.once('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const answer = this.registration.peekLookup(subject, body.toString('utf8'), opts);
      const allowed = answer && this.guards.every((g) => g(req, { kind: 'subject', context: target.context, subject: target.name }));
      if (!answer || !allowed) {
        req.charterBody = body;
        fallback();
        return;
      }
      res.writeHead(200, { 'content-type': SCHEMA_REGISTRY_V1_JSON, 'content-length': answer.length });
      res.end(answer);
      for (const o of this.observers) o(req, res, startedAt, LOOKUP_ROUTE);
    });
    return true;
  }

  /**
   * Fastify's side of the lane: a body the lane already read replaces the request stream, and
   * lookups that reach Fastify after all are still answered from memory before Nest's handler.
   */
  install(fastify: FastifyInstance): void {
    fastify.addHook('preParsing', (req, _reply, payload, done) => {
      const body = req.raw.charterBody;
      if (!body) return done(null, payload);
      const replay = new PassThrough();
      replay.end(body);
      done(null, replay);
    });
    fastify.addHook('preHandler', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      if (req.method !== 'POST' || req.routeOptions.url !== LOOKUP_ROUTE || req.rawBodyText === undefined) return done();
      const params = req.params as { subject?: string };
      const query = req.query as Record<string, string | undefined>;
      if (!params.subject || Object.keys(query).some((k) => k !== 'normalize' && k !== 'deleted')) return done();
      const body = this.registration.peekLookup(params.subject, req.rawBodyText, {
        normalize: query.normalize?.toLowerCase() === 'true',
        deleted: query.deleted?.toLowerCase() === 'true',
      });
      if (!body) return done();
      const q = parseSubject(params.subject);
      for (const guard of this.guards) if (!guard(req.raw, { kind: 'subject', context: q.context, subject: q.name })) return done();
      void reply.code(200).send(body);
    });
  }

  private schemaById(url: string): { body: Buffer; target: FastTarget } | undefined {
    const q = url.indexOf('?', IDS.length);
    const idText = q < 0 ? url.slice(IDS.length) : url.slice(IDS.length, q);
    if (!/^\d{1,10}$/.test(idText)) return undefined;
    let context = DEFAULT_CONTEXT;
    if (q >= 0) {
      const params = new URLSearchParams(url.slice(q + 1));
      for (const key of params.keys()) if (key !== 'subject') return undefined;
      const subject = params.get('subject');
      if (subject) context = parseSubject(subject).context;
    }
    const id = Number(idText);
    const body = this.cache.renderedById(context, id, '');
    return body && { body, target: { kind: 'schema', context, id } };
  }

  private subjectVersion(url: string): { body: Buffer; target: FastTarget } | undefined {
    const q = url.indexOf('?');
    const m = VERSION_PATH.exec(q < 0 ? url : url.slice(0, q));
    if (!m) return undefined;
    let deleted = false;
    if (q >= 0) {
      const params = new URLSearchParams(url.slice(q + 1));
      for (const key of params.keys()) if (key !== 'deleted') return undefined;
      deleted = params.get('deleted')?.toLowerCase() === 'true';
    }
    let subject: string;
    try {
      subject = decodeURIComponent(m[1]);
    } catch {
      return undefined;
    }
    const body = this.subjects.peekVersion(subject, m[2], deleted);
    if (!body) return undefined;
    const s = parseSubject(subject);
    return { body, target: { kind: 'subject', context: s.context, subject: s.name } };
  }
}
