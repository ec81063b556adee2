import { logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import { redactSecrets, secretsOf, type ClusterDefinition } from './cluster.types';

/** Where kafkajs' log lines go: a level and a line that names the cluster and no secret. */
export type KafkaLogSink = (level: 'error' | 'warn' | 'debug', line: string) => void;

/** How long Charter waits on a broker, and how often it retries, for admin calls and scans. */
export interface ConnectionTimings {
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly retries: number;
}

export const DEFAULT_TIMINGS: ConnectionTimings = { connectionTimeoutMs: 5000, requestTimeoutMs: 15000, retries: 3 };

/**
 * kafkajs' configuration for a cluster: brokers, TLS (on, or with PEM CAs, a client
 * certificate and key), SASL. kafkajs logs through `sink`, with every secret of the cluster
 * scrubbed from the line first, so no password can reach a log even if a client echoed one.
 */
export function kafkaConfigOf(
  c: ClusterDefinition,
  clientId: string,
  sink: KafkaLogSink,
  timings: ConnectionTimings = DEFAULT_TIMINGS,
): KafkaConfig {
  const secrets = secretsOf(c);
  const config: KafkaConfig = {
    clientId,
    brokers: [...c.bootstrapServers],
    connectionTimeout: timings.connectionTimeoutMs,
    requestTimeout: timings.requestTimeoutMs,
    retry: { retries: timings.retries, initialRetryTime: 200, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const level = entry.level <= logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
      const { message, ...fields } = entry.log as unknown as Record<string, unknown>;
      delete fields.timestamp;
      delete fields.logger;
      const extra = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
      sink(level, redactSecrets(`[${c.name}] ${entry.label ? `${entry.label} ` : ''}${String(message)}${extra}`, secrets));
    },
  };
  if (c.tls === true) config.ssl = true;
  else if (c.tls) {
    config.ssl = {
      ...(c.tls.ca ? { ca: [c.tls.ca] } : {}),
      ...(c.tls.cert ? { cert: c.tls.cert } : {}),
      ...(c.tls.key ? { key: c.tls.key } : {}),
      ...(c.tls.passphrase ? { passphrase: c.tls.passphrase } : {}),
      ...(c.tls.servername ? { servername: c.tls.servername } : {}),
      ...(c.tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: c.tls.rejectUnauthorized } : {}),
    };
  }
  if (c.sasl) config.sasl = { mechanism: c.sasl.mechanism, username: c.sasl.username, password: c.sasl.password } as SASLOptions;
  return config;
}

/** A kafkajs error as one line for an answer or a log, without the cluster's secrets. */
export function describeKafkaError(e: unknown, c: ClusterDefinition): string {
  const err = e as { message?: string; type?: string; cause?: { message?: string } } | undefined;
  let text = err?.message ?? String(e);
  if (err?.type && !text.includes(err.type)) text += ` (${err.type})`;
  if (err?.cause?.message && !text.includes(err.cause.message)) text += `: ${err.cause.message}`;
  return redactSecrets(text, secretsOf(c));
}
