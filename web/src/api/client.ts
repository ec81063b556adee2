import { authorizationHeader, loadCredentials } from './credentials';

/** An API answer that was not a success, with Confluent's `{error_code, message}` when the API sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorCode?: number,
    readonly body?: unknown,
  ) {
    super(message);
  }

  /**
   * The route does not exist on this server (yet): a part of the API that is not available.
   * Charter answers unknown routes as Confluent does (`error_code` 404); a missing entry has a
   * code of its own (40401, 40480, ...).
   */
  get routeMissing(): boolean {
    return this.status === 404 && (this.errorCode === 404 || this.errorCode === undefined);
  }
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};

/** Called when the API answers 401: the app sends the user to the sign-in page. */
export function setUnauthorizedHandler(h: UnauthorizedHandler): void {
  onUnauthorized = h;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  body?: unknown;
  /** Answer with the response text instead of parsing JSON. */
  text?: boolean;
  signal?: AbortSignal;
  /** Do not redirect to sign-in on 401 (the sign-in page checks credentials itself). */
  noRedirect?: boolean;
  headers?: Record<string, string>;
}

/** Same-origin call to Charter's API with the stored credentials. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  // X-Requested-With keeps Charter from asking for Basic credentials with WWW-Authenticate, which
  // would make the browser open its own password dialog instead of our sign-in page.
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', ...opts.headers };
  const auth = authorizationHeader(loadCredentials());
  if (auth && !headers.Authorization) headers.Authorization = auth;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(path, { method: opts.method ?? 'GET', headers, body, signal: opts.signal, credentials: 'same-origin' });
  const text = await res.text();
  if (!res.ok) {
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const p = parsed as { error_code?: number; message?: string } | undefined;
    if (res.status === 401 && !opts.noRedirect) onUnauthorized();
    throw new ApiError(res.status, p?.message ?? (text || res.statusText), p?.error_code, parsed);
  }
  if (opts.text) return text as T;
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `encodeURIComponent` for a path segment: subjects may hold `/`, `:` and spaces. */
export const seg = (s: string | number): string => encodeURIComponent(String(s));

/** A query string from defined values (`?a=1&b=x`), or '' when there are none. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== false && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
