import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Errors } from '../common/errors/registry-error';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import { page } from '../registry/query-params';
import type { FastTarget } from '../registry/fast-lane';
import { AuditLogService } from './audit-log.service';
import { AuthenticationService } from './authentication.service';
import { AUTHORIZER, type Authorizer } from './authorizer';
import { FailedLogins } from './failed-logins';
import { PAGED_FILTERS, ListFilters } from './list-filters';
import { principalLabel, type Principal } from './principal';
import { ResourceResolver } from './resource-resolver';
import { ruleFor, type ListFilter, type RouteRule } from './route-permissions';
import { SchemaSubjects } from './schema-subjects';

/** What access control learned about a request, from its first hook to the audit record. */
export interface AccessState {
  /** `METHOD /template` as matched. */
  readonly route: string;
  readonly rule?: RouteRule;
  /** The rule's resource as the audit log names it, once resolved. */
  resource?: string;
  /** Authorized (the backstop guard checks this). */
  allowed?: boolean;
  /**
   * The client's address, read when the request arrives: once the client has gone (a browser
   * navigating away), the socket no longer knows it, and the audit record still needs it.
   */
  readonly source: string;
  /** Its audit record is written (or it needs none). */
  audited?: boolean;
  /** Refused: the audit log records why. */
  denied?: { readonly action: string; readonly reason: string; readonly claimed?: string };
  /** For a list answer: the filter, and the paging it takes over from the handler. */
  filter?: { readonly kind: ListFilter; readonly page?: { offset: number; limit: number } };
}

declare module 'fastify' {
  interface FastifyRequest {
    access?: AccessState;
  }
}

const CHALLENGE = 'Basic realm="Charter", charset="UTF-8"';

/**
 * Access control on Fastify's hooks, so it sees every route, Nest's and plain ones alike:
 * `onRequest` finds the route's rule and authenticates, `preHandler` (the body parsed) resolves
 * the resource and authorizes, `onSend` writes the audit record. AccessGuard, Nest's global
 * guard, refuses any handler these hooks did not clear. Installed only when authentication is on.
 */
@Injectable()
export class AccessHooks {
  private readonly logger = new Logger('Access');
  private readonly failures: FailedLogins;
  private readonly routes: { method: string; url: string }[] = [];

  constructor(
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    private readonly authentication: AuthenticationService,
    private readonly resolver: ResourceResolver,
    private readonly filters: ListFilters,
    private readonly audit: AuditLogService,
    private readonly schemaSubjects: SchemaSubjects,
  ) {
    this.failures = new FailedLogins(config.AUTH_FAILURE_LIMIT, config.AUTH_FAILURE_WINDOW_SECONDS * 1000);
  }

  /**
   * Adds the hooks to Fastify, before any route is registered. Routes are recorded as they are
   * added (with authentication off too), so those without a rule can be named at start.
   */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (opts) => {
      for (const method of [opts.method].flat()) this.routes.push({ method, url: opts.url });
    });
    fastify.addHook('onReady', (done) => {
      const missing = this.unmappedRoutes();
      if (missing.length) this.logger.warn(`Routes without an access rule (refused when authentication is on): ${missing.join(', ')}`);
      done();
    });
    if (!this.config.AUTH_ENABLED) return;
    fastify.addHook('onRequest', (req, reply, done) => this.onRequest(req, reply, done));
    fastify.addHook('preHandler', (req, _reply, done) => this.preHandler(req, done));
    // onSend, not onResponse: Fastify skips onResponse when the client hung up before the
    // answer, and a write (or a refusal) happened all the same.
    fastify.addHook('onSend', (req, reply, payload, done) => {
      this.onAnswer(req, reply);
      done(null, payload);
    });
  }

  /** Every route Fastify registered, as `{method, url}` with the template as matched. */
  registeredRoutes(): readonly { method: string; url: string }[] {
    return this.routes;
  }

  /** `METHOD /template` of the registered routes that have no rule in route-permissions.ts. */
  unmappedRoutes(): string[] {
    return [...new Set(this.routes.filter((r) => !ruleFor(r.method, r.url)).map((r) => `${r.method} ${r.url}`))];
  }

  private onRequest(req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void {
    const template = req.routeOptions.url;
    if (template === undefined) return done(); // no route: answered 404 by the not-found handler
    const route = `${req.method} ${template}`;
    const rule = ruleFor(req.method, template);
    const access: AccessState = { route, rule, source: req.ip ?? 'unknown' };
    req.access = access;
    if (!rule) {
      access.denied = { action: 'route.unmapped', reason: 'no access rule for this route' };
      return done(Errors.forbidden('Access', `${route} (no access rule)`));
    }
    if (rule.access === 'public') return done();

    const authorization = req.headers.authorization;
    const known = this.authentication.recall(authorization);
    if (known) {
      this.signIn(req, known);
      return done();
    }

    const now = Date.now();
    const retryAfter = this.failures.retryAfter(access.source, now);
    if (retryAfter) {
      access.denied = { action: 'auth.throttled', reason: 'too many failed sign-ins from this address' };
      void reply.header('retry-after', String(retryAfter));
      return done(Errors.tooManyFailedLogins(retryAfter));
    }
    this.authentication.authenticate(authorization, now).then(
      (result) => {
        if (result.ok) {
          this.signIn(req, result.principal);
          return done();
        }
        if (result.reason === 'invalid') this.failures.record(access.source, now);
        access.denied = { action: 'auth.login', reason: result.detail, claimed: result.claimed };
        // Scripts that say so (the web UI) get no challenge, so browsers show no password dialog of their own.
        if (req.headers['x-requested-with'] !== 'XMLHttpRequest') void reply.header('www-authenticate', CHALLENGE);
        done(Errors.unauthorized());
      },
      (e: Error) => done(e),
    );
  }

  private signIn(req: FastifyRequest, p: Principal): void {
    req.principal = p;
    // On the raw request too: the fast lane's lookups and the request log see only that one.
    (req.raw as RawWithPrincipal).principal = p;
  }

  private preHandler(req: FastifyRequest, done: (err?: Error) => void): void {
    const access = req.access;
    const rule = access?.rule;
    if (!access || !rule || rule.access === 'public') return done();
    const p = req.principal;
    if (!p) return done(Errors.unauthorized());
    if (rule.access === 'authenticated') return done(this.allow(req, access, rule));
    const parts = { params: (req.params ?? {}) as Record<string, string | undefined>, query: (req.query ?? {}) as Record<string, unknown>, body: req.body };
    const action = rule.access;
    // An action without a resource would be a slip in the table: it then takes a cluster-wide grant.
    this.resolver.resolve(rule.resource ?? { kind: 'cluster' }, parts, p).then(
      (resolved) => {
        access.resource = resolved.label;
        const ok = resolved.self || resolved.targets.some((t) => this.authorizer.allows(p, action, t));
        if (!ok) {
          access.denied = { action: rule.op ?? action, reason: `no role allows ${action}` };
          return done(resolved.denial(action));
        }
        done(this.allow(req, access, rule));
      },
      (e: Error) => done(e),
    );
  }

  /** Marks a request allowed and, for a list the principal sees only part of, takes over its paging. */
  private allow(req: FastifyRequest, access: AccessState, rule: RouteRule): Error | undefined {
    access.allowed = true;
    if (!rule.filter || this.filters.sees(rule.filter, req.principal!)) return undefined;
    let paging: { offset: number; limit: number } | undefined;
    if (PAGED_FILTERS.has(rule.filter)) {
      const query = (req.query ?? {}) as Record<string, unknown>;
      // GET /schemas answers at most 1,000 versions, asked for or not (Confluent's cap).
      const cap = req.routeOptions.url === '/schemas' ? 1000 : undefined;
      if (query.offset !== undefined || query.limit !== undefined || cap) {
        try {
          paging = page(query.offset, query.limit, cap);
        } catch (e) {
          return e as Error;
        }
        delete query.offset;
        delete query.limit;
      }
    }
    access.filter = { kind: rule.filter, page: paging };
    return undefined;
  }

  /** Writes the request's audit record, once, as its answer is sent. */
  private onAnswer(req: FastifyRequest, reply: FastifyReply): void {
    const access = req.access;
    if (!access || access.audited) return;
    access.audited = true;
    const write = access.allowed && access.rule?.op;
    if (!access.denied && !write) return;
    const status = reply.statusCode;
    const principal = req.principal ? principalLabel(req.principal) : (access.denied?.claimed ?? 'Anonymous');
    try {
      this.audit.record({
        principal,
        action: access.denied ? access.denied.action : access.rule!.op!,
        resource: access.resource ?? access.route,
        outcome: access.denied ? 'denied' : status < 400 ? 'allowed' : 'error',
        status,
        requestId: requestIdOf(req),
        source: access.source,
        details: {
          method: req.method,
          route: access.route.slice(access.route.indexOf(' ') + 1),
          ...(access.denied ? { reason: access.denied.reason } : {}),
          ...(req.principal?.kind === 'api-key' && req.principal.owner ? { owner: req.principal.owner } : {}),
        },
      });
    } catch (e) {
      this.logger.error(`Audit record lost for ${access.route}: ${(e as Error).message}`);
    }
  }

  /**
   * The fast lane's guard: allows a cached read only when the request's credentials were verified
   * recently and the principal may read the subject (for a schema id: one of its subjects), all
   * from memory. Anything else takes the full path, which decides properly.
   */
  readonly fastLaneGuard = (req: IncomingMessage, target: FastTarget): boolean => {
    const raw = req as RawWithPrincipal;
    const p = raw.principal ?? this.authentication.recall(req.headers.authorization);
    if (!p) return false;
    raw.principal = p;
    if (target.kind === 'subject') return this.authorizer.allows(p, 'read', { type: 'Subject', context: target.context, name: target.subject });
    if (this.authorizer.allowsAll(p, 'read', 'Subject', target.context)) return true;
    const subjects = this.schemaSubjects.peek(target.context, target.id);
    return !!subjects?.some((s) => this.authorizer.allows(p, 'read', { type: 'Subject', context: s.context, name: s.name }));
  };
}

type RawWithPrincipal = IncomingMessage & { principal?: Principal };

/**
 * The request's id as the request log has it (the client's X-Request-ID when usable), else the
 * client's header when sensible, else Fastify's id.
 */
export function requestIdOf(req: FastifyRequest): string {
  const assigned = (req.raw as { requestId?: string }).requestId;
  if (assigned) return assigned;
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:/+=@-]{1,128}$/.test(given) ? given : String(req.id);
}
