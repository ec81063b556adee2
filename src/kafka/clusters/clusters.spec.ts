import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { logLevel } from 'kafkajs';
import { RegistryError } from '../../common/errors/registry-error';
import { loadConfig } from '../../config/config';
import { describeKafkaError, kafkaConfigOf } from './cluster-connection';
import { parseClusterInput } from './cluster-input';
import { redactSecrets, viewOf, type ClusterDefinition } from './cluster.types';
import { environmentCluster } from './clusters.service';

const stored: ClusterDefinition = {
  name: 'prod',
  bootstrapServers: ['b1:9093', 'b2:9093'],
  tls: { ca: 'CA-PEM', cert: 'CERT-PEM', key: 'KEY-PEM', passphrase: 'key-passphrase' },
  sasl: { mechanism: 'scram-sha-512', username: 'charter', password: 's3cret-password' },
  options: { lagThreshold: 10 },
  source: 'api',
};

function errorOf(fn: () => unknown): RegistryError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RegistryError) return e;
    throw e;
  }
  throw new Error('expected a RegistryError');
}

describe('cluster definitions', () => {
  it('answers every secret masked', () => {
    const sut = viewOf(stored);
    expect(sut).toEqual({
      name: 'prod',
      bootstrapServers: ['b1:9093', 'b2:9093'],
      tls: { ca: 'CA-PEM', cert: 'CERT-PEM', key: '****', passphrase: '****' },
      sasl: { mechanism: 'scram-sha-512', username: 'charter', password: '****' },
      options: { lagThreshold: 10 },
      source: 'api',
    });
    expect(JSON.stringify(sut)).not.toMatch(/s3cret|KEY-PEM|key-passphrase/);
  });

  it('reads a body with comma-separated servers, TLS on and a SASL mechanism in any case', () => {
    const sut = parseClusterInput({ bootstrapServers: 'a:9092, b:9092', tls: true, sasl: { mechanism: 'PLAIN', username: 'u', password: 'p' } }, 'dev');
    expect(sut).toEqual({ name: 'dev', bootstrapServers: ['a:9092', 'b:9092'], tls: true, sasl: { mechanism: 'plain', username: 'u', password: 'p' }, options: {}, source: 'api' });
  });

  it('keeps stored secrets when a read is sent back, masked or without them', () => {
    const masked = parseClusterInput(viewOf(stored), 'prod', stored);
    const omitted = parseClusterInput({ bootstrapServers: ['b1:9093'], tls: { ca: 'CA-PEM', cert: 'CERT-PEM' }, sasl: { mechanism: 'scram-sha-512', username: 'charter' } }, 'prod', stored);

    expect(masked).toMatchObject({ tls: stored.tls, sasl: stored.sasl });
    expect(omitted).toMatchObject({ tls: { key: 'KEY-PEM' }, sasl: { password: 's3cret-password' } });
  });

  it('refuses a mask or a missing password with nothing stored, and names every problem', () => {
    expect(errorOf(() => parseClusterInput({ bootstrapServers: ['a:1'], sasl: { mechanism: 'plain', username: 'u', password: '****' } }, 'x')).errorCode).toBe(42270);
    expect(errorOf(() => parseClusterInput({ bootstrapServers: ['a:1'], sasl: { mechanism: 'plain', username: 'u' } }, 'x')).message).toContain('sasl.password');
    const many = errorOf(() => parseClusterInput({ bootstrapServers: ['no-port'], sasl: { mechanism: 'gssapi', username: 'u', password: 'p' }, extra: 1 }, 'x'));
    expect((many.details?.errors as { path: string }[]).map((e) => e.path)).toEqual(['bootstrapServers.0', 'sasl.mechanism', '(body)']);
  });

  it('refuses a body naming another cluster than the URL', () => {
    expect(errorOf(() => parseClusterInput({ name: 'other', bootstrapServers: ['a:1'] }, 'x')).message).toContain("names 'other'");
  });
});

describe('kafkaConfigOf', () => {
  it('passes TLS PEMs and SASL credentials to kafkajs', () => {
    const sut = kafkaConfigOf(stored, 'charter', () => undefined);
    expect(sut).toMatchObject({
      clientId: 'charter',
      brokers: ['b1:9093', 'b2:9093'],
      ssl: { ca: ['CA-PEM'], cert: 'CERT-PEM', key: 'KEY-PEM', passphrase: 'key-passphrase' },
      sasl: { mechanism: 'scram-sha-512', username: 'charter', password: 's3cret-password' },
    });
    expect(kafkaConfigOf({ ...stored, tls: true, sasl: null }, 'c', () => undefined)).toMatchObject({ ssl: true });
    expect(kafkaConfigOf({ ...stored, tls: null, sasl: null }, 'c', () => undefined).ssl).toBeUndefined();
  });

  it('logs kafkajs lines with the cluster named and every secret scrubbed', () => {
    const lines: [string, string][] = [];
    const sut = kafkaConfigOf(stored, 'charter', (level, line) => lines.push([level, line]));
    const log = sut.logCreator!(logLevel.WARN);
    log({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', message: 'auth failed for s3cret-password', broker: 'b1:9093' } });

    expect(lines).toEqual([['error', '[prod] ERROR auth failed for **** {"broker":"b1:9093"}']]);
  });

  it('describes a kafkajs error without the secrets', () => {
    expect(describeKafkaError(Object.assign(new Error('denied s3cret-password'), { type: 'SASL_AUTHENTICATION_FAILED' }), stored)).toBe('denied **** (SASL_AUTHENTICATION_FAILED)');
    expect(redactSecrets('a KEY-PEM b', ['KEY-PEM'])).toBe('a **** b');
  });
});

describe('environmentCluster', () => {
  it('is absent without KAFKA_BOOTSTRAP_SERVERS, and refuses credentials without it', () => {
    expect(environmentCluster(loadConfig({}))).toBeUndefined();
    expect(() => environmentCluster(loadConfig({ KAFKA_SASL_USERNAME: 'u' }))).toThrow('KAFKA_SASL_USERNAME: set KAFKA_BOOTSTRAP_SERVERS too');
  });

  it('reads the servers, SASL and TLS PEM files into a read-only cluster', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-kafka-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), 'CA');
    try {
      const sut = environmentCluster(
        loadConfig({
          KAFKA_BOOTSTRAP_SERVERS: 'k1:9093,k2:9093',
          KAFKA_CLUSTER_NAME: 'prod',
          KAFKA_TLS_CA_FILE: path.join(dir, 'ca.pem'),
          KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
          KAFKA_SASL_USERNAME: 'charter',
          KAFKA_SASL_PASSWORD: 'pw',
        }),
      );
      expect(sut).toEqual({
        name: 'prod',
        bootstrapServers: ['k1:9093', 'k2:9093'],
        tls: { ca: 'CA' },
        sasl: { mechanism: 'scram-sha-256', username: 'charter', password: 'pw' },
        options: {},
        source: 'environment',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wants the three SASL variables together, and a client certificate with its key', () => {
    expect(() => environmentCluster(loadConfig({ KAFKA_BOOTSTRAP_SERVERS: 'k:1', KAFKA_SASL_MECHANISM: 'plain' }))).toThrow('are given together');
    expect(() => environmentCluster(loadConfig({ KAFKA_BOOTSTRAP_SERVERS: 'k:1', KAFKA_TLS_CERT_FILE: __filename }))).toThrow('KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE');
  });
});
