import { ConfigError, loadConfig, redactUrl } from './config';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults the operations settings', () => {
    const sut = loadConfig({});
    expect(sut.LOG_REQUESTS).toBe(true);
    expect(sut.CACHE_SAFETY_FLUSH_SECONDS).toBe(30);
    expect(sut.SHUTDOWN_TIMEOUT_SECONDS).toBe(30);
    expect(sut.NODE_ID).toMatch(/-\d+$/);
  });

  it('reads the operations settings', () => {
    const sut = loadConfig({ LOG_REQUESTS: 'false', CACHE_SAFETY_FLUSH_SECONDS: '0', SHUTDOWN_TIMEOUT_SECONDS: '5', NODE_ID: 'node-a' });
    expect(sut).toMatchObject({ LOG_REQUESTS: false, CACHE_SAFETY_FLUSH_SECONDS: 0, SHUTDOWN_TIMEOUT_SECONDS: 5, NODE_ID: 'node-a' });
  });

  it('names every bad variable with its value and what is wrong', () => {
    const message = errorOf({ PORT: 'abc', LOG_REQUESTS: 'maybe', CACHE_SAFETY_FLUSH_SECONDS: '-1', NODE_ID: 'a b' });
    expect(message).toMatch(/^ {2}PORT="abc": /m);
    expect(message).toMatch(/^ {2}LOG_REQUESTS="maybe": .*"true"/m);
    expect(message).toMatch(/^ {2}CACHE_SAFETY_FLUSH_SECONDS="-1": .*>=0/m);
    expect(message).toMatch(/^ {2}NODE_ID="a b": must be 1 to 100 printable ASCII characters without spaces/m);
  });

  it('defaults the Kafka settings: no default cluster, scans every 15 minutes, no governance events', () => {
    const sut = loadConfig({});
    expect(sut.KAFKA_BOOTSTRAP_SERVERS).toBeUndefined();
    expect(sut.GOVERNANCE_EVENTS_TOPIC).toBeUndefined();
    expect(sut).toMatchObject({
      KAFKA_CLUSTER_NAME: 'default',
      KAFKA_TLS: false,
      KAFKA_SCAN_INTERVAL_SECONDS: 900,
      KAFKA_LAG_THRESHOLD: 1000,
      KAFKA_AUDIT_IGNORE_TOPICS: '^_',
      GOVERNANCE_EVENTS_SOURCE: '/charter',
    });
  });

  it('reads the Kafka settings and names the bad ones', () => {
    expect(loadConfig({ KAFKA_BOOTSTRAP_SERVERS: 'k1:9092, k2:9092', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' })).toMatchObject({
      KAFKA_BOOTSTRAP_SERVERS: ['k1:9092', 'k2:9092'],
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
    });
    const message = errorOf({
      KAFKA_BOOTSTRAP_SERVERS: 'k1',
      KAFKA_SASL_MECHANISM: 'gssapi',
      KAFKA_TLS_CA_FILE: '/no/such/ca.pem',
      KAFKA_AUDIT_IGNORE_TOPICS: '(',
      GOVERNANCE_EVENTS_TOPIC: 'a topic',
    });
    expect(message).toMatch(/^ {2}KAFKA_BOOTSTRAP_SERVERS="k1": each server must be host:port/m);
    expect(message).toMatch(/^ {2}KAFKA_SASL_MECHANISM="gssapi": /m);
    expect(message).toMatch(/^ {2}KAFKA_TLS_CA_FILE="\/no\/such\/ca.pem": must name a readable file/m);
    expect(message).toMatch(/^ {2}KAFKA_AUDIT_IGNORE_TOPICS="\(": must be a valid regular expression/m);
    expect(message).toMatch(/^ {2}GOVERNANCE_EVENTS_TOPIC="a topic": must be a Kafka topic name/m);
  });

  it('never repeats a database password in a message', () => {
    const message = errorOf({ DATABASE_URL: 'mysql://charter:s3cret@db:3306/charter' });
    expect(message).toContain('DATABASE_URL="mysql://charter:***@db:3306/charter": must be file:<path>');
    expect(message).not.toContain('s3cret');
  });
});

describe('redactUrl', () => {
  it.each([
    ['postgresql://u:secret@h:5432/db', 'postgresql://u:***@h:5432/db'],
    ['postgresql://u@h/db', 'postgresql://u@h/db'],
    ['postgresql://h/db', 'postgresql://h/db'],
    ['file:./data/charter.db', 'file:./data/charter.db'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
