import { randomBytes } from 'node:crypto';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ConfigResourceTypes,
  ResourcePatternTypes,
  type Admin,
  type AclEntry,
  type Consumer,
} from 'kafkajs';
import { CLOUDEVENTS_JSON } from '../../src/kafka/events/cloud-event';
import { startCharter, type RunningCharter } from '../support/charter';
import { registry } from '../support/http';
import { kafkaClient, startKafka, type KafkaUser, type RunningKafka } from '../support/kafka';

/**
 * The ownership audit against a real broker: every finding kind appears when its cause is set
 * up on the cluster or in the catalogue, and is resolved by the next scan once the cause is
 * fixed. Governance events of the same run are checked at the end.
 */
describe('Kafka ownership audit', () => {
  let broker: RunningKafka;
  let admin: Admin;
  let charter: RunningCharter;
  let sut: ReturnType<typeof registry>;
  const consumers: Consumer[] = [];
  /** A consumer that stays in its group, subscribed, without ever committing. */
  let live: Consumer;

  type Finding = {
    id: number;
    kind: string;
    severity: string;
    status: 'open' | 'resolved';
    cluster: string;
    topic: string;
    subject: string;
    team: string | null;
    message: string;
    evidence: Record<string, any>;
    resolvedAt: string | null;
  };

  beforeAll(async () => {
    broker = await startKafka();
    admin = kafkaClient(broker).admin();
    await admin.connect();
    charter = await startCharter('sqlite', {
      KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap,
      KAFKA_CLUSTER_NAME: 'main',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'admin',
      KAFKA_SASL_PASSWORD: broker.users.admin,
      KAFKA_SCAN_INTERVAL_SECONDS: '0',
      KAFKA_LAG_THRESHOLD: '5',
      KAFKA_AUDIT_IGNORE_TOPICS: '^(_|charter\\.)',
      GOVERNANCE_EVENTS_TOPIC: 'charter.governance',
      GOVERNANCE_EVENTS_SOURCE: 'urn:charter:test',
      // Clusters added through the API keep their credentials encrypted: the SCRAM cluster below
      // connects with a password read back through it.
      SECRETS_KEY: randomBytes(32).toString('base64'),
    });
    sut = registry(charter.url);
    await catalogue();
    await cluster();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await charter?.close();
    await admin?.disconnect();
    await broker?.stop();
  }, 60_000);

  async function ok(res: Promise<{ status: number; body: any }>, status = [200, 201]): Promise<any> {
    const r = await res;
    if (!status.includes(r.status)) throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async function catalogue(): Promise<void> {
    for (const name of ['orders', 'billing', 'analytics']) await ok(sut.post('/catalog/domains', { name }));
    for (const [name, domain] of [['orders-team', 'orders'], ['billing-team', 'billing'], ['analytics-team', 'analytics']]) {
      await ok(sut.post('/catalog/teams', { name, domain }));
    }
    await ok(sut.post('/catalog/applications', { name: 'order-service', domain: 'orders', ownerTeam: 'orders-team', principals: ['User:alice'] }));
    await ok(sut.post('/catalog/applications', {
      name: 'billing-service', domain: 'billing', ownerTeam: 'billing-team', principals: ['User:bob'], consumerGroups: ['billing-readers'],
    }));
    await ok(sut.post('/catalog/applications', {
      name: 'analytics', domain: 'analytics', ownerTeam: 'analytics-team', principals: ['User:carol'], consumerGroups: ['analytics-readers'],
    }));
    await ok(sut.post('/catalog/policies', { name: 'topic-naming', kind: 'naming', severity: 'warn', params: { target: 'topic', pattern: '^[a-z]+\\.[a-z-]+\\.v[0-9]+$' } }));
    await ok(sut.post('/catalog/policies', {
      name: 'confidential-retention', kind: 'retention', severity: 'block', params: { classifications: ['confidential'], maxMs: 604_800_000 },
    }));
    await ok(sut.post('/catalog/topics', {
      name: 'orders.placed.v1', domain: 'orders', ownerTeam: 'orders-team', partitions: 3, replicationFactor: 1,
      topicConfiguration: { 'retention.ms': 86_400_000, 'cleanup.policy': ['delete'] }, classification: 'confidential',
    }));
    await ok(sut.post('/catalog/topics', { name: 'orders.shipped.v1', domain: 'orders', partitions: 1 }));
    await ok(sut.post('/catalog/topics', { name: 'orders.cancelled.v1', domain: 'orders', ownerTeam: 'orders-team' }));
    await ok(sut.put('/catalog/topics/orders.placed.v1/producers/order-service', {}));
    await ok(sut.put('/catalog/topics/orders.placed.v1/consumers/billing-service', { consumerGroup: 'billing-readers' }));
  }

  async function cluster(): Promise<void> {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        // Two partitions where the catalogue declares three; thirty days where it declares one.
        { topic: 'orders.placed.v1', numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '2592000000' }] },
        { topic: 'orders.shipped.v1' },
        { topic: 'legacy_orders' },
      ],
    });
    await admin.createAcls({
      acl: [
        allow('*', 'orders.placed.v1', AclOperationTypes.READ),
        { ...allow('dave', 'orders.', AclOperationTypes.WRITE), resourcePatternType: ResourcePatternTypes.PREFIXED },
        allow('bob', 'legacy_orders', AclOperationTypes.WRITE),
        allow('carol', 'orders.placed.v1', AclOperationTypes.READ),
        allow('carol', 'analytics-readers', AclOperationTypes.READ, AclResourceTypes.GROUP),
        allow('bob', 'orders.placed.v1', AclOperationTypes.READ),
        allow('bob', 'billing-readers', AclOperationTypes.READ, AclResourceTypes.GROUP),
      ],
    });
    await produce('orders.placed.v1', 5);
    await consume('carol', 'analytics-readers', 'orders.placed.v1', 5);
    await produce('orders.placed.v1', 10);
    live = kafkaClient(broker).consumer({ groupId: 'live-readers' });
    consumers.push(live);
    await live.connect();
    await live.subscribe({ topics: ['orders.shipped.v1'] });
    const joined = new Promise((resolve) => live.on(live.events.GROUP_JOIN, resolve));
    void live.run({ eachMessage: async () => undefined });
    await joined;
  }

  function allow(user: string, name: string, operation: AclOperationTypes, resourceType = AclResourceTypes.TOPIC): AclEntry {
    return {
      resourceType,
      resourceName: name,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: `User:${user}`,
      host: '*',
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    };
  }

  async function dropAcl(acl: AclEntry): Promise<void> {
    await admin.deleteAcls({ filters: [acl] });
  }

  async function produce(topic: string, count: number): Promise<void> {
    const producer = kafkaClient(broker).producer();
    await producer.connect();
    try {
      // Keyless records to partition 0, so that the group's lag is on one partition.
      await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ value: `m${i}`, partition: 0 })) });
    } finally {
      await producer.disconnect();
    }
  }

  /** A real consumer as `user` in `groupId`, reading `count` records, then leaving (which commits). */
  async function consume(user: KafkaUser, groupId: string, topic: string, count: number): Promise<void> {
    const consumer = kafkaClient(broker, user).consumer({ groupId, retry: { retries: 5, initialRetryTime: 100, restartOnFailure: async () => false } });
    consumers.push(consumer);
    let seen = 0;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
      void consumer.run({
        eachMessage: async () => {
          if (++seen === count) resolve();
        },
      });
    });
    await consumer.disconnect();
  }

  async function scan(cluster = 'main'): Promise<any> {
    return ok(sut.post(`/kafka/clusters/${cluster}/scan`));
  }

  async function findings(query = 'status=all&cluster=main'): Promise<Finding[]> {
    return ok(sut.get(`/kafka/findings?${query}&limit=1000`));
  }

  async function finding(kind: string, topic: string, subject = ''): Promise<Finding | undefined> {
    return (await findings()).find((f) => f.kind === kind && f.topic === topic && f.subject === subject);
  }

  async function expectOpen(kind: string, topic: string, subject = ''): Promise<Finding> {
    const f = await finding(kind, topic, subject);
    expect({ kind, topic, subject, status: f?.status }).toEqual({ kind, topic, subject, status: 'open' });
    return f!;
  }

  async function expectResolved(kind: string, topic: string, subject = ''): Promise<Finding> {
    const f = await finding(kind, topic, subject);
    expect({ kind, topic, subject, status: f?.status }).toEqual({ kind, topic, subject, status: 'resolved' });
    expect(f!.resolvedAt).toEqual(expect.any(String));
    return f!;
  }

  describe('the first scan', () => {
    let outcome: any;

    beforeAll(async () => {
      outcome = await scan();
    }, 120_000);

    it('stores a snapshot of topics, configs, consumer groups with lag, and ACLs', async () => {
      expect(outcome).toMatchObject({ cluster: 'main', trigger: 'manual', status: 'succeeded' });
      expect(outcome.summary).toMatchObject({ topics: expect.any(Number), groups: expect.any(Number), acls: 7, problems: [] });

      const latest = await ok(sut.get('/kafka/clusters/main/scans/latest'));
      const placed = latest.snapshot.topics.find((t: { name: string }) => t.name === 'orders.placed.v1');
      const group = latest.snapshot.groups.find((g: { groupId: string }) => g.groupId === 'analytics-readers');

      expect(latest.id).toBe(outcome.id);
      expect(placed).toMatchObject({ partitions: 2, replicationFactor: 1, configs: expect.objectContaining({ 'retention.ms': '2592000000', 'cleanup.policy': 'delete' }) });
      expect(placed.defaults).toContain('cleanup.policy');
      expect(group).toMatchObject({ protocolType: 'consumer', offsets: [{ topic: 'orders.placed.v1', lag: 10 }] });
      expect(latest.snapshot.acls).toContainEqual({
        resourceType: 'TOPIC', resourceName: 'orders.', patternType: 'PREFIXED', principal: 'User:dave', host: '*', operation: 'WRITE', permission: 'ALLOW',
      });
    });

    it('finds a topic the catalogue does not know, with the team of the application that writes it', async () => {
      const f = await expectOpen('TOPIC_NOT_IN_CATALOG', 'legacy_orders');
      expect(f.team).toBe('billing-team');
      expect(f.evidence).toMatchObject({ partitions: 1, writers: ['User:bob'], applications: ['billing-service'] });
    });

    it('finds a catalogued topic without an owner, and asks its domain\'s team', async () => {
      expect((await expectOpen('TOPIC_WITHOUT_OWNER', 'orders.shipped.v1')).team).toBe('orders-team');
    });

    it('finds an active catalogue topic missing from the cluster', async () => {
      const f = await expectOpen('TOPIC_MISSING_FROM_CLUSTER', 'orders.cancelled.v1');
      expect(f).toMatchObject({ team: 'orders-team', severity: 'high', evidence: { lifecycle: 'active' } });
    });

    it('finds a name that breaks the naming policy', async () => {
      const f = await expectOpen('TOPIC_NAME_VIOLATION', 'legacy_orders', 'topic-naming');
      expect(f.evidence).toMatchObject({ policy: 'topic-naming', field: 'name' });
    });

    it('finds partitions and configs that differ from the catalogue, each with both values', async () => {
      const partitions = await expectOpen('TOPIC_CONFIG_DRIFT', 'orders.placed.v1', 'partitions');
      const retention = await expectOpen('TOPIC_CONFIG_DRIFT', 'orders.placed.v1', 'retention.ms');

      expect(partitions).toMatchObject({ team: 'orders-team', evidence: { field: 'partitions', declared: 3, actual: 2 } });
      expect(retention.evidence).toEqual({ field: 'retention.ms', declared: 86_400_000, actual: 2_592_000_000 });
      expect(await finding('TOPIC_CONFIG_DRIFT', 'orders.placed.v1', 'cleanup.policy')).toBeUndefined();
    });

    it('finds the retention the cluster applies above the policy for confidential topics', async () => {
      const f = await expectOpen('RETENTION_VIOLATION', 'orders.placed.v1', 'confidential-retention');
      expect(f).toMatchObject({ severity: 'high', team: 'orders-team', evidence: { 'retention.ms': 2_592_000_000, classification: 'confidential' } });
      expect(f.message).toContain('30 days');
    });

    it('finds a confidential topic every user may read', async () => {
      const f = await expectOpen('CLASSIFICATION_VIOLATION', 'orders.placed.v1', 'public-access');
      expect(f.evidence.grants).toEqual([{ operation: 'READ', bindings: [expect.objectContaining({ principal: 'User:*', resourceName: 'orders.placed.v1' })] }]);
    });

    it('finds a consumer group reading a topic that no declared consumer owns, naming the topic owner', async () => {
      const f = await expectOpen('UNDECLARED_CONSUMER_GROUP', 'orders.placed.v1', 'analytics-readers');
      expect(f).toMatchObject({ team: 'orders-team', severity: 'high', evidence: { groupId: 'analytics-readers', applications: ['analytics'], lag: 10 } });
    });

    it('sees a group reading through its members\' subscriptions before it commits anything', async () => {
      const latest = await ok(sut.get('/kafka/clusters/main/scans/latest'));
      const group = latest.snapshot.groups.find((g: { groupId: string }) => g.groupId === 'live-readers');
      const f = await expectOpen('UNDECLARED_CONSUMER_GROUP', 'orders.shipped.v1', 'live-readers');

      expect(group).toMatchObject({ state: 'Stable', offsets: [], members: [{ clientId: 'charter-test-admin', subscribed: ['orders.shipped.v1'], assigned: { 'orders.shipped.v1': [0] } }] });
      expect(f.evidence).toMatchObject({ state: 'Stable', members: [expect.objectContaining({ clientId: 'charter-test-admin' })], lag: null });
    });

    it('finds a declared consumer whose group never read the topic', async () => {
      const f = await expectOpen('DECLARED_CONSUMER_NOT_SEEN', 'orders.placed.v1', 'billing-service');
      expect(f.evidence).toMatchObject({ application: 'billing-service', consumerGroups: ['billing-readers'] });
    });

    it('finds a group whose lag is above the threshold', async () => {
      const f = await expectOpen('CONSUMER_LAG_ABOVE_THRESHOLD', 'orders.placed.v1', 'analytics-readers');
      expect(f.evidence).toMatchObject({ lag: 10, threshold: 5, partitions: [{ partition: 0, committed: 5, end: 15, lag: 10 }] });
    });

    it('finds principals allowed to read or write, literally, by wildcard or by prefix, that no declared client holds', async () => {
      const dave = await expectOpen('UNDECLARED_ACL_PRINCIPAL', 'orders.placed.v1', 'User:dave:WRITE');
      await expectOpen('UNDECLARED_ACL_PRINCIPAL', 'orders.shipped.v1', 'User:dave:WRITE');
      await expectOpen('UNDECLARED_ACL_PRINCIPAL', 'orders.placed.v1', 'User:*:READ');
      await expectOpen('UNDECLARED_ACL_PRINCIPAL', 'orders.placed.v1', 'User:carol:READ');
      await expectOpen('UNDECLARED_ACL_PRINCIPAL', 'legacy_orders', 'User:bob:WRITE');

      expect(dave.evidence.bindings).toEqual([expect.objectContaining({ patternType: 'PREFIXED', resourceName: 'orders.', operation: 'WRITE' })]);
      expect(dave.severity).toBe('high');
      expect(await finding('UNDECLARED_ACL_PRINCIPAL', 'orders.placed.v1', 'User:bob:READ')).toBeUndefined();
    });

    it('finds a declared producer none of whose principals may write', async () => {
      const f = await expectOpen('DECLARED_PRODUCER_WITHOUT_WRITE', 'orders.placed.v1', 'order-service');
      expect(f.evidence).toMatchObject({ application: 'order-service', principals: ['User:alice'], writers: ['User:dave'] });
    });

    it('leaves internal and ignored topics alone', async () => {
      const topics = new Set((await findings()).map((f) => f.topic));
      expect([...topics].filter((t) => t.startsWith('_') || t.startsWith('charter.'))).toEqual([]);
    });

    it('filters findings by status, kind and topic, and shows one with its history', async () => {
      const byKind = await findings('status=open&kind=UNDECLARED_ACL_PRINCIPAL&cluster=main');
      const byTopic = await findings('topic=legacy_orders&cluster=main');
      const one = await ok(sut.get(`/kafka/findings/${byTopic[0].id}`));

      expect(byKind.map((f) => f.kind)).toEqual(Array(5).fill('UNDECLARED_ACL_PRINCIPAL'));
      expect(new Set(byTopic.map((f) => f.kind))).toEqual(new Set(['TOPIC_NOT_IN_CATALOG', 'TOPIC_NAME_VIOLATION', 'UNDECLARED_ACL_PRINCIPAL']));
      expect(one.history).toEqual([expect.objectContaining({ action: 'opened', scanId: outcome.id })]);
      expect((await sut.get('/kafka/findings?kind=NO_SUCH_KIND')).body).toMatchObject({ error_code: 42271 });
    });

    it('opens nothing new when the cluster and the catalogue stay as they are', async () => {
      const again = await scan();
      expect(again.summary.findings).toMatchObject({ opened: 0, reopened: 0, resolved: 0, open: outcome.summary.findings.open });
    });
  });

  describe('fixing each cause', () => {
    it('resolves a group once its last member leaves without having committed', async () => {
      await live.disconnect();
      await scan();
      await expectResolved('UNDECLARED_CONSUMER_GROUP', 'orders.shipped.v1', 'live-readers');
    });

    it('resolves partition drift once the topic has the declared partitions', async () => {
      await admin.createPartitions({ topicPartitions: [{ topic: 'orders.placed.v1', count: 3 }] });
      const outcome = await scan();
      expect(outcome.resolved.map((f: Finding) => `${f.kind}/${f.subject}`)).toEqual(['TOPIC_CONFIG_DRIFT/partitions']);
      await expectResolved('TOPIC_CONFIG_DRIFT', 'orders.placed.v1', 'partitions');
    });

    it('resolves config drift and the retention violation once retention.ms is what the catalogue says', async () => {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'orders.placed.v1', configEntries: [{ name: 'retention.ms', value: '86400000' }] }],
      });
      await scan();
      await expectResolved('TOPIC_CONFIG_DRIFT', 'orders.placed.v1', 'retention.ms');
      await expectResolved('RETENTION_VIOLATION', 'orders.placed.v1', 'confidential-retention');
    });

    it('resolves the classification violation when the wildcard grant goes, reopens it when it comes back', async () => {
      const wildcard = allow('*', 'orders.placed.v1', AclOperationTypes.READ);
      await dropAcl(wildcard);
      await scan();
      const resolved = await expectResolved('CLASSIFICATION_VIOLATION', 'orders.placed.v1', 'public-access');
      await expectResolved('UNDECLARED_ACL_PRINCIPAL', 'orders.placed.v1', 'User:*:READ');

      await admin.createAcls({ acl: [wildcard] });
      const back = await scan();
      const reopened = await expectOpen('CLASSIFICATION_VIOLATION', 'orders.placed.v1', 'public-access');
      await dropAcl(wildcard);
      await scan();

      expect(back.reopened.map((f: Finding) => f.id)).toContain(resolved.id);
      expect(reopened.id).toBe(resolved.id);
      expect((await ok(sut.get(`/kafka/findings/${resolved.id}/history`))).map((e: { action: string }) => e.action)).toEqual(['opened', 'resolved', 'reopened', 'resolved']);
    });

    it('resolves the prefixed grant on every topic it covered once it is deleted', async () => {
      await dropAcl({ ...allow('dave', 'orders.', AclOperationTypes.WRITE), resourcePatternType: ResourcePatternTypes.PREFIXED });
      await scan();
      await expectResolved('UNDECLARED_ACL_PRINCIPAL', 'orders.placed.v1', 'User:dave:WRITE');
      await expectResolved('UNDECLARED_ACL_PRINCIPAL', 'orders.shipped.v1', 'User:dave:WRITE');
    });

    it('resolves the producer without WRITE once its principal may write', async () => {
      await admin.createAcls({ acl: [allow('alice', 'orders.placed.v1', AclOperationTypes.WRITE)] });
      await scan();
      await expectResolved('DECLARED_PRODUCER_WITHOUT_WRITE', 'orders.placed.v1', 'order-service');
      expect(await finding('UNDECLARED_ACL_PRINCIPAL', 'orders.placed.v1', 'User:alice:WRITE')).toBeUndefined();
    });

    it('resolves the undeclared group and its principal once the catalogue declares the consumer', async () => {
      await ok(sut.put('/catalog/topics/orders.placed.v1/consumers/analytics', { consumerGroup: 'analytics-readers' }));
      await scan();
      await expectResolved('UNDECLARED_CONSUMER_GROUP', 'orders.placed.v1', 'analytics-readers');
      await expectResolved('UNDECLARED_ACL_PRINCIPAL', 'orders.placed.v1', 'User:carol:READ');
      await expectOpen('CONSUMER_LAG_ABOVE_THRESHOLD', 'orders.placed.v1', 'analytics-readers');
    });

    it('resolves the lag once the group has caught up', async () => {
      await consume('carol', 'analytics-readers', 'orders.placed.v1', 10);
      await scan();
      await expectResolved('CONSUMER_LAG_ABOVE_THRESHOLD', 'orders.placed.v1', 'analytics-readers');
    });

    it('resolves the declared consumer not seen once its group has read the topic', async () => {
      await consume('bob', 'billing-readers', 'orders.placed.v1', 15);
      await scan();
      await expectResolved('DECLARED_CONSUMER_NOT_SEEN', 'orders.placed.v1', 'billing-service');
    });

    it('resolves the ownerless topic once the catalogue names an owner', async () => {
      await ok(sut.put('/catalog/topics/orders.shipped.v1', { domain: 'orders', ownerTeam: 'orders-team', partitions: 1 }));
      await scan();
      await expectResolved('TOPIC_WITHOUT_OWNER', 'orders.shipped.v1');
    });

    it('resolves the missing topic once the cluster has it', async () => {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'orders.cancelled.v1' }] });
      await scan();
      await expectResolved('TOPIC_MISSING_FROM_CLUSTER', 'orders.cancelled.v1');
    });

    it('resolves the uncatalogued topic and its writer once the catalogue declares them, keeping the name violation', async () => {
      await ok(sut.post('/catalog/topics', { name: 'legacy_orders', domain: 'billing', ownerTeam: 'billing-team' }));
      await ok(sut.put('/catalog/topics/legacy_orders/producers/billing-service', {}));
      await scan();
      await expectResolved('TOPIC_NOT_IN_CATALOG', 'legacy_orders');
      await expectResolved('UNDECLARED_ACL_PRINCIPAL', 'legacy_orders', 'User:bob:WRITE');
      expect((await expectOpen('TOPIC_NAME_VIOLATION', 'legacy_orders', 'topic-naming')).team).toBe('billing-team');
    });

    it('resolves the name violation once the badly named topic is gone, leaving nothing open', async () => {
      await admin.deleteTopics({ topics: ['legacy_orders'] });
      await ok(sut.delete('/catalog/topics/legacy_orders/producers/billing-service'));
      await ok(sut.delete('/catalog/topics/legacy_orders'));
      await scan();
      await expectResolved('TOPIC_NAME_VIOLATION', 'legacy_orders', 'topic-naming');
      expect(await findings('status=open&cluster=main')).toEqual([]);
    });
  });

  describe('cluster connections', () => {
    it('lists the environment\'s cluster with its password masked, and refuses to change it', async () => {
      const res = await sut.get('/kafka/clusters');

      expect(res.body).toEqual([
        expect.objectContaining({ name: 'main', bootstrapServers: [broker.bootstrap], tls: false, source: 'environment', sasl: { mechanism: 'plain', username: 'admin', password: '****' } }),
      ]);
      expect(res.text).not.toContain(broker.users.admin);
      expect((await sut.delete('/kafka/clusters/main')).body).toMatchObject({ error_code: 40971 });
    });

    it('adds a SCRAM cluster, never answers its password, and keeps it when a read is sent back', async () => {
      const created = await sut.post('/kafka/clusters', {
        name: 'as-carol',
        bootstrapServers: broker.bootstrap,
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'carol', password: broker.users.carol },
        options: { lagThreshold: 100 },
      });
      const read = await sut.get('/kafka/clusters/as-carol');
      const replaced = await sut.put('/kafka/clusters/as-carol', read.body);
      const checked = await sut.post('/kafka/clusters/as-carol/check');

      expect(created.status).toBe(201);
      expect(read.body).toMatchObject({ name: 'as-carol', source: 'api', sasl: { mechanism: 'scram-sha-512', username: 'carol', password: '****' }, options: { lagThreshold: 100 } });
      for (const r of [created, read, replaced]) expect(r.text).not.toContain(broker.users.carol);
      expect(replaced.status).toBe(200);
      expect(checked.body).toMatchObject({ name: 'as-carol', clusterId: expect.any(String), brokers: [expect.objectContaining({ host: '127.0.0.1' })] });
    });

    it('answers 502 without the password when the credentials are wrong', async () => {
      await ok(sut.put('/kafka/clusters/wrong', { bootstrapServers: [broker.bootstrap], sasl: { mechanism: 'plain', username: 'carol', password: 'not-carols-password' } }));
      const res = await sut.post('/kafka/clusters/wrong/check');

      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ error_code: 50270, message: expect.stringContaining("Kafka cluster 'wrong' could not be used") });
      expect(res.text).not.toContain('not-carols-password');
      await ok(sut.delete('/kafka/clusters/wrong'));
    });

    it('scans what a principal may see, naming the configs and ACLs it may not read instead of judging without them', async () => {
      const outcome = await scan('as-carol');
      const kinds = new Set((await findings('status=all&cluster=as-carol')).map((f) => f.kind));

      expect(outcome.summary).toMatchObject({
        acls: null,
        problems: [expect.stringMatching(/^configs of 1 topic\(s\) could not be read .*: orders\.placed\.v1$/), expect.stringContaining('ACLs could not be read')],
      });
      expect(kinds.has('RETENTION_VIOLATION')).toBe(false);
      expect(outcome.summary.topics).toBeGreaterThan(0);
      expect(kinds.has('UNDECLARED_ACL_PRINCIPAL')).toBe(false);
      await ok(sut.delete('/kafka/clusters/as-carol'));
      expect(await findings('status=all&cluster=as-carol')).toEqual([]);
    });

    it('refuses a cluster without bootstrap servers or with an unsafe ignore pattern', async () => {
      const res = await sut.post('/kafka/clusters', { name: 'bad', bootstrapServers: [], options: { ignoreTopics: '(a+)+$' } });
      expect(res.status).toBe(422);
      expect(res.body.error_code).toBe(42270);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['bootstrapServers', 'options.ignoreTopics']);
    });
  });

  describe('governance events', () => {
    type Event = { specversion: string; id: string; source: string; type: string; subject: string; time: string; datacontenttype: string; data: any; contentType?: string };
    let events: Event[];

    /** Reads the governance topic from the start until `done` holds for what was read. */
    async function readEvents(done: (seen: Event[]) => boolean): Promise<Event[]> {
      const consumer = kafkaClient(broker).consumer({ groupId: `events-reader-${Date.now()}` });
      consumers.push(consumer);
      const seen: Event[] = [];
      await consumer.connect();
      await consumer.subscribe({ topics: ['charter.governance'], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
        void consumer.run({
          eachMessage: async ({ message }) => {
            seen.push({ ...JSON.parse(message.value!.toString()), contentType: message.headers?.['content-type']?.toString() });
            if (done(seen)) resolve();
          },
        });
      });
      await consumer.disconnect();
      return seen;
    }

    beforeAll(async () => {
      const registered = await sut.register('orders.placed.v1-value', { type: 'record', name: 'OrderPlaced', fields: [{ name: 'id', type: 'string' }] });
      expect(registered.status).toBe(200);
      events = await readEvents((seen) => seen.some((e) => e.type === 'io.charter.schema.registered'));
    }, 120_000);

    it('publishes CloudEvents 1.0 in JSON, with the structured-mode content type', () => {
      for (const e of events) {
        expect(e).toEqual({
          specversion: '1.0',
          id: expect.any(String),
          source: 'urn:charter:test',
          type: expect.stringMatching(/^io\.charter\.(schema\.registered|catalog\.changed|finding\.(opened|resolved))$/),
          subject: expect.any(String),
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          datacontenttype: 'application/json',
          data: expect.any(Object),
          contentType: CLOUDEVENTS_JSON,
        });
      }
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    });

    it('publishes a schema registration with its subject, version and id', () => {
      const e = events.find((x) => x.type === 'io.charter.schema.registered');
      expect(e).toMatchObject({ subject: 'orders.placed.v1-value', data: { subject: 'orders.placed.v1-value', context: '.', version: 1, id: expect.any(Number), schemaType: 'AVRO' } });
    });

    it('publishes every catalogue change with what changed and who changed it', () => {
      const changes = events.filter((x) => x.type === 'io.charter.catalog.changed');
      const created = changes.find((x) => x.subject === 'domain/orders');
      const owner = changes.find((x) => x.subject === 'topic/orders.shipped.v1' && x.data.action === 'update');

      expect(created).toMatchObject({ data: { entity: 'domain', key: 'orders', action: 'create', before: null, after: { name: 'orders' }, principal: expect.any(String) } });
      expect(owner).toMatchObject({ data: { changed: ['ownerTeam'], before: { ownerTeam: null }, after: { ownerTeam: 'orders-team' } } });
      expect(changes.map((x) => x.data.revision)).toEqual([...changes.map((x) => x.data.revision)].sort((a, b) => a - b));
    });

    it('publishes each finding when it opens and when it is resolved, and again when it reopens', () => {
      const missing = (type: string) =>
        events.filter((x) => x.type === type && x.data.kind === 'TOPIC_MISSING_FROM_CLUSTER' && x.data.topic === 'orders.cancelled.v1');
      const [opened] = missing('io.charter.finding.opened');
      const [resolved] = missing('io.charter.finding.resolved');
      const classification = events.filter((x) => x.data.kind === 'CLASSIFICATION_VIOLATION' && x.data.subject === 'public-access');

      expect(opened).toMatchObject({ subject: 'main/orders.cancelled.v1', data: { status: 'open', team: 'orders-team', severity: 'high', evidence: { lifecycle: 'active' } } });
      expect(resolved).toMatchObject({ subject: 'main/orders.cancelled.v1', data: { id: opened.data.id, status: 'resolved', resolvedAt: expect.any(String) } });
      expect(classification.map((x) => [x.type, x.data.reopened])).toEqual([
        ['io.charter.finding.opened', false],
        ['io.charter.finding.resolved', undefined],
        ['io.charter.finding.opened', true],
        ['io.charter.finding.resolved', undefined],
      ]);
    });

    it('never holds up or fails a registration when the events cluster cannot be reached', async () => {
      const isolated = await startCharter('sqlite', {
        KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9',
        KAFKA_SCAN_INTERVAL_SECONDS: '0',
        GOVERNANCE_EVENTS_TOPIC: 'charter.governance',
      });
      try {
        const res = await registry(isolated.url).register('unreachable-value', { type: 'string' });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: 1, version: 1 });
      } finally {
        await isolated.close();
      }
    });
  });

  describe('scheduled scans', () => {
    it('scans every cluster on its own when an interval is set, storing on PostgreSQL too', async () => {
      const scheduled = await startCharter('postgresql', {
        KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap,
        KAFKA_CLUSTER_NAME: 'main',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'admin',
        KAFKA_SASL_PASSWORD: broker.users.admin,
        KAFKA_SCAN_INTERVAL_SECONDS: '1',
      });
      try {
        const client = registry(scheduled.url);
        type Scan = { id: number; trigger: string; status: string; summary: { findings: { open: number; opened: number; resolved: number } } };
        let scans: Scan[] = [];
        // Two scheduled scans, the second seeing what the first did. Jest's timeout bounds the wait.
        while (scans.filter((x) => x.trigger === 'schedule' && x.status === 'succeeded').length < 2) {
          await new Promise((r) => setTimeout(r, 200));
          scans = (await client.get('/kafka/clusters/main/scans')).body;
        }
        const [second, first] = scans.filter((x) => x.trigger === 'schedule' && x.status === 'succeeded');
        // Nothing is catalogued on this Charter, so every topic on the cluster is a finding.
        expect(first.summary.findings.open).toBeGreaterThan(0);
        expect(second.summary.findings).toEqual({ open: first.summary.findings.open, opened: 0, reopened: 0, resolved: 0 });
        expect((await client.get('/kafka/findings?kind=TOPIC_NOT_IN_CATALOG&topic=orders.placed.v1')).body).toEqual([
          expect.objectContaining({ status: 'open', lastScanId: expect.any(Number) }),
        ]);
      } finally {
        await scheduled.close();
      }
    });
  });
});
