import { hash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { BoundedCache } from '../common/bounded-cache';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import { AclStore } from './acl-store.service';
import { JwksClient } from './jwks-client';
import { claimStrings, JwtError, verifyJwt } from './jwt';
import type { Principal } from './principal';
import { AclRepository, type StoredApiKey } from './repositories/acl.repository';
import { API_KEY_ID, hashPassword, secretMatches, verifyPassword } from './secrets';

export type AuthResult =
  | { readonly ok: true; readonly principal: Principal }
  | {
      readonly ok: false;
      /** `missing`: no credentials; `invalid`: refused (counts as a failed sign-in); `unavailable`: could not be checked. */
      readonly reason: 'missing' | 'invalid' | 'unavailable';
      /** Who the request claimed to be (a user name or key id, never a secret), for the audit log. */
      readonly claimed?: string;
      /** Why, for the audit log and debug logs; never sent to the client. */
      readonly detail: string;
    };

interface Remembered {
  readonly principal: Principal;
  /** Not used after this (the cache time, or the key's or token's expiry). */
  readonly until: number;
  /** Checked again in the background after this. */
  readonly refreshAt: number;
  /** AclStore's credential generation it was verified in. */
  readonly generation: number;
}

/** How often API keys' last-used times are written. */
const LAST_USED_FLUSH_MS = 60_000;

/**
 * Who a request is, from its Authorization header: HTTP Basic with a user's password or an API
 * key (id and secret), a bearer API key (`id.secret`), or a bearer JWT from the configured
 * OpenID Connect provider. Verified credentials are remembered for AUTH_CACHE_SECONDS under the
 * SHA-256 of the header (never the header itself), so repeated requests cost one hash.
 */
@Injectable()
export class AuthenticationService implements OnModuleDestroy {
  private readonly logger = new Logger('Access');
  private readonly remembered = new BoundedCache<string, Remembered>(50_000);
  private readonly verifying = new Map<string, Promise<AuthResult>>();
  /** Key id -> last use (ms), for display; `unwritten` holds those not yet in the database. */
  private readonly lastUsed = new Map<string, number>();
  private readonly unwritten = new Map<string, number>();
  private readonly jwks?: JwksClient;
  private readonly flushTimer: NodeJS.Timeout;
  /** Checked against when the user does not exist, so a wrong name costs as long as a wrong password. */
  private dummyHash?: Promise<string>;

  constructor(
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
    private readonly store: AclStore,
    private readonly repository: AclRepository,
  ) {
    if (config.AUTH_OIDC_JWKS_URL) this.jwks = new JwksClient({ url: config.AUTH_OIDC_JWKS_URL });
    this.flushTimer = setInterval(() => void this.flushLastUsed(), LAST_USED_FLUSH_MS);
    this.flushTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushLastUsed();
  }

  /** The key credentials are remembered under (one-shot hashing: this runs on every request). */
  static keyOf(authorization: string): string {
    return hash('sha256', authorization, 'base64');
  }

  /**
   * A principal whose credentials were verified recently, without any I/O; undefined otherwise.
   * Past most of its time, the entry is checked again in the background, so busy clients never
   * wait for a password check once their credentials are known.
   */
  recall(authorization: string | undefined, now = Date.now()): Principal | undefined {
    if (!authorization) return undefined;
    const key = AuthenticationService.keyOf(authorization);
    const r = this.remembered.get(key);
    if (!r || r.generation !== this.store.credentialGeneration || now >= r.until) return undefined;
    if (now >= r.refreshAt && !this.verifying.has(key)) {
      void this.verify(authorization, key, now).then((result) => {
        if (!result.ok) this.remembered.delete(key);
      });
    }
    if (r.principal.kind === 'api-key') this.used(r.principal.name, now);
    return r.principal;
  }

  /** Verifies the credentials of a request. */
  async authenticate(authorization: string | undefined, now = Date.now()): Promise<AuthResult> {
    if (!authorization) return { ok: false, reason: 'missing', detail: 'no credentials' };
    const hit = this.recall(authorization, now);
    if (hit) return { ok: true, principal: hit };
    return this.verify(authorization, AuthenticationService.keyOf(authorization), now);
  }

  /** One check at a time per header: a burst of requests with new credentials costs one scrypt. */
  private verify(authorization: string, key: string, now: number): Promise<AuthResult> {
    let running = this.verifying.get(key);
    if (!running) {
      running = this.check(authorization, key, now).finally(() => this.verifying.delete(key));
      this.verifying.set(key, running);
    }
    return running;
  }

  private async check(authorization: string, key: string, now: number): Promise<AuthResult> {
    const generation = this.store.credentialGeneration;
    const space = authorization.indexOf(' ');
    const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
    const value = space < 0 ? '' : authorization.slice(space + 1).trim();
    let result: AuthResult & { until?: number };
    if (scheme === 'basic') result = await this.basic(value, now);
    else if (scheme === 'bearer') result = await this.bearer(value, now);
    else result = { ok: false, reason: 'missing', detail: `unsupported scheme ${scheme}` };
    if (result.ok && generation === this.store.credentialGeneration) {
      const ttl = this.config.AUTH_CACHE_SECONDS * 1000;
      const until = Math.min(result.until ?? Infinity, now + ttl);
      this.remembered.set(key, { principal: result.principal, until, refreshAt: now + ttl * 0.8, generation });
    }
    return result;
  }

  private async basic(value: string, now: number): Promise<AuthResult & { until?: number }> {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false, reason: 'invalid', detail: 'malformed Basic credentials' };
    const name = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    if (API_KEY_ID.test(name)) return this.apiKey(name, secret, now);
    const user = this.store.user(name);
    const hash = user?.passwordHash;
    // Unknown users and service accounts cost one scrypt too, so timing does not tell them apart.
    const ok = await verifyPassword(secret, hash ?? (await this.dummy()));
    if (!hash || !ok) return { ok: false, reason: 'invalid', claimed: `User:${name}`, detail: user ? 'wrong password' : 'unknown user' };
    return { ok: true, principal: Object.freeze({ name, kind: 'user', groups: [] }) };
  }

  private async bearer(token: string, now: number): Promise<AuthResult & { until?: number }> {
    const dot = token.indexOf('.');
    if (dot > 0 && token.indexOf('.', dot + 1) < 0 && API_KEY_ID.test(token.slice(0, dot))) {
      return this.apiKey(token.slice(0, dot), token.slice(dot + 1), now);
    }
    if (!this.jwks || !this.config.AUTH_OIDC_ISSUER || !this.config.AUTH_OIDC_AUDIENCE) {
      return { ok: false, reason: 'invalid', detail: 'bearer token that is no API key, and OpenID Connect is not configured' };
    }
    try {
      const claims = await verifyJwt(token, this.jwks, {
        issuer: this.config.AUTH_OIDC_ISSUER,
        audience: this.config.AUTH_OIDC_AUDIENCE,
        clockSkewSeconds: this.config.AUTH_OIDC_CLOCK_SKEW_SECONDS,
        now: Math.floor(now / 1000),
      });
      const name = claimStrings(claims, this.config.AUTH_OIDC_USERNAME_CLAIM)[0];
      if (!name) return { ok: false, reason: 'invalid', detail: `token without ${this.config.AUTH_OIDC_USERNAME_CLAIM} claim` };
      const groups = [...new Set(claimStrings(claims, this.config.AUTH_OIDC_GROUPS_CLAIM))];
      return {
        ok: true,
        principal: Object.freeze({ name, kind: 'token', groups: Object.freeze(groups) }),
        until: (claims.exp as number) * 1000,
      };
    } catch (e) {
      if (e instanceof JwtError) return { ok: false, reason: 'invalid', detail: `token refused: ${e.reason}` };
      this.logger.warn(`Cannot verify bearer tokens: ${(e as Error).message}`);
      return { ok: false, reason: 'unavailable', detail: `identity provider keys unavailable: ${(e as Error).message}` };
    }
  }

  private apiKey(id: string, secret: string, now: number): AuthResult & { until?: number } {
    const key = this.store.key(id);
    const claimed = `ApiKey:${id}`;
    if (!key) return { ok: false, reason: 'invalid', claimed, detail: 'unknown API key' };
    if (key.expiresAt && key.expiresAt.getTime() <= now) return { ok: false, reason: 'invalid', claimed, detail: 'API key expired' };
    const current = secretMatches(secret, key.secretHash);
    const previous =
      !current && !!key.previousSecretHash && !!key.previousExpiresAt && key.previousExpiresAt.getTime() > now && secretMatches(secret, key.previousSecretHash);
    if (!current && !previous) return { ok: false, reason: 'invalid', claimed, detail: 'wrong API key secret' };
    this.used(id, now);
    return {
      ok: true,
      principal: Object.freeze({ name: id, kind: 'api-key', groups: [], owner: key.owner }),
      until: Math.min(key.expiresAt?.getTime() ?? Infinity, previous ? key.previousExpiresAt!.getTime() : Infinity),
    };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }

  private used(id: string, now: number): void {
    this.lastUsed.set(id, now);
    this.unwritten.set(id, now);
  }

  /** When a key was last used, including uses not yet written. */
  lastUsedOf(key: StoredApiKey): Date | null {
    const pending = this.lastUsed.get(key.id);
    const stored = key.lastUsedAt?.getTime();
    const latest = Math.max(pending ?? -Infinity, stored ?? -Infinity);
    return Number.isFinite(latest) ? new Date(latest) : null;
  }

  /** Writes the last-used times gathered since the last flush. */
  async flushLastUsed(): Promise<void> {
    if (!this.unwritten.size) return;
    const batch = new Map([...this.unwritten].map(([id, at]) => [id, new Date(at)]));
    this.unwritten.clear();
    try {
      await this.repository.touchKeys(batch);
    } catch (e) {
      this.logger.warn(`Could not record API key use: ${(e as Error).message}`);
      for (const [id, at] of batch) if (!this.unwritten.has(id)) this.unwritten.set(id, at.getTime());
    }
  }
}
