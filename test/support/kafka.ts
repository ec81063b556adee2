import * as path from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';

/** A test user's name; every one of them can log in with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. */
export type KafkaUser = 'admin' | 'alice' | 'bob' | 'carol';

/** One throwaway broker+controller on 127.0.0.1, started by scripts/kafka.js. */
export interface RunningKafka {
  /** The Kafka release the broker runs, e.g. `4.4.0`. */
  version: string;
  /** `127.0.0.1:<port>` of the SASL_PLAINTEXT listener. */
  bootstrap: string;
  /** The super user's PLAIN credentials. */
  sasl: { mechanism: 'plain'; username: string; password: string };
  /** Password of each user; only `admin` is a super user, the others need ACLs for everything. */
  users: Record<KafkaUser, string>;
  /** The broker's data directory (deleted by `stop`). */
  logDir: string;
  pid: number;
  /** The last lines the broker logged, for failure messages. */
  logTail(lines?: number): string;
  /** Settles with the exit code (or signal) when the JVM ends, expectedly or not. */
  exited: Promise<number | string>;
  /** Ends the broker (SIGTERM, then SIGKILL) and deletes its files. */
  stop(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require(path.resolve(__dirname, '../../scripts/kafka.js')) as {
  start(options?: { port?: number; heap?: string; readyTimeoutMs?: number }): Promise<RunningKafka>;
};

/**
 * Starts a broker for one test file. The first run on a machine also downloads Kafka from Maven
 * Central (about half a minute), so call it from a `beforeAll` with a timeout of minutes.
 */
export function startKafka(options: { port?: number } = {}): Promise<RunningKafka> {
  return script.start(options);
}

/** SASL mechanisms kafkajs speaks and the broker enables. */
export type KafkaMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/**
 * A kafkajs client logged in as `user` (admin by default), failing fast: tests that expect a
 * denial should not sit through kafkajs' default retries.
 */
export function kafkaClient(broker: RunningKafka, user: KafkaUser = 'admin', mechanism: KafkaMechanism = 'plain'): Kafka {
  const sasl = { mechanism, username: user, password: broker.users[user] } as SASLOptions;
  return new Kafka({
    clientId: `charter-test-${user}`,
    brokers: [broker.bootstrap],
    sasl,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: logLevel.NOTHING,
  });
}
