import * as fs from 'node:fs';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Kafka, type Admin } from 'kafkajs';
import { CHARTER_CONFIG, type CharterConfig } from '../../config/config';
import { StartupError } from '../../ops/lifecycle/startup-error';
import { KafkaErrors } from '../kafka-errors';
import { describeKafkaError, kafkaConfigOf, type KafkaLogSink } from './cluster-connection';
import { parseClusterInput } from './cluster-input';
import { ClusterRepository } from './cluster.repository';
import { viewOf, type ClusterDefinition, type ClusterView, type TlsSettings } from './cluster.types';

/** What a connection check found. */
export interface ClusterCheck {
  readonly name: string;
  readonly clusterId: string;
  readonly controller: number | null;
  readonly brokers: readonly { nodeId: number; host: string; port: number }[];
}

/**
 * The Kafka clusters Charter knows: the default one from the environment (read-only) and those
 * added through /kafka/clusters (stored). Hands out kafkajs clients; answers never hold secrets.
 */
@Injectable()
export class ClustersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Kafka');
  private readonly fromEnvironment: ClusterDefinition | undefined;
  readonly sink: KafkaLogSink = (level, line) => {
    if (level === 'error') this.logger.error(line);
    else if (level === 'warn') this.logger.warn(line);
    else this.logger.debug(line);
  };

  constructor(
    private readonly repository: ClusterRepository,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {
    this.fromEnvironment = environmentCluster(config);
  }

  /**
   * With SECRETS_KEY set, secrets stored before it was are encrypted now; without it, says how
   * many clusters keep theirs as given.
   */
  onApplicationBootstrap(): void {
    const work = this.config.SECRETS_KEY.enabled
      ? this.repository.sealStored().then((n) => n && this.logger.log(`Encrypted the stored secrets of ${n} Kafka cluster(s) with SECRETS_KEY`))
      : this.repository
          .plaintextSecrets()
          .then((n) => n && this.logger.warn(`${n} Kafka cluster(s) keep their password or TLS key unencrypted in the database: set SECRETS_KEY to encrypt them`));
    void work.catch((e: Error) => this.logger.warn(`Could not check the stored Kafka cluster secrets: ${e.message}`));
  }

  /** The environment's cluster name, when KAFKA_BOOTSTRAP_SERVERS defines one. */
  get defaultClusterName(): string | undefined {
    return this.fromEnvironment?.name;
  }

  async definitions(): Promise<ClusterDefinition[]> {
    const stored = (await this.repository.all()).filter((c) => c.name !== this.fromEnvironment?.name);
    return [...(this.fromEnvironment ? [this.fromEnvironment] : []), ...stored].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async definition(name: string): Promise<ClusterDefinition> {
    const found = await this.find(name);
    if (!found) throw KafkaErrors.clusterNotFound(name);
    return found;
  }

  async find(name: string): Promise<ClusterDefinition | undefined> {
    if (this.fromEnvironment?.name === name) return this.fromEnvironment;
    return this.repository.get(name);
  }

  async list(): Promise<ClusterView[]> {
    return (await this.definitions()).map(viewOf);
  }

  async get(name: string): Promise<ClusterView> {
    return viewOf(await this.definition(name));
  }

  async create(body: unknown): Promise<ClusterView> {
    const c = parseClusterInput(body, undefined);
    this.assertWritable(c.name);
    if (await this.repository.get(c.name)) throw KafkaErrors.clusterExists(c.name);
    return viewOf((await this.repository.put(c)).stored);
  }

  /** Creates or replaces; secrets left out (or sent back masked) keep their stored values. */
  async put(name: string, body: unknown): Promise<ClusterView> {
    this.assertWritable(name);
    const previous = await this.repository.get(name);
    // Secrets that cannot be read cannot be kept: the request must give them again.
    const c = parseClusterInput(body, name, previous?.unreadable ? undefined : previous);
    return viewOf((await this.repository.put(c)).stored);
  }

  async remove(name: string): Promise<ClusterView> {
    this.assertWritable(name);
    const previous = await this.definition(name);
    await this.repository.remove(name);
    return viewOf(previous);
  }

  /** Connects and describes the cluster: proves the address and credentials. */
  async check(name: string): Promise<ClusterCheck> {
    const c = await this.definition(name);
    const described = await this.withAdmin(c, (admin) => admin.describeCluster());
    return { name, clusterId: described.clusterId, controller: described.controller, brokers: described.brokers };
  }

  /** A kafkajs client for the cluster; its logs go through Charter's logger with secrets scrubbed. */
  client(c: ClusterDefinition): Kafka {
    return new Kafka(kafkaConfigOf(c, this.config.KAFKA_CLIENT_ID, this.sink));
  }

  /**
   * Runs `fn` with a connected admin client and disconnects afterwards. A failure to connect,
   * or a Kafka error inside `fn`, becomes 502 (50290) with the cluster's secrets scrubbed.
   */
  async withAdmin<T>(c: ClusterDefinition, fn: (admin: Admin) => Promise<T>): Promise<T> {
    if (c.unreadable) throw KafkaErrors.kafkaUnavailable(c.name, `its stored credentials cannot be read (${c.unreadable}); give them again with PUT /kafka/clusters/${c.name}`);
    const admin = this.client(c).admin();
    try {
      await admin.connect();
      return await fn(admin);
    } catch (e) {
      if (isRegistryError(e)) throw e;
      throw KafkaErrors.kafkaUnavailable(c.name, describeKafkaError(e, c));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private assertWritable(name: string): void {
    if (this.fromEnvironment?.name === name) throw KafkaErrors.clusterFromEnvironment(name);
  }
}

function isRegistryError(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as { name?: string }).name === 'RegistryError';
}

/** The default cluster KAFKA_* variables describe, checked as a whole (StartupError names the variable). */
export function environmentCluster(config: CharterConfig): ClusterDefinition | undefined {
  const servers = config.KAFKA_BOOTSTRAP_SERVERS;
  const sasl = [config.KAFKA_SASL_MECHANISM, config.KAFKA_SASL_USERNAME, config.KAFKA_SASL_PASSWORD];
  const tlsFiles = { ca: config.KAFKA_TLS_CA_FILE, cert: config.KAFKA_TLS_CERT_FILE, key: config.KAFKA_TLS_KEY_FILE };
  if (!servers) {
    const stray = (['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_TLS_CA_FILE', 'KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_KEY_FILE'] as const)
      .filter((k) => config[k] !== undefined);
    if (stray.length) throw new StartupError(`${stray.join(', ')}: set KAFKA_BOOTSTRAP_SERVERS too, or leave them unset`);
    return undefined;
  }
  if (sasl.some((v) => v !== undefined) && sasl.some((v) => v === undefined)) {
    throw new StartupError('KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are given together');
  }
  if ((tlsFiles.cert === undefined) !== (tlsFiles.key === undefined)) {
    throw new StartupError('KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE are given together');
  }
  let tls: ClusterDefinition['tls'] = null;
  if (tlsFiles.ca || tlsFiles.cert) {
    // PEM files imply TLS, whatever KAFKA_TLS says.
    const read = (file: string | undefined) => (file ? fs.readFileSync(file, 'utf8') : undefined);
    const settings = { ca: read(tlsFiles.ca), cert: read(tlsFiles.cert), key: read(tlsFiles.key) };
    tls = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as TlsSettings;
  } else if (config.KAFKA_TLS) {
    tls = true;
  }
  return {
    name: config.KAFKA_CLUSTER_NAME,
    bootstrapServers: servers,
    tls,
    sasl: config.KAFKA_SASL_MECHANISM
      ? { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME!, password: config.KAFKA_SASL_PASSWORD! }
      : null,
    options: {},
    source: 'environment',
  };
}
