/**
 * The signed-in user's credentials, kept for the browser tab (sessionStorage) and sent with
 * every API call: the same credentials the API takes (HTTP Basic for users and API keys, a
 * bearer token from the identity provider).
 */
export type Credentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | {
      readonly kind: 'bearer';
      readonly token: string;
      readonly username?: string;
      /** From a sign-in at the identity provider: where signing out ends its session too. */
      readonly signOut?: { readonly endpoint: string; readonly clientId: string; readonly idToken?: string };
    };

const KEY = 'charter.credentials';
type Listener = () => void;
const listeners = new Set<Listener>();

export function loadCredentials(): Credentials | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Credentials) : null;
  } catch {
    return null;
  }
}

export function saveCredentials(c: Credentials | null): void {
  if (c) sessionStorage.setItem(KEY, JSON.stringify(c));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export function onCredentialsChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function authorizationHeader(c: Credentials | null): string | undefined {
  if (!c) return undefined;
  if (c.kind === 'bearer') return `Bearer ${c.token}`;
  // btoa takes Latin-1 only; encode UTF-8 first so any password works.
  const bytes = new TextEncoder().encode(`${c.username}:${c.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

export function credentialsName(c: Credentials | null): string | null {
  if (!c) return null;
  return c.kind === 'basic' ? c.username : c.username ?? 'token';
}
