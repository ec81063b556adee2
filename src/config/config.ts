import * as os from 'node:os';
import { z } from 'zod';

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

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  HOST: z.string().min(1).default('127.0.0.1'),
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
});

export type CharterConfig = Readonly<z.infer<typeof schema>> & {
  readonly databaseKind: 'sqlite' | 'postgresql';
};

export class ConfigError extends Error {}

/** Reads and validates the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CharterConfig {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? '');
      return `  ${key}=${JSON.stringify(redactUrl(picked[key] ?? ''))}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const data = parsed.data;
  return Object.freeze({
    ...data,
    databaseKind: data.DATABASE_URL.startsWith('file:') ? 'sqlite' : 'postgresql',
  } as CharterConfig);
}

/** A URL with its password replaced by `***`, for messages and logs. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

export const CHARTER_CONFIG = Symbol('CHARTER_CONFIG');
