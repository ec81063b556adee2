import { Inject, Injectable, Logger } from '@nestjs/common';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';

/** What the web UI's sign-in page needs to send people to the identity provider. */
export interface OidcSignIn {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly endSessionEndpoint: string | null;
}

export interface SignInOptions {
  readonly authenticationEnabled: boolean;
  /** Null without AUTH_OIDC_UI_CLIENT_ID, or while the provider's discovery document cannot be read. */
  readonly oidc: OidcSignIn | null;
}

/** A failed discovery is tried again after this long, not on every page load. */
const RETRY_MS = 30_000;
const TIMEOUT_MS = 5_000;

/**
 * The ways to sign in, for the web UI (public: the sign-in page asks before anyone is signed
 * in). With AUTH_OIDC_UI_CLIENT_ID, the provider's endpoints come from its discovery document,
 * read once and kept.
 */
@Injectable()
export class SignInOptionsService {
  private readonly logger = new Logger('SignIn');
  private discovered?: OidcSignIn;
  private pending?: Promise<OidcSignIn | null>;
  private failedAt = -Infinity;

  constructor(@Inject(CHARTER_CONFIG) private readonly config: CharterConfig) {}

  async options(): Promise<SignInOptions> {
    return { authenticationEnabled: this.config.AUTH_ENABLED, oidc: await this.oidc() };
  }

  private async oidc(): Promise<OidcSignIn | null> {
    const { AUTH_OIDC_UI_CLIENT_ID: clientId, AUTH_OIDC_ISSUER: issuer } = this.config;
    if (!clientId || !issuer || !this.config.AUTH_ENABLED) return null;
    if (this.discovered) return this.discovered;
    if (Date.now() - this.failedAt < RETRY_MS) return null;
    this.pending ??= this.discover(issuer, clientId).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async discover(issuer: string, clientId: string): Promise<OidcSignIn | null> {
    const url = this.config.AUTH_OIDC_DISCOVERY_URL ?? `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const doc = (await res.json()) as Record<string, unknown>;
      const endpoint = (key: string, required: boolean): string | null => {
        const v = doc[key];
        if (typeof v === 'string' && /^https?:\/\//.test(v)) return v;
        if (required) throw new Error(`it has no ${key}`);
        return null;
      };
      this.discovered = {
        issuer,
        clientId,
        scopes: this.config.AUTH_OIDC_UI_SCOPES,
        authorizationEndpoint: endpoint('authorization_endpoint', true)!,
        tokenEndpoint: endpoint('token_endpoint', true)!,
        endSessionEndpoint: endpoint('end_session_endpoint', false),
      };
      return this.discovered;
    } catch (e) {
      this.failedAt = Date.now();
      this.logger.warn(`Sign-in through the identity provider is not offered: its discovery document ${url} could not be read (${(e as Error).message})`);
      return null;
    }
  }
}
