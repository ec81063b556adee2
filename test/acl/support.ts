import { startCharter, type RunningCharter } from '../support/charter';
import type { DatabaseKind } from '../support/databases';
import { api, type ApiResponse } from '../support/http';

export const ADMIN = { user: 'root', password: 'root-password-1' } as const;

/** An Authorization header for HTTP Basic. */
export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Charter with authentication on and a first administrator. */
export function startSecuredCharter(kind: DatabaseKind, env: Record<string, string> = {}, databaseUrl?: string) {
  return startCharter(kind, { AUTH_ENABLED: 'true', ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password, ...env }, databaseUrl);
}

/** A client that sends one Authorization header (or none). */
export function as(charter: Pick<RunningCharter, 'url'>, authorization?: string) {
  const headers = (extra?: Record<string, string>) => ({ ...(authorization ? { authorization } : {}), ...extra });
  return {
    get: <T = any>(path: string, extra?: Record<string, string>): Promise<ApiResponse<T>> => api<T>(charter.url, 'GET', path, undefined, headers(extra)),
    post: <T = any>(path: string, body?: unknown, extra?: Record<string, string>) => api<T>(charter.url, 'POST', path, body, headers(extra)),
    put: <T = any>(path: string, body?: unknown, extra?: Record<string, string>) => api<T>(charter.url, 'PUT', path, body, headers(extra)),
    delete: <T = any>(path: string, extra?: Record<string, string>) => api<T>(charter.url, 'DELETE', path, undefined, headers(extra)),
    request: <T = any>(method: string, path: string, body?: unknown, extra?: Record<string, string>) => api<T>(charter.url, method, path, body, headers(extra)),
    register: (subject: string, schema: unknown) =>
      api<any>(charter.url, 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema: typeof schema === 'string' ? schema : JSON.stringify(schema) }, headers()),
  };
}

export const avro = (name: string, fields: string[] = ['id']) =>
  JSON.stringify({ type: 'record', name, fields: fields.map((f) => ({ name: f, type: 'long' })) });

/** Creates a user with a password and gives it role bindings, as the administrator. */
export async function userWith(
  charter: Pick<RunningCharter, 'url'>,
  name: string,
  password: string,
  bindings: { role: string; resource: { type: string; name?: string; patternType?: string } }[] = [],
): Promise<string> {
  const admin = as(charter, basic(ADMIN.user, ADMIN.password));
  const created = await admin.post('/acl/users', { name, password });
  if (created.status !== 201) throw new Error(`creating ${name}: ${created.status} ${created.text}`);
  for (const b of bindings) {
    const r = await admin.post('/acl/bindings', { principal: `User:${name}`, ...b });
    if (r.status !== 201) throw new Error(`binding ${name}: ${r.status} ${r.text}`);
  }
  return basic(name, password);
}
