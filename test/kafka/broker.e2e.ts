import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ConfigResourceTypes,
  ResourcePatternTypes,
  type Admin,
  type Consumer,
  type KafkaMessage,
} from 'kafkajs';
import { kafkaClient, startKafka, type KafkaUser, type RunningKafka } from '../support/kafka';

/**
 * The real broker Charter's Kafka features are tested against, and the broker behaviour they
 * rely on: topic configs, consumer-group offsets and lag, ACLs that are enforced, and SCRAM.
 */
describe('the Kafka test broker', () => {
  let broker: RunningKafka;
  let admin: Admin;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    broker = await startKafka(); // the first run on a machine also downloads Kafka
    admin = kafkaClient(broker).admin();
    await admin.connect();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await admin?.disconnect();
    await broker?.stop();
  }, 60_000);

  function consumer(user: KafkaUser, groupId: string): Consumer {
    const sut = kafkaClient(broker, user).consumer({ groupId, retry: { retries: 5, initialRetryTime: 100, restartOnFailure: async () => false } });
    consumers.push(sut);
    return sut;
  }

  async function produce(topic: string, values: string[]): Promise<void> {
    const producer = kafkaClient(broker).producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: values.map((value) => ({ value })) });
    } finally {
      await producer.disconnect();
    }
  }

  /** Runs `sut` until it has seen `count` messages (Jest's timeout bounds the wait). */
  async function consume(sut: Consumer, topic: string, count: number): Promise<KafkaMessage[]> {
    const seen: KafkaMessage[] = [];
    await sut.connect();
    await sut.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      sut.on(sut.events.CRASH, (e) => reject(e.payload.error));
      void sut.run({
        eachMessage: async ({ message }) => {
          seen.push(message);
          if (seen.length === count) resolve();
        },
      });
    });
    await sut.disconnect(); // commits the offsets it has consumed
    return seen;
  }

  function grant(user: string, resourceType: AclResourceTypes, resourceName: string, operation: AclOperationTypes) {
    return {
      resourceType,
      resourceName,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: `User:${user}`,
      host: '*',
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    };
  }

  it('runs Kafka 4 in KRaft mode on 127.0.0.1 with SASL and the admin as super user', async () => {
    expect(broker.version).toMatch(/^4\./);
    expect(broker.bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);

    const cluster = await admin.describeCluster();

    expect(cluster.brokers).toEqual([expect.objectContaining({ host: '127.0.0.1' })]);
    expect(cluster.clusterId).toBeTruthy();
  });

  it('creates a topic with partitions and configs that describeConfigs reports back', async () => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{
        topic: 'catalog.orders.v1',
        numPartitions: 3,
        configEntries: [
          { name: 'cleanup.policy', value: 'compact' },
          { name: 'retention.ms', value: '86400000' },
        ],
      }],
    });

    const metadata = await admin.fetchTopicMetadata({ topics: ['catalog.orders.v1'] });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'catalog.orders.v1', configNames: ['cleanup.policy', 'retention.ms', 'max.message.bytes'] }],
    });

    expect(metadata.topics[0].partitions).toHaveLength(3);
    const entries = Object.fromEntries(described.resources[0].configEntries.map((e) => [e.configName, { value: e.configValue, isDefault: e.isDefault }]));
    expect(entries['cleanup.policy']).toEqual({ value: 'compact', isDefault: false });
    expect(entries['retention.ms']).toEqual({ value: '86400000', isDefault: false });
    expect(entries['max.message.bytes'].isDefault).toBe(true);
  });

  it('tracks a consumer group\'s committed offsets, so lag is the end offset minus the committed one', async () => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'catalog.lag.v1' }] });
    await produce('catalog.lag.v1', ['a', 'b', 'c']);

    const seen = await consume(consumer('admin', 'catalog-lag-readers'), 'catalog.lag.v1', 3);
    await produce('catalog.lag.v1', ['d', 'e']);
    const [committed] = await admin.fetchOffsets({ groupId: 'catalog-lag-readers', topics: ['catalog.lag.v1'] });
    const [end] = await admin.fetchTopicOffsets('catalog.lag.v1');

    expect(seen.map((m) => m.value?.toString())).toEqual(['a', 'b', 'c']);
    expect(committed.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '3' })]);
    expect(end).toEqual(expect.objectContaining({ partition: 0, low: '0', high: '5' }));
    expect(Number(end.high) - Number(committed.partitions[0].offset)).toBe(2);
  });

  it('creates ACLs and describes them back by principal and resource', async () => {
    await admin.createAcls({
      acl: [
        grant('catalog-writer', AclResourceTypes.TOPIC, 'catalog.acl.v1', AclOperationTypes.WRITE),
        { ...grant('catalog-writer', AclResourceTypes.GROUP, 'catalog-', AclOperationTypes.READ), resourcePatternType: ResourcePatternTypes.PREFIXED },
      ],
    });

    const described = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal: 'User:catalog-writer',
      host: '*',
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });

    const flat = described.resources.flatMap((r) => r.acls.map((a) => ({
      resourceType: r.resourceType, resourceName: r.resourceName, resourcePatternType: r.resourcePatternType,
      operation: a.operation, permissionType: a.permissionType,
    })));
    expect(flat).toEqual(expect.arrayContaining([
      { resourceType: AclResourceTypes.TOPIC, resourceName: 'catalog.acl.v1', resourcePatternType: ResourcePatternTypes.LITERAL, operation: AclOperationTypes.WRITE, permissionType: AclPermissionTypes.ALLOW },
      { resourceType: AclResourceTypes.GROUP, resourceName: 'catalog-', resourcePatternType: ResourcePatternTypes.PREFIXED, operation: AclOperationTypes.READ, permissionType: AclPermissionTypes.ALLOW },
    ]));
    expect(flat).toHaveLength(2);
  });

  it('lets a user with a READ ACL on the topic consume it and denies one with only DESCRIBE', async () => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'catalog.secret.v1' }] });
    await produce('catalog.secret.v1', ['classified']);
    // Both may use their group and see the topic; only alice may read it.
    await admin.createAcls({
      acl: [
        grant('alice', AclResourceTypes.TOPIC, 'catalog.secret.v1', AclOperationTypes.READ),
        grant('alice', AclResourceTypes.GROUP, 'alice-readers', AclOperationTypes.READ),
        grant('bob', AclResourceTypes.TOPIC, 'catalog.secret.v1', AclOperationTypes.DESCRIBE),
        grant('bob', AclResourceTypes.GROUP, 'bob-readers', AclOperationTypes.READ),
      ],
    });

    const read = await consume(consumer('alice', 'alice-readers'), 'catalog.secret.v1', 1);
    const denied = consume(consumer('bob', 'bob-readers'), 'catalog.secret.v1', 1);

    expect(read.map((m) => m.value?.toString())).toEqual(['classified']);
    // kafkajs' retrier rewraps the broker's TOPIC_AUTHORIZATION_FAILED, keeping only its message.
    await expect(denied).rejects.toThrow('Not authorized to access topics');
  });

  it('denies a user with no ACL at all even the topic\'s existence', async () => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'catalog.hidden.v1' }] });
    const sut = kafkaClient(broker, 'carol').admin();
    await sut.connect();
    try {
      expect(await sut.listTopics()).not.toContain('catalog.hidden.v1');
      await expect(sut.fetchTopicOffsets('catalog.hidden.v1')).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
    } finally {
      await sut.disconnect();
    }
  });

  it.each(['scram-sha-256', 'scram-sha-512'] as const)('logs a SCRAM user in with %s and rejects a wrong password', async (mechanism) => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: `catalog.${mechanism}.v1` }] });
    await admin.createAcls({ acl: [grant('carol', AclResourceTypes.TOPIC, `catalog.${mechanism}.v1`, AclOperationTypes.DESCRIBE)] });
    const sut = kafkaClient(broker, 'carol', mechanism).admin();
    await sut.connect();
    const wrong = kafkaClient({ ...broker, users: { ...broker.users, carol: 'not-her-password' } }, 'carol', mechanism).admin();

    try {
      // The ACL is carol's, so seeing the topic proves the broker took her for User:carol.
      expect(await sut.listTopics()).toContain(`catalog.${mechanism}.v1`);
      await expect(wrong.connect()).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    } finally {
      await sut.disconnect();
      await wrong.disconnect();
    }
  });
});
