import { CatalogState } from '../../catalog/catalog-state';
import type { Application, Policy, Team, Topic, TopicClient } from '../../catalog/catalog.types';
import type { AclBinding, ClusterSnapshot, GroupSnapshot, TopicSnapshot } from '../scan/cluster-snapshot';
import { FINDING_KINDS, FindingKinds, type Finding } from './finding';
import { reconcileFindings, type KnownFinding } from './finding-reconciler';
import { auditCluster, type AuditOptions } from './ownership-audit';
import { holds, topicGrants } from './topic-grants';

const OPTIONS: AuditOptions = { lagThreshold: 100, lagThresholds: {}, ignoreTopics: /^_/ };

function topic(name: string, extra: Partial<Topic> = {}): Topic {
  return {
    name,
    domain: 'orders',
    ownerTeam: 'orders-team',
    description: null,
    lifecycle: 'active',
    partitions: null,
    replicationFactor: null,
    topicConfiguration: {},
    classification: null,
    tags: [],
    key: null,
    value: null,
    ...extra,
  };
}

function onCluster(name: string, extra: Partial<TopicSnapshot> = {}): TopicSnapshot {
  return {
    name,
    partitions: 1,
    replicationFactor: 1,
    configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
    defaults: ['cleanup.policy', 'retention.ms'],
    configsKnown: true,
    ...extra,
  };
}

function acl(principal: string, resourceName: string, operation: AclBinding['operation'], extra: Partial<AclBinding> = {}): AclBinding {
  return { resourceType: 'TOPIC', resourceName, patternType: 'LITERAL', principal, host: '*', operation, permission: 'ALLOW', ...extra };
}

function group(groupId: string, topicName: string, committed: number, end: number): GroupSnapshot {
  return {
    groupId,
    protocolType: 'consumer',
    state: 'Empty',
    members: [],
    offsets: [{ topic: topicName, partitions: [{ partition: 0, committed, end, lag: end - committed }], lag: end - committed }],
  };
}

function snapshot(extra: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return { cluster: 'main', clusterId: 'c1', brokers: 1, takenAt: '2026-01-01T00:00:00.000Z', topics: [], groups: [], acls: [], problems: [], ...extra };
}

const teams: Team[] = [
  { name: 'orders-team', domain: 'orders', description: null, contacts: [] },
  { name: 'billing-team', domain: 'billing', description: null, contacts: [] },
];
const apps: Application[] = [
  { name: 'order-service', domain: 'orders', ownerTeam: 'orders-team', description: null, principals: ['User:orders'], consumerGroups: [] },
  { name: 'billing', domain: 'billing', ownerTeam: 'billing-team', description: null, principals: ['User:billing'], consumerGroups: ['billing-readers'] },
];

function catalog(entries: { topics?: Topic[]; clients?: TopicClient[]; policies?: Policy[] } = {}): CatalogState {
  return CatalogState.of(1, {
    domain: [{ name: 'orders', description: null }, { name: 'billing', description: null }],
    team: teams,
    application: apps,
    topic: entries.topics ?? [],
    client: entries.clients ?? [],
    policy: entries.policies ?? [],
  });
}

const producer = (t: string, application: string): TopicClient => ({ topic: t, application, role: 'producer', consumerGroup: null });
const consumer = (t: string, application: string, consumerGroup: string | null = null): TopicClient => ({ topic: t, application, role: 'consumer', consumerGroup });

function only(findings: readonly Finding[], kind: string): Finding[] {
  return findings.filter((f) => f.kind === kind);
}

describe('auditCluster', () => {
  it('finds nothing when the cluster shows what the catalogue declares', () => {
    const sut = auditCluster(
      snapshot({
        topics: [onCluster('orders.placed')],
        groups: [group('billing-readers', 'orders.placed', 10, 10)],
        acls: [acl('User:orders', 'orders.placed', 'WRITE'), acl('User:billing', 'orders.placed', 'READ')],
      }),
      catalog({ topics: [topic('orders.placed')], clients: [producer('orders.placed', 'order-service'), consumer('orders.placed', 'billing', 'billing-readers')] }),
      OPTIONS,
    );

    expect(sut.findings).toEqual([]);
  });

  it('has a stable key per kind, cluster, topic and subject', () => {
    const sut = auditCluster(snapshot({ topics: [onCluster('stray')] }), catalog(), OPTIONS);
    expect(sut.findings.map((f) => f.key)).toEqual(['TOPIC_NOT_IN_CATALOG|main|stray|']);
  });

  it('asks the owner team, else a team of the domain, else the team of an application using the topic', () => {
    const sut = auditCluster(
      snapshot({
        topics: [onCluster('orders.owned'), onCluster('orders.unowned'), onCluster('billing.x'), onCluster('stray')],
        acls: [acl('User:billing', 'stray', 'WRITE')],
      }),
      catalog({ topics: [topic('orders.owned', { ownerTeam: 'orders-team' }), topic('orders.unowned', { ownerTeam: null })] }),
      OPTIONS,
    );
    const team = (kind: string, t: string) => sut.findings.find((f) => f.kind === kind && f.topic === t)?.team;

    expect(team(FindingKinds.TOPIC_WITHOUT_OWNER, 'orders.unowned')).toBe('orders-team');
    // Not catalogued, but its name starts with a catalogue domain.
    expect(team(FindingKinds.TOPIC_NOT_IN_CATALOG, 'billing.x')).toBe('billing-team');
    expect(team(FindingKinds.TOPIC_NOT_IN_CATALOG, 'stray')).toBe('billing-team');
  });

  it('reports active and deprecated catalogue topics missing from the cluster, not drafts or retired ones', () => {
    const sut = auditCluster(
      snapshot(),
      catalog({ topics: [topic('a', { lifecycle: 'active' }), topic('b', { lifecycle: 'deprecated' }), topic('c', { lifecycle: 'draft' }), topic('d', { lifecycle: 'retired' })] }),
      OPTIONS,
    );
    expect(only(sut.findings, FindingKinds.TOPIC_MISSING_FROM_CLUSTER).map((f) => [f.topic, f.severity])).toEqual([
      ['a', 'high'],
      ['b', 'medium'],
    ]);
  });

  it('compares partitions, replication and every declared config, cleanup.policy as a set', () => {
    const sut = auditCluster(
      snapshot({
        topics: [
          onCluster('t', {
            partitions: 6,
            replicationFactor: 3,
            configs: { 'cleanup.policy': 'delete,compact', 'retention.ms': '1000', 'min.insync.replicas': '1' },
          }),
        ],
      }),
      catalog({
        topics: [
          topic('t', {
            partitions: 6,
            replicationFactor: 2,
            topicConfiguration: { 'cleanup.policy': ['compact', 'delete'], 'retention.ms': 2000, 'min.insync.replicas': 2 },
          }),
        ],
      }),
      OPTIONS,
    );
    expect(only(sut.findings, FindingKinds.TOPIC_CONFIG_DRIFT).map((f) => f.evidence)).toEqual([
      { field: 'min.insync.replicas', declared: 2, actual: 1 },
      { field: 'replicationFactor', declared: 2, actual: 3 },
      { field: 'retention.ms', declared: 2000, actual: 1000 },
    ]);
  });

  it('judges naming with the catalogue policy, guessing an uncatalogued topic\'s domain from the template', () => {
    const naming: Policy = { name: 'names', kind: 'naming', domain: 'billing', severity: 'block', description: null, enabled: true, params: { target: 'topic', template: '{domain}.{event}' } };
    const sut = auditCluster(snapshot({ topics: [onCluster('billing.paid'), onCluster('billing_paid'), onCluster('orders.placed')] }), catalog({ policies: [naming] }), OPTIONS);

    // Only billing's policy: orders.placed is judged as a topic of domain orders.
    expect(only(sut.findings, FindingKinds.TOPIC_NAME_VIOLATION).map((f) => [f.topic, f.subject, f.severity])).toEqual([['billing_paid', 'names', 'high']]);
  });

  it('judges retention on what the cluster applies, for the classifications the policy names', () => {
    const retention: Policy = { name: 'short', kind: 'retention', domain: null, severity: 'warn', description: null, enabled: true, params: { classifications: ['restricted'], maxMs: 86_400_000 } };
    const sut = auditCluster(
      snapshot({ topics: [onCluster('secret', { configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' } }), onCluster('open')] }),
      catalog({ topics: [topic('secret', { classification: 'restricted', topicConfiguration: { 'retention.ms': 3_600_000 } }), topic('open')], policies: [retention] }),
      OPTIONS,
    );
    expect(only(sut.findings, FindingKinds.RETENTION_VIOLATION).map((f) => [f.topic, f.severity, f.evidence['retention.ms']])).toEqual([['secret', 'medium', 604_800_000]]);
  });

  it('reports a sensitive topic every user may read, and a topic lacking the classification a policy requires', () => {
    const required: Policy = { name: 'classified', kind: 'required-fields', domain: null, severity: 'warn', description: null, enabled: true, params: { target: 'topic', fields: ['classification'] } };
    const sut = auditCluster(
      snapshot({ topics: [onCluster('secret'), onCluster('plain')], acls: [acl('User:*', '*', 'READ')] }),
      catalog({ topics: [topic('secret', { classification: 'confidential' }), topic('plain')], policies: [required] }),
      OPTIONS,
    );
    expect(only(sut.findings, FindingKinds.CLASSIFICATION_VIOLATION).map((f) => [f.topic, f.subject])).toEqual([
      ['plain', 'policy:classified'],
      ['secret', 'public-access'],
    ]);
  });

  it('reports principals allowed to read or write without being a declared client, through literal, wildcard and prefixed ACLs', () => {
    const sut = auditCluster(
      snapshot({
        topics: [onCluster('orders.placed')],
        acls: [
          acl('User:orders', 'orders.placed', 'WRITE'),
          acl('User:orders', 'orders.placed', 'READ'),
          acl('User:spy', 'orders.', 'READ', { patternType: 'PREFIXED' }),
          acl('User:admin-tool', '*', 'ALL'),
          acl('User:billing', 'orders.placed', 'READ'),
        ],
      }),
      catalog({ topics: [topic('orders.placed')], clients: [producer('orders.placed', 'order-service'), consumer('orders.placed', 'billing')] }),
      OPTIONS,
    );
    expect(only(sut.findings, FindingKinds.UNDECLARED_ACL_PRINCIPAL).map((f) => f.subject)).toEqual([
      'User:admin-tool:READ',
      'User:admin-tool:WRITE',
      'User:orders:READ',
      'User:spy:READ',
    ]);
  });

  it('reports a declared producer without WRITE, counting a grant to every user', () => {
    const clients = [producer('t', 'order-service')];
    const without = auditCluster(snapshot({ topics: [onCluster('t')], acls: [acl('User:orders', 't', 'READ')] }), catalog({ topics: [topic('t')], clients }), OPTIONS);
    const viaWildcard = auditCluster(snapshot({ topics: [onCluster('t')], acls: [acl('User:*', 't', 'WRITE')] }), catalog({ topics: [topic('t')], clients }), OPTIONS);

    expect(only(without.findings, FindingKinds.DECLARED_PRODUCER_WITHOUT_WRITE).map((f) => f.subject)).toEqual(['order-service']);
    expect(only(viaWildcard.findings, FindingKinds.DECLARED_PRODUCER_WITHOUT_WRITE)).toEqual([]);
  });

  it('reports undeclared groups, declared consumers never seen, and lag above the threshold or the topic\'s own', () => {
    const sut = auditCluster(
      snapshot({ topics: [onCluster('a'), onCluster('b')], groups: [group('intruders', 'a', 0, 500), group('billing-readers', 'b', 0, 50)] }),
      catalog({ topics: [topic('a'), topic('b')], clients: [consumer('a', 'billing'), consumer('b', 'billing')] }),
      { ...OPTIONS, lagThresholds: { b: 10 } },
    );
    expect(sut.findings.filter((f) => f.kind !== FindingKinds.UNDECLARED_ACL_PRINCIPAL).map((f) => [f.kind, f.topic, f.subject])).toEqual([
      [FindingKinds.CONSUMER_LAG_ABOVE_THRESHOLD, 'a', 'intruders'],
      [FindingKinds.CONSUMER_LAG_ABOVE_THRESHOLD, 'b', 'billing-readers'],
      [FindingKinds.DECLARED_CONSUMER_NOT_SEEN, 'a', 'billing'],
      [FindingKinds.UNDECLARED_CONSUMER_GROUP, 'a', 'intruders'],
    ]);
  });

  it('sees a group reading a topic through its members\' subscription before it commits', () => {
    const g: GroupSnapshot = { groupId: 'new', protocolType: 'consumer', state: 'Stable', members: [{ memberId: 'm', clientId: 'c', host: '/1', subscribed: ['a'], assigned: {} }], offsets: [] };
    const sut = auditCluster(snapshot({ topics: [onCluster('a')], groups: [g] }), catalog({ topics: [topic('a')] }), OPTIONS);
    expect(only(sut.findings, FindingKinds.UNDECLARED_CONSUMER_GROUP).map((f) => f.subject)).toEqual(['new']);
  });

  it('leaves ignored topics alone, on the cluster and in the catalogue', () => {
    const sut = auditCluster(snapshot({ topics: [onCluster('__consumer_offsets'), onCluster('_schemas')] }), catalog({ topics: [topic('_internal')] }), OPTIONS);
    expect(sut.findings).toEqual([]);
  });

  it('does not judge what the scan could not read', () => {
    const sut = auditCluster(snapshot({ topics: [onCluster('t', { configs: {}, defaults: [], configsKnown: false })], groups: null, acls: null }), catalog({ topics: [topic('t')] }), OPTIONS);

    expect(sut.judged(FindingKinds.UNDECLARED_ACL_PRINCIPAL, 't', 'User:x:READ')).toBe(false);
    expect(sut.judged(FindingKinds.CLASSIFICATION_VIOLATION, 't', 'public-access')).toBe(false);
    expect(sut.judged(FindingKinds.CLASSIFICATION_VIOLATION, 't', 'policy:p')).toBe(true);
    expect(sut.judged(FindingKinds.CONSUMER_LAG_ABOVE_THRESHOLD, 't', 'g')).toBe(false);
    expect(sut.judged(FindingKinds.RETENTION_VIOLATION, 't', 'p')).toBe(false);
    expect(sut.judged(FindingKinds.TOPIC_CONFIG_DRIFT, 't', 'retention.ms')).toBe(false);
    expect(sut.judged(FindingKinds.TOPIC_CONFIG_DRIFT, 't', 'partitions')).toBe(true);
    expect(sut.judged(FindingKinds.TOPIC_CONFIG_DRIFT, 'other', 'retention.ms')).toBe(true);
  });

  it('knows twelve kinds', () => {
    expect(FINDING_KINDS).toHaveLength(12);
  });
});

describe('topicGrants', () => {
  it('lets a DENY for the principal, or for every user, cancel an ALLOW on the same host', () => {
    const sut = topicGrants('t', [
      acl('User:a', 't', 'READ'),
      acl('User:a', 't', 'READ', { permission: 'DENY' }),
      acl('User:b', 't', 'ALL'),
      acl('User:*', 't', 'WRITE', { permission: 'DENY' }),
      acl('User:c', 't', 'READ', { host: '10.0.0.1' }),
      acl('User:c', 't', 'READ', { host: '10.0.0.2', permission: 'DENY' }),
    ]);
    expect(sut.map((g) => `${g.principal}:${g.operation}`)).toEqual(['User:b:READ', 'User:c:READ']);
  });

  it('matches literal names, the * wildcard and prefixes, and nothing else', () => {
    const sut = topicGrants('orders.placed', [
      acl('User:a', 'orders.placed', 'WRITE'),
      acl('User:b', '*', 'WRITE'),
      acl('User:c', 'orders.', 'WRITE', { patternType: 'PREFIXED' }),
      acl('User:d', 'orders', 'WRITE'),
      acl('User:e', 'orders.placed', 'WRITE', { resourceType: 'GROUP' }),
      acl('User:f', 'orders.placed', 'DESCRIBE'),
    ]);
    expect(sut.map((g) => g.principal)).toEqual(['User:a', 'User:b', 'User:c']);
    expect(holds(sut, 'User:z', 'WRITE')).toBe(false);
  });
});

describe('reconcileFindings', () => {
  const finding = (key: string, message = 'm'): Finding => ({
    key, kind: FindingKinds.TOPIC_NOT_IN_CATALOG, severity: 'medium', cluster: 'main', topic: key, subject: '', team: null, message, evidence: {},
  });
  const known = (id: number, key: string, status: 'open' | 'resolved', message = 'm'): KnownFinding => ({
    id, key, kind: FindingKinds.TOPIC_NOT_IN_CATALOG, topic: key, subject: '', status, severity: 'medium', message,
  });

  it('opens new findings, reopens resolved ones seen again, resolves open ones no longer seen', () => {
    const sut = reconcileFindings([finding('new'), finding('back'), finding('still', 'changed')], [known(1, 'back', 'resolved'), known(2, 'still', 'open'), known(3, 'gone', 'open'), known(4, 'old', 'resolved')], () => true);

    expect(sut.opened.map((f) => f.key)).toEqual(['new']);
    expect(sut.reopened.map((r) => r.known.id)).toEqual([1]);
    expect(sut.seen).toEqual([expect.objectContaining({ changed: true })]);
    expect(sut.resolved.map((k) => k.id)).toEqual([3]);
  });

  it('keeps open what the scan could not judge', () => {
    expect(reconcileFindings([], [known(3, 'gone', 'open')], () => false).resolved).toEqual([]);
  });
});
