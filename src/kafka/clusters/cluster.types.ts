/** SASL mechanisms Charter (kafkajs) speaks. */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** TLS settings beyond "on": PEM texts and checks. `key` and `passphrase` are secrets. */
export interface TlsSettings {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly passphrase?: string;
  readonly servername?: string;
  /** false accepts any server certificate (tests only). */
  readonly rejectUnauthorized?: boolean;
}

export interface SaslSettings {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  /** A secret: stored to connect with, never returned or logged. */
  readonly password: string;
}

/** How the audit judges this cluster, beyond the catalogue. */
export interface AuditOptions {
  /** Lag (records behind, per consumer group and topic) above which a finding is raised; the server default when absent. */
  readonly lagThreshold?: number;
  /** Per-topic lag thresholds, overriding lagThreshold. */
  readonly lagThresholds?: Readonly<Record<string, number>>;
  /** Topics the audit leaves alone (a regular expression); the server default when absent. */
  readonly ignoreTopics?: string;
}

/** A cluster Charter connects to, with its secrets. Never leaves the Kafka module as is. */
export interface ClusterDefinition {
  readonly name: string;
  readonly bootstrapServers: readonly string[];
  /** null: plain TCP; true: TLS with the system's CAs; an object: TLS with these settings. */
  readonly tls: true | TlsSettings | null;
  readonly sasl: SaslSettings | null;
  readonly options: AuditOptions;
  /** Where it is defined: the API (stored) or the environment (read-only). */
  readonly source: 'api' | 'environment';
  readonly createdAt?: Date;
  readonly updatedAt?: Date;
  /** Why its stored secrets cannot be read (encrypted under another SECRETS_KEY, or none set); it cannot be used until they are given again. */
  readonly unreadable?: string;
}

/** What stands in for a secret in answers. */
export const MASK = '****';

/** A cluster as the API shows it: every secret replaced by MASK. */
export interface ClusterView {
  readonly name: string;
  readonly bootstrapServers: readonly string[];
  readonly tls: boolean | (Omit<TlsSettings, 'key' | 'passphrase'> & { key?: string; passphrase?: string });
  readonly sasl: { mechanism: SaslMechanism; username: string; password: string } | null;
  readonly options: AuditOptions;
  readonly source: 'api' | 'environment';
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

/** The definition without its secrets, for answers. */
export function viewOf(c: ClusterDefinition): ClusterView {
  let tls: ClusterView['tls'] = c.tls !== null;
  if (c.tls && c.tls !== true) {
    const { key, passphrase, ...rest } = c.tls;
    tls = { ...rest, ...(key !== undefined ? { key: MASK } : {}), ...(passphrase !== undefined ? { passphrase: MASK } : {}) };
  }
  return {
    name: c.name,
    bootstrapServers: c.bootstrapServers,
    tls,
    sasl: c.sasl ? { mechanism: c.sasl.mechanism, username: c.sasl.username, password: MASK } : null,
    options: c.options,
    source: c.source,
    ...(c.createdAt ? { createdAt: c.createdAt.toISOString() } : {}),
    ...(c.updatedAt ? { updatedAt: c.updatedAt.toISOString() } : {}),
  };
}

/** The secrets of a definition, to scrub from any text that might echo them (errors, logs). */
export function secretsOf(c: ClusterDefinition): string[] {
  const out: string[] = [];
  if (c.sasl?.password) out.push(c.sasl.password);
  if (c.tls && c.tls !== true) {
    if (c.tls.key) out.push(c.tls.key);
    if (c.tls.passphrase) out.push(c.tls.passphrase);
  }
  return out;
}

/** `text` with every occurrence of a secret replaced by MASK. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 3) out = out.split(s).join(MASK);
  return out;
}
