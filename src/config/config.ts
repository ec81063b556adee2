import * as fs from 'node:fs';
import * as os from 'node:os';
import { z } from 'zod';
import { TrustedProxies } from '../common/http/trusted-proxies';
import { SecretBox } from '../common/secret-box';

/**
 * Charter's configuration, read from the environment once at start and validated.
 * Every variable is listed in README.md ("Configuration"); keep the two in step.
 */
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const compatibilityLevels = [
  'NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE',
] as const;

/** User names: also the `User:<name>` of role bindings. */
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;
const USER_NAME_RULE = 'must be 1 to 128 letters, digits or . _ @ + - (starting with a letter or digit)';

/** A path to a file that exists and can be read. */
const readableFile = z.string().refine(
  (p) => {
    try {
      fs.accessSync(p, fs.constants.R_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  },
  { message: 'must name a readable file' },
);

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Load balancers and proxies (IP addresses and CIDR ranges, comma separated) whose
   * X-Forwarded-For names the client; none by default.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const parsed = TrustedProxies.parse(v);
      if ('proxies' in parsed) return parsed.proxies;
      for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }),
  DATABASE_URL: z
    .string()
    .default('file:./data/charter.db')
    .refine((v) => v.startsWith('file:') || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be file:<path> for SQLite or postgresql://... for PostgreSQL',
    }),
  /** Pool size for PostgreSQL connections per process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  /** Compatibility level when neither the subject, its context nor the global config sets one. */
  SCHEMA_COMPATIBILITY_LEVEL: z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(compatibilityLevels))
    .default('BACKWARD'),
  /** error_code for an incompatible schema: 40901 (Confluent 8.0.4+/8.2+) or 409 (earlier releases). */
  INCOMPATIBLE_SCHEMA_ERROR_CODE: z.coerce.number().int().refine((v) => v === 409 || v === 40901, {
    message: 'must be 409 or 40901',
  }).default(40901),
  /** Largest request body accepted, in bytes (Confluent: 1 MB). */
  MAX_REQUEST_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Whether PUT /mode may change modes at all (Confluent's mode.mutability). */
  MODE_MUTABILITY: booleanish.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Cluster id reported by /v1/metadata/id. */
  CLUSTER_ID: z.string().default('charter'),
  /** This process's name in logs and metrics; several nodes on one database should differ. */
  NODE_ID: z
    .string()
    .regex(/^[\x21-\x7e]{1,100}$/, { message: 'must be 1 to 100 printable ASCII characters without spaces' })
    .default(() => `${os.hostname()}-${process.pid}`),
  /** One JSON line per request on stdout. */
  LOG_REQUESTS: booleanish.default(true),
  /**
   * With PostgreSQL, every node drops all its caches this often, so a change whose notification
   * was lost is seen within this bound anyway. 0 turns the safety net off.
   */
  CACHE_SAFETY_FLUSH_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
  /** How long a stopping node waits for requests in flight before it closes their connections. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),

  // Access (src/acl). Off unless configured: every request then acts with full rights, which is
  // why Charter then refuses to listen beyond the loopback address unless told explicitly.
  /** Require credentials and apply role bindings. Implied by AUTH_OIDC_ISSUER. */
  AUTH_ENABLED: booleanish.optional(),
  /** Serve without authentication on a non-loopback HOST anyway. */
  ALLOW_UNAUTHENTICATED: booleanish.default(false),
  /** With ADMIN_PASSWORD: the SystemAdmin created at start when no user exists yet. */
  ADMIN_USER: z.string().regex(USER_NAME, { message: USER_NAME_RULE }).optional(),
  ADMIN_PASSWORD: z.string().min(8, { message: 'must be at least 8 characters' }).optional(),
  /** OpenID Connect: the `iss` bearer tokens must carry. */
  AUTH_OIDC_ISSUER: z.string().min(1).optional(),
  /** OpenID Connect: the `aud` bearer tokens must include. */
  AUTH_OIDC_AUDIENCE: z.string().min(1).optional(),
  /** OpenID Connect: the provider's JSON Web Key Set. */
  AUTH_OIDC_JWKS_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /** Claim naming the principal (`User:<value>` in role bindings). */
  AUTH_OIDC_USERNAME_CLAIM: z.string().min(1).default('sub'),
  /** Claim (a dotted path, e.g. `realm_access.roles`) listing groups or roles (`Group:<value>`). */
  AUTH_OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  /** Allowed clock difference with the token issuer. */
  AUTH_OIDC_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  /**
   * The web UI's client id at the identity provider (a public client, authorization code with
   * PKCE): the sign-in page then offers "Sign in with <provider>". Unset: people paste a token.
   */
  AUTH_OIDC_UI_CLIENT_ID: z.string().min(1).optional(),
  /** Scopes the web UI asks for. */
  AUTH_OIDC_UI_SCOPES: z.string().min(1).default('openid profile email'),
  /** Where the provider's endpoints are read; `<issuer>/.well-known/openid-configuration` when unset. */
  AUTH_OIDC_DISCOVERY_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /**
   * How long verified credentials are remembered and how often other nodes' changes to users,
   * keys and bindings are picked up; changes made through this node apply at once.
   */
  AUTH_CACHE_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** Failed sign-ins from one address within the window before it gets 429. */
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** How long an API key's previous secret still works after a rotation (0: not at all). */
  API_KEY_ROTATION_GRACE_SECONDS: z.coerce.number().int().min(0).max(30 * 86_400).default(3600),

  // Kafka (src/kafka). A default cluster from the environment when KAFKA_BOOTSTRAP_SERVERS is
  // set; more can be added through /kafka/clusters.
  /** Comma-separated `host:port` list of the default cluster's brokers. */
  KAFKA_BOOTSTRAP_SERVERS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^\s:/]+:\d{1,5}$/, { message: 'each server must be host:port' })).min(1))
    .optional(),
  /** The default cluster's name in /kafka/clusters/{name}. */
  KAFKA_CLUSTER_NAME: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'must be 1 to 100 letters, digits, ".", "_" or "-"' }).default('default'),
  /** Connect with TLS (the system's CAs unless KAFKA_TLS_CA_FILE names others). */
  KAFKA_TLS: booleanish.default(false),
  /** PEM files: the CAs to trust, and a client certificate and key for mutual TLS. */
  KAFKA_TLS_CA_FILE: readableFile.optional(),
  KAFKA_TLS_CERT_FILE: readableFile.optional(),
  KAFKA_TLS_KEY_FILE: readableFile.optional(),
  /** `plain`, `scram-sha-256` or `scram-sha-512`; with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD. */
  KAFKA_SASL_MECHANISM: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(['plain', 'scram-sha-256', 'scram-sha-512']))
    .optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** Client id Charter's Kafka connections announce. */
  KAFKA_CLIENT_ID: z.string().min(1).max(200).default('charter'),
  /** Every cluster is scanned (and audited) this often; 0 scans only on request. */
  KAFKA_SCAN_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(7 * 86_400).default(900),
  /**
   * A scan still without its snapshot after this long fails; one left `running` for twice as
   * long (its node stopped mid-scan) is marked failed as abandoned.
   */
  KAFKA_SCAN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /** Consumer lag (records behind, per group and topic) above which the audit reports a finding. */
  KAFKA_LAG_THRESHOLD: z.coerce.number().int().min(0).default(1000),
  /**
   * Key (32 bytes, hex or base64) that Kafka clusters' stored passwords and TLS keys are
   * encrypted with (AES-256-GCM); unset, they are stored as given.
   */
  SECRETS_KEY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return SecretBox.NONE;
      const parsed = SecretBox.parseKey(v);
      if ('box' in parsed) return parsed.box;
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }),
  /** Topics the audit leaves alone (a regular expression); Kafka's and Confluent's internal topics by default. */
  KAFKA_AUDIT_IGNORE_TOPICS: z
    .string()
    .refine((v) => isValidRegex(v), { message: 'must be a valid regular expression' })
    .default('^_'),
  /** Topic that governance events (CloudEvents) are published to; unset publishes none. */
  GOVERNANCE_EVENTS_TOPIC: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, { message: 'must be a Kafka topic name' }).optional(),
  /** Cluster (a name in /kafka/clusters) that governance events go to; the default cluster unless set. */
  GOVERNANCE_EVENTS_CLUSTER: z.string().min(1).optional(),
  /** The CloudEvents `source` of governance events. */
  GOVERNANCE_EVENTS_SOURCE: z.string().min(1).default('/charter'),
});

/** Addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** Rules that involve more than one variable. */
function checkCombinations(data: z.infer<typeof schema>, ctx: z.RefinementCtx): void {
  const oidc = ['AUTH_OIDC_ISSUER', 'AUTH_OIDC_AUDIENCE', 'AUTH_OIDC_JWKS_URL'] as const;
  if (oidc.some((k) => data[k] !== undefined)) {
    for (const k of oidc) {
      if (data[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `is required with ${oidc.filter((o) => o !== k).join(' and ')}` });
    }
    if (data.AUTH_ENABLED === false) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_ENABLED'], message: 'cannot be false while AUTH_OIDC_ISSUER is set' });
    }
  }
  for (const k of ['AUTH_OIDC_UI_CLIENT_ID', 'AUTH_OIDC_DISCOVERY_URL'] as const) {
    if (data[k] !== undefined && data.AUTH_OIDC_ISSUER === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'needs AUTH_OIDC_ISSUER (and its audience and JWKS URL)' });
  }
  if ((data.ADMIN_USER === undefined) !== (data.ADMIN_PASSWORD === undefined)) {
    const missing = data.ADMIN_USER === undefined ? 'ADMIN_USER' : 'ADMIN_PASSWORD';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'ADMIN_USER and ADMIN_PASSWORD are given together' });
  }
  const auth = data.AUTH_ENABLED ?? data.AUTH_OIDC_ISSUER !== undefined;
  if (!auth && !data.ALLOW_UNAUTHENTICATED && !isLoopbackHost(data.HOST)) {
    ctx.addIssue({
      code: 'custom',
      path: ['HOST'],
      message:
        'is not a loopback address and authentication is off, so anyone who can reach it could change every schema. ' +
        'Set AUTH_ENABLED=true (ADMIN_USER and ADMIN_PASSWORD create the first administrator), ' +
        'or ALLOW_UNAUTHENTICATED=true to serve without authentication anyway',
    });
  }
}

export type CharterConfig = Readonly<Omit<z.infer<typeof schema>, 'AUTH_ENABLED'>> & {
  readonly databaseKind: 'sqlite' | 'postgresql';
  /** AUTH_ENABLED as given, or true when AUTH_OIDC_ISSUER is set. */
  readonly AUTH_ENABLED: boolean;
};

/** Variables whose values never appear in messages. */
const SECRET_VARIABLES = /PASSWORD|SECRET/;

export class ConfigError extends Error {}

/** Reads and validates the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CharterConfig {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = schema.superRefine(checkCombinations).safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? '');
      const shown = SECRET_VARIABLES.test(key) && picked[key] !== undefined ? '***' : redactUrl(picked[key] ?? '');
      return `  ${key}=${JSON.stringify(shown)}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const data = parsed.data;
  return Object.freeze({
    ...data,
    databaseKind: data.DATABASE_URL.startsWith('file:') ? 'sqlite' : 'postgresql',
    AUTH_ENABLED: data.AUTH_ENABLED ?? data.AUTH_OIDC_ISSUER !== undefined,
  } as CharterConfig);
}

/** A URL with its password replaced by `***`, for messages and logs. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

export const CHARTER_CONFIG = Symbol('CHARTER_CONFIG');
