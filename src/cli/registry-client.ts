import type { SchemaReference } from '../compatibility/schema-provider';
import type { SchemaType } from '../compatibility/schema-type';
import { CliError, configError, usageError } from './cli-error';

/** Credentials sent with every request. */
export type RegistryAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string };

export interface RegistryTarget {
  readonly url: string;
  readonly auth?: RegistryAuth;
}

/**
 * The registry to talk to and how to sign in, from (first wins) `--registry`, `CHARTER_URL`,
 * `SCHEMA_REGISTRY_URL`, charter.yaml's `registry.url`. Credentials come only from the
 * environment: `CHARTER_TOKEN` (bearer) or `CHARTER_USERNAME` and `CHARTER_PASSWORD` (Basic), or
 * user information in the URL (`https://user:pass@host`).
 */
export function registryTarget(env: NodeJS.ProcessEnv, flagUrl: string | undefined, configUrl: string | undefined): RegistryTarget {
  const raw = flagUrl ?? nonEmpty(env.CHARTER_URL) ?? nonEmpty(env.SCHEMA_REGISTRY_URL)?.split(',')[0]?.trim() ?? configUrl;
  if (!raw) {
    throw usageError('no registry to talk to: pass --registry <url>, set CHARTER_URL (or SCHEMA_REGISTRY_URL), or set registry.url in charter.yaml');
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(`the registry URL ${raw} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configError(`the registry URL ${raw} must be http:// or https://`);
  // fetch refuses URLs with credentials in them: they become a Basic header instead.
  let fromUrl: RegistryAuth | undefined;
  if (url.username || url.password) {
    fromUrl = { kind: 'basic', username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    url.username = '';
    url.password = '';
  }
  const token = nonEmpty(env.CHARTER_TOKEN);
  const username = env.CHARTER_USERNAME;
  const password = env.CHARTER_PASSWORD;
  if (token !== undefined && (username !== undefined || password !== undefined)) {
    throw configError('set either CHARTER_TOKEN (bearer) or CHARTER_USERNAME and CHARTER_PASSWORD (Basic), not both');
  }
  if ((username === undefined) !== (password === undefined)) throw configError('CHARTER_USERNAME and CHARTER_PASSWORD go together: set both');
  const auth: RegistryAuth | undefined =
    token !== undefined
      ? { kind: 'bearer', token }
      : username !== undefined
        ? { kind: 'basic', username, password: password! }
        : fromUrl;
  return { url: url.toString().replace(/\/+$/, ''), auth };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** A schema as the REST API takes it in request bodies. */
export interface SchemaBody {
  readonly schema: string;
  readonly schemaType: SchemaType;
  readonly references: readonly SchemaReference[];
}

/** `GET /subjects/{s}/versions/{v}`. */
export interface RegisteredVersion {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schema: string;
  readonly schemaType: SchemaType;
  readonly references: readonly SchemaReference[];
}

export interface CompatibilityAnswer {
  readonly is_compatible: boolean;
  readonly messages?: readonly string[];
}

/** An answer with an error status: the registry's `{error_code, message}` when it sent one. */
export class RegistryHttpError extends CliError {
  constructor(
    readonly status: number,
    readonly errorCode: number | undefined,
    readonly detail: string,
    readonly request: string,
    /** The answer's body, parsed when it is JSON (catalogue errors carry `violations`, `errors`). */
    readonly body?: unknown,
  ) {
    super(`${request}: ${status}${errorCode !== undefined && errorCode !== status ? ` (error_code ${errorCode})` : ''} ${detail}`, 'registry');
    this.name = 'RegistryHttpError';
  }
}

const MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json';
/** Long enough for a slow registry under load; a CI job should not hang on a dead one. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * A small Confluent Schema Registry REST client on fetch: Charter or any registry that speaks
 * the same API. Connection failures and refused credentials become {@link CliError} (exit 2);
 * other error answers are {@link RegistryHttpError}, for the caller to judge.
 */
export class RegistryClient {
  constructor(
    readonly target: RegistryTarget,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    options: { accept?: string; contentType?: string } = {},
  ): Promise<T> {
    const accept = options.accept ?? `${MEDIA_TYPE}, application/json`;
    const headers: Record<string, string> = { accept, 'user-agent': 'charter-cli' };
    if (body !== undefined) headers['content-type'] = options.contentType ?? MEDIA_TYPE;
    const auth = this.target.auth;
    if (auth?.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    if (auth?.kind === 'bearer') headers.authorization = `Bearer ${auth.token}`;
    const what = `${method} ${path}`;
    let res: Response;
    try {
      res = await this.fetchImpl(this.target.url + path, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (e as Error).message;
      throw new CliError(`cannot reach the registry at ${this.target.url} (${what}): ${reason}`, 'connection');
    }
    const text = await res.text();
    if (res.status === 401 || res.status === 403) {
      const hint = this.target.auth ? 'check CHARTER_TOKEN or CHARTER_USERNAME/CHARTER_PASSWORD' : 'set CHARTER_TOKEN or CHARTER_USERNAME/CHARTER_PASSWORD';
      throw new CliError(`the registry at ${this.target.url} refused ${what} with ${res.status}: ${errorMessage(text)} (${hint})`, 'registry');
    }
    if (!res.ok) {
      let code: number | undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
        const errorCode = (parsed as { error_code?: unknown } | null)?.error_code;
        if (typeof errorCode === 'number') code = errorCode;
      } catch {
        /* not JSON: the status says enough */
      }
      throw new RegistryHttpError(res.status, code, errorMessage(text), what, parsed);
    }
    if (!accept.includes('json')) return text as T;
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      throw new CliError(`the registry answered ${what} with something that is not JSON: ${text.slice(0, 200)}`, 'registry');
    }
  }

  /** `POST /compatibility/subjects/{s}/versions[/latest]?verbose=true`. */
  checkCompatibility(subject: string, schema: SchemaBody, options: { latestOnly: boolean }): Promise<CompatibilityAnswer> {
    const version = options.latestOnly ? '/latest' : '';
    return this.request('POST', `/compatibility/subjects/${enc(subject)}/versions${version}?verbose=true`, bodyOf(schema));
  }

  /** `POST /subjects/{s}/versions`: the id (and, from Charter and recent Confluent releases, the version). */
  register(subject: string, schema: SchemaBody, options: { normalize: boolean }): Promise<{ id: number; version?: number }> {
    return this.request('POST', `/subjects/${enc(subject)}/versions${options.normalize ? '?normalize=true' : ''}`, bodyOf(schema));
  }

  /** `POST /subjects/{s}`: the version holding this schema, undefined when the subject has none. */
  async lookup(subject: string, schema: SchemaBody): Promise<RegisteredVersion | undefined> {
    try {
      return withDefaults(await this.request<RegisteredVersion>('POST', `/subjects/${enc(subject)}`, bodyOf(schema)));
    } catch (e) {
      if (e instanceof RegistryHttpError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** `GET /subjects/{s}/versions`: live versions, oldest first; none when the subject does not exist. */
  async versions(subject: string): Promise<number[]> {
    try {
      return await this.request<number[]>('GET', `/subjects/${enc(subject)}/versions`);
    } catch (e) {
      if (e instanceof RegistryHttpError && e.status === 404) return [];
      throw e;
    }
  }

  /** `GET /subjects/{s}/versions/{v}`. */
  async version(subject: string, version: number | 'latest'): Promise<RegisteredVersion> {
    return withDefaults(await this.request<RegisteredVersion>('GET', `/subjects/${enc(subject)}/versions/${version}`));
  }

  /** The level and policy in force for a subject (`GET /config/{s}?defaultToGlobal=true`). */
  async effectiveConfig(subject: string): Promise<{ compatibilityLevel?: string; compatibilityPolicy?: string }> {
    try {
      return await this.request('GET', `/config/${enc(subject)}?defaultToGlobal=true`);
    } catch (e) {
      // Registries without subject configs (or older ones without defaultToGlobal) answer 404: use the global.
      if (e instanceof RegistryHttpError && e.status === 404) return this.request('GET', '/config');
      throw e;
    }
  }

  /** `GET /catalog/export`: the YAML stream, or with `files`, `{file name: YAML}`. */
  exportCatalog(options: { domain?: string; files: boolean }): Promise<string | { files: Record<string, string> }> {
    const query = new URLSearchParams();
    if (options.domain) query.set('domain', options.domain);
    if (options.files) query.set('layout', 'files');
    const q = query.size ? `?${query}` : '';
    return options.files
      ? this.request('GET', `/catalog/export${q}`, undefined, { accept: 'application/json' })
      : this.request('GET', `/catalog/export${q}`, undefined, { accept: 'application/yaml, text/yaml' });
  }

  /** `POST /catalog/import?mode=`: YAML files by name. */
  importCatalog(files: Record<string, string>, mode: 'validate' | 'plan' | 'apply'): Promise<CatalogImportReport> {
    return this.request('POST', `/catalog/import?mode=${mode}`, { files }, { accept: 'application/json', contentType: 'application/json' });
  }
}

/** What `POST /catalog/import` answers. */
export interface CatalogImportReport {
  readonly mode: string;
  readonly valid: boolean;
  readonly blocked: boolean;
  readonly applied: boolean;
  readonly revision: number;
  readonly errors: readonly { file: string; path: string; message: string }[];
  readonly operations: readonly { action: string; type: string; key: string; changed?: readonly string[] }[];
  readonly violations: readonly CatalogViolation[];
}

export interface CatalogViolation {
  readonly policy: string;
  readonly kind: string;
  readonly severity: 'warn' | 'block';
  readonly entity: { readonly type: string; readonly key: string };
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

function enc(subject: string): string {
  return encodeURIComponent(subject);
}

function bodyOf(schema: SchemaBody): Record<string, unknown> {
  // AVRO is the wire default; leaving it out keeps older registries happy.
  return {
    schema: schema.schema,
    ...(schema.schemaType !== 'AVRO' ? { schemaType: schema.schemaType } : {}),
    ...(schema.references.length ? { references: schema.references } : {}),
  };
}

function withDefaults(v: RegisteredVersion): RegisteredVersion {
  return { ...v, schemaType: v.schemaType ?? 'AVRO', references: v.references ?? [] };
}

function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    /* fall through */
  }
  return text.trim().slice(0, 300) || '(no message)';
}
