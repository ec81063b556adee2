/** A small JSON client for the registry API, as a serializer or curl would talk to it. */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export const V1 = 'application/vnd.schemaregistry.v1+json';

export async function api<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= V1;
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* raw text answers (/schema endpoints) stay text */
  }
  return { status: res.status, body: parsed as T, text, headers: res.headers };
}

/** Registry helper bound to one server. */
export function registry(base: string) {
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => api<T>(base, 'GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>(base, 'POST', path, body, headers),
    put: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>(base, 'PUT', path, body, headers),
    delete: <T = any>(path: string, headers?: Record<string, string>) => api<T>(base, 'DELETE', path, undefined, headers),
    register: (subject: string, schema: unknown, extra: Record<string, unknown> = {}, query = '') =>
      api<any>(base, 'POST', `/subjects/${encodeURIComponent(subject)}/versions${query}`, {
        schema: typeof schema === 'string' ? schema : JSON.stringify(schema),
        ...extra,
      }),
  };
}
