import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { CHARTER_CONFIG, type CharterConfig } from '../../config/config';
import { StartupError } from '../../ops/lifecycle/startup-error';
import { describeKafkaError } from '../clusters/cluster-connection';
import { ClustersService } from '../clusters/clusters.service';
import type { ClusterDefinition } from '../clusters/cluster.types';
import { CLOUDEVENTS_JSON, cloudEvent, type CloudEvent, type GovernanceEventType } from './cloud-event';

/** Events waiting beyond this are dropped, oldest first (Kafka unreachable for long). */
const MAX_QUEUE = 10_000;
const BATCH = 100;
/** Attempts per batch before it is dropped, and the waits between them. */
const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
/** How long shutdown waits for queued events to go out. */
const SHUTDOWN_FLUSH_MS = 5000;

/**
 * Publishes governance events as CloudEvents JSON to GOVERNANCE_EVENTS_TOPIC on
 * GOVERNANCE_EVENTS_CLUSTER. `publish` only queues: delivery happens in the background, in
 * order, with retries and backoff, so neither a slow nor an unreachable cluster can delay or
 * fail the request that caused the event. Failures are logged; events still failing after
 * every retry are dropped and logged.
 */
@Injectable()
export class GovernanceEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('GovernanceEvents');
  private readonly queue: CloudEvent[] = [];
  private sending?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private attempts = 0;
  private producer?: { fingerprint: string; producer: Producer; topicChecked: boolean };
  private stopped = false;

  constructor(
    private readonly clusters: ClustersService,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {
    if (config.GOVERNANCE_EVENTS_TOPIC !== undefined && !config.GOVERNANCE_EVENTS_CLUSTER && !clusters.defaultClusterName) {
      throw new StartupError('GOVERNANCE_EVENTS_TOPIC: name the cluster it is on with GOVERNANCE_EVENTS_CLUSTER, or set KAFKA_BOOTSTRAP_SERVERS');
    }
  }

  get enabled(): boolean {
    return this.config.GOVERNANCE_EVENTS_TOPIC !== undefined;
  }

  /** Queues an event; returns at once. */
  publish<T>(type: GovernanceEventType, subject: string, data: T, opts: { id?: string; time?: Date } = {}): void {
    if (!this.enabled || this.stopped) return;
    this.queue.push(cloudEvent({ type, source: this.config.GOVERNANCE_EVENTS_SOURCE, subject, data, ...opts }));
    if (this.queue.length > MAX_QUEUE) {
      const dropped = this.queue.splice(0, this.queue.length - MAX_QUEUE).length;
      this.logger.error(`Dropped ${dropped} governance event(s): more than ${MAX_QUEUE} are waiting for Kafka`);
    }
    if (!this.retryTimer) this.kick();
  }

  /** Resolves once everything queued so far was sent or dropped (or `timeoutMs` passed). */
  async flush(timeoutMs = SHUTDOWN_FLUSH_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length && Date.now() < deadline) {
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
      }
      this.kick();
      await Promise.race([this.sending, new Promise((r) => setTimeout(r, Math.max(0, Math.min(1000, deadline - Date.now()))))]);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.queue.length) await this.flush();
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    // A send in flight gets a moment to finish; a cluster that does not answer cannot hold shutdown up.
    await Promise.race([this.sending?.catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
    if (this.queue.length) this.logger.warn(`${this.queue.length} governance event(s) not delivered before shutdown`);
    await this.producer?.producer.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  private kick(): void {
    if (this.sending) return;
    this.sending = this.drain().finally(() => {
      this.sending = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length && !this.stopped) {
      const batch = this.queue.slice(0, BATCH);
      try {
        await this.send(batch);
        this.queue.splice(0, batch.length);
        this.attempts = 0;
      } catch (e) {
        this.attempts++;
        const why = (e as Error).message;
        if (this.attempts >= MAX_ATTEMPTS) {
          this.queue.splice(0, batch.length);
          this.attempts = 0;
          this.logger.error(`Dropped ${batch.length} governance event(s) after ${MAX_ATTEMPTS} attempts: ${why}`);
          continue;
        }
        const wait = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.attempts - 1));
        this.logger.warn(`Could not publish ${batch.length} governance event(s) (attempt ${this.attempts}), retrying in ${wait} ms: ${why}`);
        await this.resetProducer();
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, wait);
        this.retryTimer.unref();
        return;
      }
    }
  }

  private async send(batch: readonly CloudEvent[]): Promise<void> {
    const topic = this.config.GOVERNANCE_EVENTS_TOPIC!;
    const name = this.config.GOVERNANCE_EVENTS_CLUSTER ?? this.clusters.defaultClusterName;
    if (!name) throw new Error('no cluster to publish to: set GOVERNANCE_EVENTS_CLUSTER or KAFKA_BOOTSTRAP_SERVERS');
    const cluster = await this.clusters.find(name);
    if (!cluster) throw new Error(`GOVERNANCE_EVENTS_CLUSTER names '${name}', which is not a known Kafka cluster`);
    const p = await this.producerFor(cluster);
    try {
      if (!p.topicChecked) {
        await this.ensureTopic(cluster, topic);
        p.topicChecked = true;
      }
      await p.producer.send({
        topic,
        messages: batch.map((e) => ({ key: e.subject, value: JSON.stringify(e), headers: { 'content-type': CLOUDEVENTS_JSON } })),
      });
    } catch (e) {
      throw new Error(describeKafkaError(e, cluster));
    }
  }

  private async producerFor(cluster: ClusterDefinition): Promise<{ producer: Producer; topicChecked: boolean }> {
    // The definition (secrets included) identifies the connection: a changed cluster gets a new producer.
    const fingerprint = JSON.stringify(cluster);
    if (this.producer?.fingerprint !== fingerprint) {
      await this.resetProducer();
      const producer = this.clusters.client(cluster).producer({ allowAutoTopicCreation: false });
      try {
        await producer.connect();
      } catch (e) {
        await producer.disconnect().catch(() => undefined);
        throw new Error(describeKafkaError(e, cluster));
      }
      this.producer = { fingerprint, producer, topicChecked: false };
    }
    return this.producer!;
  }

  /** Creates the topic with the broker's defaults when it is missing (and Charter may). */
  private async ensureTopic(cluster: ClusterDefinition, topic: string): Promise<void> {
    const admin = this.clusters.client(cluster).admin();
    try {
      await admin.connect();
      const topics = await admin.listTopics();
      if (!topics.includes(topic)) {
        await admin.createTopics({ waitForLeaders: true, topics: [{ topic }] });
        this.logger.log(`Created the governance events topic '${topic}' on cluster '${cluster.name}'`);
      }
    } catch (e) {
      this.logger.warn(`Could not check or create the governance events topic '${topic}' on cluster '${cluster.name}': ${describeKafkaError(e, cluster)}`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async resetProducer(): Promise<void> {
    const old = this.producer;
    this.producer = undefined;
    await old?.producer.disconnect().catch(() => undefined);
  }
}
