import { useQuery } from '@tanstack/react-query';
import { request } from './client';
import type { Credentials } from './credentials';

// Sign-in through the organisation's identity provider: OpenID Connect's authorization code
// flow with PKCE, for a public client (the UI keeps no secret). The provider sends the browser
// back to /ui/sign-in/callback with a code, which is exchanged for an access token here; the
// token is then sent to the API as a bearer token, like any other.

export interface OidcSignIn {
  issuer: string;
  clientId: string;
  scopes: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint: string | null;
}

export interface SignInOptions {
  authenticationEnabled: boolean;
  oidc: OidcSignIn | null;
}

/** `GET /acl/sign-in-options`; null from servers without it. */
export const useSignInOptions = () =>
  useQuery({
    queryKey: ['sign-in-options'],
    queryFn: async ({ signal }) => {
      try {
        return await request<SignInOptions>('/acl/sign-in-options', { signal, noRedirect: true });
      } catch {
        return null;
      }
    },
    staleTime: 5 * 60_000,
  });

/** What the browser remembers between leaving for the provider and coming back. */
interface PendingSignIn {
  state: string;
  verifier: string;
  next: string;
  tokenEndpoint: string;
  clientId: string;
  redirectUri: string;
  endSessionEndpoint: string | null;
}

const PENDING = 'charter.oidc.pending';

export const callbackUri = (): string => `${window.location.origin}/ui/sign-in/callback`;

function randomText(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return base64url(b);
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Leaves for the provider's sign-in page. Throws where the browser cannot do PKCE (plain HTTP off localhost). */
export async function startSignIn(oidc: OidcSignIn, next: string): Promise<void> {
  if (!crypto.subtle) throw new Error('Signing in through the identity provider needs HTTPS (or localhost): the browser hashes the PKCE verifier with Web Crypto.');
  const verifier = randomText(32);
  const state = randomText(16);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const redirectUri = callbackUri();
  const pending: PendingSignIn = {
    state,
    verifier,
    next,
    tokenEndpoint: oidc.tokenEndpoint,
    clientId: oidc.clientId,
    redirectUri,
    endSessionEndpoint: oidc.endSessionEndpoint,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(oidc.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri,
    scope: oidc.scopes,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  window.location.assign(url.toString());
}

/**
 * Back from the provider: checks the state, exchanges the code for tokens and answers the
 * credentials to keep and where to go. Errors say what went wrong in words people can act on.
 */
export async function finishSignIn(search: string): Promise<{ credentials: Credentials; next: string }> {
  const params = new URLSearchParams(search);
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const error = params.get('error');
  if (error) throw new Error(`The identity provider refused the sign-in: ${params.get('error_description') ?? error}`);
  if (!raw) throw new Error('This sign-in was not started from this browser tab (or was already used). Start again.');
  const pending = JSON.parse(raw) as PendingSignIn;
  const code = params.get('code');
  if (!code || params.get('state') !== pending.state) throw new Error('The answer from the identity provider does not belong to this sign-in. Start again.');
  const res = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; id_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) {
    throw new Error(`The identity provider did not give a token: ${body.error_description ?? body.error ?? `HTTP ${res.status}`}`);
  }
  const signOut = pending.endSessionEndpoint ? { endpoint: pending.endSessionEndpoint, clientId: pending.clientId, idToken: body.id_token } : undefined;
  return { credentials: { kind: 'bearer', token: body.access_token, ...(signOut ? { signOut } : {}) }, next: pending.next };
}

/**
 * Where to send the browser after forgetting credentials that came from the identity provider:
 * its end-session endpoint (RP-initiated logout), coming back to the sign-in page. Undefined for
 * other credentials, or a provider without one.
 */
export function providerSignOutUrl(c: Credentials | null): string | undefined {
  if (!c || c.kind !== 'bearer' || !c.signOut) return undefined;
  const url = new URL(c.signOut.endpoint);
  url.searchParams.set('client_id', c.signOut.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${window.location.origin}/ui/sign-in`);
  if (c.signOut.idToken) url.searchParams.set('id_token_hint', c.signOut.idToken);
  return url.toString();
}
