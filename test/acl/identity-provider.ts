import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const ISSUER = 'https://idp.charter.test/realms/acme';
export const AUDIENCE = 'charter';

/** A code handed out by the sign-in page, waiting to be exchanged at the token endpoint. */
interface IssuedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly claims: Record<string, unknown>;
}

/**
 * An identity provider of our own, on node:http: keys from crypto.generateKeyPairSync and their
 * JWKS, and OpenID Connect's authorization code flow with PKCE (discovery, a sign-in page with a
 * user name field, a token endpoint that checks the client, the redirect URI and the verifier).
 */
export class TestIdentityProvider {
  private keys = new Map<string, { alg: string; privateKey: KeyObject; publicKey: KeyObject }>();
  private server?: http.Server;
  private readonly codes = new Map<string, IssuedCode>();
  /** Client ids and the redirect URIs registered for them. */
  readonly clients = new Map<string, string[]>();
  /** Claims of the users who can sign in, by user name. */
  readonly users = new Map<string, Record<string, unknown>>();
  fetches = 0;
  /** Sign-outs received at the end-session endpoint, with the id token hint each carried. */
  readonly signOuts: { clientId: string | null; idTokenHint: string | null }[] = [];
  url = '';

  constructor(readonly issuer: string = ISSUER) {}

  addKey(kid: string, alg: 'RS256' | 'ES256'): void {
    const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.keys.set(kid, { alg, ...pair });
  }

  /** Starts serving; answers the JWKS URL. */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return `${this.url}/jwks`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()) ?? r());
  }

  token(kid: string, claims: Record<string, unknown>, signWith?: KeyObject): string {
    const k = this.keys.get(kid)!;
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: k.alg, typ: 'JWT', kid })}.${b64({ iss: this.issuer, aud: AUDIENCE, iat: now, exp: now + 600, ...claims })}`;
    const key = signWith ?? k.privateKey;
    const sig = k.alg === 'ES256' ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }) : sign('sha256', Buffer.from(input), key);
    return `${input}.${sig.toString('base64url')}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(body));
    if (url.pathname === '/jwks') {
      this.fetches++;
      const keys = [...this.keys].map(([kid, k]) => ({ ...(k.publicKey.export({ format: 'jwk' }) as object), kid, alg: k.alg, use: 'sig' }));
      return void json(200, { keys });
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      return void json(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.url}/authorize`,
        token_endpoint: `${this.url}/token`,
        jwks_uri: `${this.url}/jwks`,
        end_session_endpoint: `${this.url}/logout`,
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/authorize' && req.method === 'GET') return this.signInPage(url, res);
    if (url.pathname === '/authorize' && req.method === 'POST') return this.signedIn(new URLSearchParams(await bodyOf(req)), res);
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await bodyOf(req));
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (form.get('grant_type') !== 'authorization_code' || !code) return void json(400, { error: 'invalid_grant', error_description: 'unknown or used code' });
      if (code.clientId !== form.get('client_id') || code.redirectUri !== form.get('redirect_uri')) {
        return void json(400, { error: 'invalid_grant', error_description: 'client or redirect_uri does not match' });
      }
      if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
        return void json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      const kid = [...this.keys.keys()][0];
      const idToken = this.token(kid, { ...code.claims, aud: code.clientId });
      return void json(200, { access_token: this.token(kid, code.claims), id_token: idToken, token_type: 'Bearer', expires_in: 600 });
    }
    if (url.pathname === '/logout' && req.method === 'GET') {
      const back = url.searchParams.get('post_logout_redirect_uri') ?? '';
      const clientId = url.searchParams.get('client_id');
      const origins = (this.clients.get(clientId ?? '') ?? []).map((u) => new URL(u).origin);
      if (!origins.some((o) => back.startsWith(`${o}/`))) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('post_logout_redirect_uri not allowed');
      this.signOuts.push({ clientId, idTokenHint: url.searchParams.get('id_token_hint') });
      return void res.writeHead(302, { location: back }).end();
    }
    res.writeHead(404).end();
  }

  /** The provider's own sign-in page: a form that carries the request on. */
  private signInPage(url: URL, res: http.ServerResponse): void {
    const p = url.searchParams;
    const problem = this.checkRequest(p);
    if (problem) return void res.writeHead(400, { 'content-type': 'text/plain' }).end(problem);
    const hidden = [...p].map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('');
    res.writeHead(200, { 'content-type': 'text/html' }).end(
      `<!doctype html><title>ACME sign-in</title><h1>ACME sign-in</h1><form method="post" action="/authorize">${hidden}` +
        `<label>User <input name="username"></label><button type="submit">Log in</button></form>`,
    );
  }

  private signedIn(form: URLSearchParams, res: http.ServerResponse): void {
    const problem = this.checkRequest(form);
    const claims = this.users.get(form.get('username') ?? '');
    if (problem || !claims) return void res.writeHead(400, { 'content-type': 'text/plain' }).end(problem ?? 'unknown user');
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { clientId: form.get('client_id')!, redirectUri: form.get('redirect_uri')!, challenge: form.get('code_challenge')!, claims });
    const back = new URL(form.get('redirect_uri')!);
    back.searchParams.set('code', code);
    back.searchParams.set('state', form.get('state') ?? '');
    res.writeHead(302, { location: back.toString() }).end();
  }

  private checkRequest(p: URLSearchParams): string | undefined {
    const uris = this.clients.get(p.get('client_id') ?? '');
    if (!uris) return 'unknown client';
    if (!uris.includes(p.get('redirect_uri') ?? '')) return 'redirect_uri not registered';
    if (p.get('response_type') !== 'code') return 'response_type must be code';
    if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) return 'PKCE (S256) is required';
    return undefined;
  }
}

function bodyOf(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => resolve(text));
  });
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
