import { CatalogState } from '../../catalog/catalog-state';
import type { Application, Topic, TopicClient, TopicConfiguration } from '../../catalog/catalog.types';
import { compileTemplate } from '../../catalog/policies/naming-template';
import { evaluatePolicies, type Violation } from '../../catalog/policies/policy-engine';
import { parsePolicyParams, type NamingParams } from '../../catalog/policies/policy-params';
import type { ClusterSnapshot, GroupSnapshot, TopicSnapshot } from '../scan/cluster-snapshot';
import { findingKey, FindingKinds, type Finding, type FindingKind, type FindingSeverity } from './finding';
import { ANY_PRINCIPAL, holds, topicGrants, type TopicGrant } from './topic-grants';

/** How the audit judges one cluster beyond the catalogue. */
export interface AuditOptions {
  /** Lag above which a group is reported, unless `lagThresholds` names the topic. */
  readonly lagThreshold: number;
  readonly lagThresholds: Readonly<Record<string, number>>;
  /** Topics left alone (internal topics). */
  readonly ignoreTopics: RegExp;
}

export interface AuditResult {
  readonly findings: readonly Finding[];
  /**
   * Whether this audit judged findings of this kind and subject. A finding it did not judge
   * (say, because ACLs could not be read) must not be taken as gone.
   */
  readonly judged: (kind: FindingKind, topic: string, subject: string) => boolean;
}

const GROUP_KINDS: readonly FindingKind[] = [
  FindingKinds.UNDECLARED_CONSUMER_GROUP,
  FindingKinds.DECLARED_CONSUMER_NOT_SEEN,
  FindingKinds.CONSUMER_LAG_ABOVE_THRESHOLD,
];
const ACL_KINDS: readonly FindingKind[] = [FindingKinds.UNDECLARED_ACL_PRINCIPAL, FindingKinds.DECLARED_PRODUCER_WITHOUT_WRITE];
/** The subject of the classification finding that needs ACLs. */
const PUBLIC_ACCESS = 'public-access';
const SENSITIVE = new Set(['confidential', 'restricted']);
const EXPECTED_ON_CLUSTER = new Set(['active', 'deprecated']);

/**
 * The three-way check of a cluster: what the catalogue declares, what the ACLs permit and what
 * the cluster shows happening. Pure: a snapshot and the catalogue in, findings out. Each finding
 * names its topic, its evidence and the team to ask.
 */
export function auditCluster(snapshot: ClusterSnapshot, catalog: CatalogState, options: AuditOptions): AuditResult {
  return new OwnershipAudit(snapshot, catalog, options).run();
}

class OwnershipAudit {
  private readonly findings = new Map<string, Finding>();
  private readonly clients: Map<string, TopicClient[]>;
  private readonly appsByPrincipal = new Map<string, Application[]>();
  private readonly appsByGroup = new Map<string, Application[]>();
  private readonly readers: Map<string, GroupSnapshot[]>;
  private readonly namingTemplates: { template: ReturnType<typeof compileTemplate>; domainIndex: number }[];
  /** Per topic on the cluster: the applications whose principals may write it or whose groups read it. */
  private readonly usedBy = new Map<string, Application[]>();

  constructor(
    private readonly snapshot: ClusterSnapshot,
    private readonly catalog: CatalogState,
    private readonly options: AuditOptions,
  ) {
    this.clients = new Map();
    for (const c of catalog.all('client')) this.clients.set(c.topic, [...(this.clients.get(c.topic) ?? []), c]);
    for (const app of catalog.all('application')) {
      for (const p of app.principals) this.appsByPrincipal.set(p, [...(this.appsByPrincipal.get(p) ?? []), app]);
      for (const g of app.consumerGroups) this.appsByGroup.set(g, [...(this.appsByGroup.get(g) ?? []), app]);
    }
    for (const c of catalog.all('client')) {
      const app = catalog.get('application', c.application);
      if (c.consumerGroup && app && !(this.appsByGroup.get(c.consumerGroup) ?? []).includes(app)) {
        this.appsByGroup.set(c.consumerGroup, [...(this.appsByGroup.get(c.consumerGroup) ?? []), app]);
      }
    }
    this.readers = new Map();
    for (const g of snapshot.groups ?? []) {
      for (const topic of topicsRead(g)) this.readers.set(topic, [...(this.readers.get(topic) ?? []), g]);
    }
    this.namingTemplates = [];
    for (const p of catalog.all('policy')) {
      if (!p.enabled || p.kind !== 'naming') continue;
      const parsed = parsePolicyParams('naming', p.params);
      if (!('params' in parsed)) continue;
      const params = parsed.params as NamingParams;
      if (params.target !== 'topic' || params.template === undefined) continue;
      const template = compileTemplate(params.template);
      const domainIndex = template.placeholders.indexOf('domain');
      if (domainIndex >= 0) this.namingTemplates.push({ template, domainIndex });
    }
  }

  run(): AuditResult {
    const present = new Map(this.snapshot.topics.filter((t) => !this.options.ignoreTopics.test(t.name)).map((t) => [t.name, t]));
    for (const topic of present.values()) this.topicOnCluster(topic);
    for (const declared of this.catalog.all('topic')) {
      if (present.has(declared.name) || this.options.ignoreTopics.test(declared.name)) continue;
      if (EXPECTED_ON_CLUSTER.has(declared.lifecycle)) {
        this.add(FindingKinds.TOPIC_MISSING_FROM_CLUSTER, declared.name, '', declared.lifecycle === 'active' ? 'high' : 'medium', this.teamFor(declared.name),
          `Topic '${declared.name}' is ${declared.lifecycle} in the catalogue but the cluster does not have it.`,
          { lifecycle: declared.lifecycle, declared: declaredShape(declared) });
      }
    }
    const groupsKnown = this.snapshot.groups !== null;
    const configsUnknown = new Set(this.snapshot.topics.filter((t) => !t.configsKnown).map((t) => t.name));
    const aclsKnown = this.snapshot.acls !== null;
    const findings = [...this.findings.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      findings,
      judged: (kind, topic, subject) => {
        if (!groupsKnown && GROUP_KINDS.includes(kind)) return false;
        if (!aclsKnown && (ACL_KINDS.includes(kind) || (kind === FindingKinds.CLASSIFICATION_VIOLATION && subject === PUBLIC_ACCESS))) return false;
        if (configsUnknown.has(topic)) {
          if (kind === FindingKinds.RETENTION_VIOLATION) return false;
          if (kind === FindingKinds.TOPIC_CONFIG_DRIFT && subject !== 'partitions' && subject !== 'replicationFactor') return false;
        }
        return true;
      },
    };
  }

  private topicOnCluster(t: TopicSnapshot): void {
    const declared = this.catalog.get('topic', t.name);
    const grants = this.snapshot.acls ? topicGrants(t.name, this.snapshot.acls) : null;
    const readers = this.readers.get(t.name) ?? [];

    const writers = grants?.filter((g) => g.operation === 'WRITE') ?? [];
    const apps = unique([
      ...writers.flatMap((g) => this.appsByPrincipal.get(g.principal) ?? []),
      ...readers.flatMap((g) => this.appsByGroup.get(g.groupId) ?? []),
    ]).sort((a, b) => (a.name < b.name ? -1 : 1));
    this.usedBy.set(t.name, apps);

    if (!declared) {
      this.add(FindingKinds.TOPIC_NOT_IN_CATALOG, t.name, '', 'medium', this.teamFor(t.name, apps),
        `Topic '${t.name}' is on the cluster but not in the catalogue.`,
        {
          partitions: t.partitions,
          replicationFactor: t.replicationFactor,
          configs: setConfigs(t),
          writers: writers.map((g) => g.principal),
          readers: grants?.filter((g) => g.operation === 'READ').map((g) => g.principal) ?? [],
          consumerGroups: readers.map((g) => g.groupId),
          applications: apps.map((a) => a.name),
        });
    } else {
      if (!declared.ownerTeam) {
        this.add(FindingKinds.TOPIC_WITHOUT_OWNER, t.name, '', 'medium', this.teamFor(t.name),
          `Topic '${t.name}' is on the cluster but has no owner team in the catalogue.`,
          { domain: declared.domain, lifecycle: declared.lifecycle });
      }
      this.drift(t, declared);
    }
    this.policies(t, declared);
    if (grants) this.access(t, declared, grants);
    if (this.snapshot.groups) this.consumers(t, declared, readers);
  }

  /** Partitions, replication and configs: what the catalogue says against what the cluster has. */
  private drift(t: TopicSnapshot, declared: Topic): void {
    const differences: { field: string; declared: unknown; actual: unknown }[] = [];
    if (declared.partitions !== null && declared.partitions !== t.partitions) {
      differences.push({ field: 'partitions', declared: declared.partitions, actual: t.partitions });
    }
    if (declared.replicationFactor !== null && declared.replicationFactor !== t.replicationFactor) {
      differences.push({ field: 'replicationFactor', declared: declared.replicationFactor, actual: t.replicationFactor });
    }
    for (const [name, value] of Object.entries(declared.topicConfiguration) as [keyof TopicConfiguration, unknown][]) {
      if (value === undefined) continue;
      const actual = t.configs[name];
      if (actual === undefined || actual === null) continue;
      if (name === 'cleanup.policy') {
        const want = [...(value as string[])].sort().join(',');
        const have = actual.split(',').map((s) => s.trim()).filter(Boolean).sort().join(',');
        if (want !== have) differences.push({ field: name, declared: value, actual: have.split(',') });
      } else if (Number(actual) !== value) {
        differences.push({ field: name, declared: value, actual: Number.isFinite(Number(actual)) ? Number(actual) : actual });
      }
    }
    for (const d of differences) {
      const where = d.field === 'partitions' || d.field === 'replicationFactor' ? d.field : `config ${d.field}`;
      this.add(FindingKinds.TOPIC_CONFIG_DRIFT, t.name, d.field, d.field === 'partitions' || d.field === 'replicationFactor' ? 'high' : 'medium', this.teamFor(t.name),
        `Topic '${t.name}' has ${where} ${JSON.stringify(d.actual)} on the cluster; the catalogue declares ${JSON.stringify(d.declared)}.`,
        d);
    }
  }

  /** Naming, retention and classification policies, judged on the topic as the cluster has it. */
  private policies(t: TopicSnapshot, declared: Topic | undefined): void {
    const onCluster: Topic = {
      name: t.name,
      domain: declared?.domain ?? this.guessDomain(t.name) ?? '',
      ownerTeam: declared?.ownerTeam ?? null,
      description: declared?.description ?? null,
      lifecycle: declared?.lifecycle ?? 'active',
      partitions: t.partitions,
      replicationFactor: t.replicationFactor,
      topicConfiguration: actualConfiguration(t),
      classification: declared?.classification ?? null,
      tags: declared?.tags ?? [],
      key: declared?.key ?? null,
      value: declared?.value ?? null,
    };
    const state = CatalogState.of(0, { topic: [onCluster], policy: this.catalog.all('policy') });
    // Without the configs the cluster applies, retention cannot be judged.
    const kinds = t.configsKnown ? (['naming', 'retention', 'required-fields'] as const) : (['naming', 'required-fields'] as const);
    const violations = evaluatePolicies({ state, targets: [{ type: 'topic', key: t.name }], facts: new Map(), kinds: [...kinds] });
    const severity = (v: Violation): FindingSeverity => (v.severity === 'block' ? 'high' : 'medium');
    for (const v of violations) {
      const evidence = { policy: v.policy, field: v.field, fix: v.fix };
      if (v.kind === 'naming') {
        this.add(FindingKinds.TOPIC_NAME_VIOLATION, t.name, v.policy, severity(v), this.teamFor(t.name), v.message, evidence);
      } else if (v.kind === 'retention') {
        this.add(FindingKinds.RETENTION_VIOLATION, t.name, v.policy, severity(v), this.teamFor(t.name), v.message.replace(/^Retention of/, 'On the cluster, retention of'), {
          ...evidence,
          'retention.ms': onCluster.topicConfiguration['retention.ms'] ?? null,
          'cleanup.policy': onCluster.topicConfiguration['cleanup.policy'] ?? null,
          classification: onCluster.classification,
        });
      } else if (v.kind === 'required-fields' && v.field === 'classification' && declared) {
        this.add(FindingKinds.CLASSIFICATION_VIOLATION, t.name, `policy:${v.policy}`, severity(v), this.teamFor(t.name),
          `Topic '${t.name}' is on the cluster without a classification, which policy '${v.policy}' requires.`, evidence);
      }
    }
  }

  /** What the ACLs permit against who the catalogue declares. */
  private access(t: TopicSnapshot, declared: Topic | undefined, grants: readonly TopicGrant[]): void {
    const clients = this.clients.get(t.name) ?? [];
    const declaredPrincipals = (role: 'producer' | 'consumer') =>
      new Set(clients.filter((c) => c.role === role).flatMap((c) => this.catalog.get('application', c.application)?.principals ?? []));
    const producers = declaredPrincipals('producer');
    const consumers = declaredPrincipals('consumer');
    const sensitive = !!declared?.classification && SENSITIVE.has(declared.classification);

    for (const g of grants) {
      const allowedBy = g.operation === 'WRITE' ? producers : consumers;
      if (allowedBy.has(g.principal)) continue;
      const apps = this.appsByPrincipal.get(g.principal) ?? [];
      const role = g.operation === 'WRITE' ? 'producer' : 'consumer';
      this.add(FindingKinds.UNDECLARED_ACL_PRINCIPAL, t.name, `${g.principal}:${g.operation}`,
        g.operation === 'WRITE' || sensitive ? 'high' : 'medium', this.teamFor(t.name, apps),
        `${g.principal} may ${g.operation} topic '${t.name}' but is the principal of no declared ${role} of it.`,
        { principal: g.principal, operation: g.operation, bindings: g.bindings, applications: apps.map((a) => a.name) });
    }

    for (const c of clients.filter((x) => x.role === 'producer')) {
      const app = this.catalog.get('application', c.application);
      const principals = app?.principals ?? [];
      if (principals.some((p) => holds(grants, p, 'WRITE'))) continue;
      this.add(FindingKinds.DECLARED_PRODUCER_WITHOUT_WRITE, t.name, c.application, 'medium', this.teamFor(t.name, app ? [app] : []),
        principals.length
          ? `Application '${c.application}' is a declared producer of topic '${t.name}' but none of its principals may WRITE it.`
          : `Application '${c.application}' is a declared producer of topic '${t.name}' but declares no principal, so none may WRITE it.`,
        { application: c.application, principals, writers: grants.filter((g) => g.operation === 'WRITE').map((g) => g.principal) });
    }

    if (sensitive) {
      const open = grants.filter((g) => g.principal === ANY_PRINCIPAL);
      if (open.length) {
        this.add(FindingKinds.CLASSIFICATION_VIOLATION, t.name, PUBLIC_ACCESS, 'high', this.teamFor(t.name),
          `Topic '${t.name}' is ${declared!.classification} but every user may ${open.map((g) => g.operation).join(' and ')} it.`,
          { classification: declared!.classification, grants: open.map((g) => ({ operation: g.operation, bindings: g.bindings })) });
      }
    }
  }

  /** Consumer groups the cluster shows against the consumers the catalogue declares. */
  private consumers(t: TopicSnapshot, declared: Topic | undefined, readers: readonly GroupSnapshot[]): void {
    const consumers = (this.clients.get(t.name) ?? []).filter((c) => c.role === 'consumer');
    const groupsOf = (c: TopicClient): readonly string[] =>
      c.consumerGroup ? [c.consumerGroup] : (this.catalog.get('application', c.application)?.consumerGroups ?? []);
    const declaredGroups = new Set(consumers.flatMap(groupsOf));
    const sensitive = !!declared?.classification && SENSITIVE.has(declared.classification);

    for (const g of readers) {
      const offsets = g.offsets.find((o) => o.topic === t.name);
      const evidence = {
        groupId: g.groupId,
        state: g.state,
        members: g.members.map((m) => ({ clientId: m.clientId, host: m.host, memberId: m.memberId })),
        lag: offsets?.lag ?? null,
        partitions: offsets?.partitions ?? [],
      };
      if (!declaredGroups.has(g.groupId)) {
        const apps = this.appsByGroup.get(g.groupId) ?? [];
        this.add(FindingKinds.UNDECLARED_CONSUMER_GROUP, t.name, g.groupId, sensitive ? 'high' : 'medium', this.teamFor(t.name, apps),
          `Consumer group '${g.groupId}' reads topic '${t.name}' but no declared consumer of it owns the group.`,
          { ...evidence, applications: apps.map((a) => a.name) });
      }
      const threshold = this.options.lagThresholds[t.name] ?? this.options.lagThreshold;
      if (offsets && offsets.lag > threshold) {
        const apps = this.appsByGroup.get(g.groupId) ?? [];
        this.add(FindingKinds.CONSUMER_LAG_ABOVE_THRESHOLD, t.name, g.groupId, 'medium', this.teamFor(t.name, apps),
          `Consumer group '${g.groupId}' is more than ${threshold} records behind on topic '${t.name}'.`,
          { ...evidence, threshold, applications: apps.map((a) => a.name) });
      }
    }

    const reading = new Set(readers.map((g) => g.groupId));
    for (const c of consumers) {
      const groups = groupsOf(c);
      if (groups.some((g) => reading.has(g))) continue;
      const app = this.catalog.get('application', c.application);
      const known = (this.snapshot.groups ?? []).filter((g) => groups.includes(g.groupId));
      this.add(FindingKinds.DECLARED_CONSUMER_NOT_SEEN, t.name, c.application, 'low', this.teamFor(t.name, app ? [app] : []),
        groups.length
          ? `Application '${c.application}' is a declared consumer of topic '${t.name}' but its group${groups.length === 1 ? '' : 's'} ${groups.map((g) => `'${g}'`).join(', ')} ${groups.length === 1 ? 'has' : 'have'} never read it.`
          : `Application '${c.application}' is a declared consumer of topic '${t.name}' but names no consumer group, so it cannot be seen.`,
        { application: c.application, consumerGroups: groups, groupsOnCluster: known.map((g) => ({ groupId: g.groupId, state: g.state, topics: g.offsets.map((o) => o.topic) })) });
    }
  }

  private add(kind: FindingKind, topic: string, subject: string, severity: FindingSeverity, team: string | null, message: string, evidence: Record<string, unknown>): void {
    const key = findingKey(kind, this.snapshot.cluster, topic, subject);
    this.findings.set(key, { key, kind, severity, cluster: this.snapshot.cluster, topic, subject, team, message, evidence });
  }

  /**
   * The team to ask about a topic: its owner, else a team of its domain, else the team of an
   * application involved (those given, else those that write or read the topic).
   */
  private teamFor(topic: string, given: readonly Application[] = []): string | null {
    const apps = given.length ? given : (this.usedBy.get(topic) ?? []);
    const declared = this.catalog.get('topic', topic);
    if (declared?.ownerTeam) return declared.ownerTeam;
    const domain = declared?.domain ?? this.guessDomain(topic);
    if (domain) {
      const team = this.catalog.all('team').find((t) => t.domain === domain);
      if (team) return team.name;
    }
    return apps.map((a) => a.ownerTeam).sort()[0] ?? null;
  }

  /**
   * The domain an uncatalogued topic's name points to: a catalogue domain it starts with
   * (`orders.` / `orders_` / `orders-`), else what a naming template's {domain} matches.
   */
  private guessDomain(name: string): string | undefined {
    const domains = this.catalog.all('domain').map((d) => d.name).sort((a, b) => b.length - a.length);
    const prefixed = domains.find((d) => name.length > d.length && name.startsWith(d) && '._-'.includes(name[d.length]));
    if (prefixed) return prefixed;
    for (const { template, domainIndex } of this.namingTemplates) {
      const m = template.regex.exec(name);
      if (m) return m[domainIndex + 1];
    }
    return undefined;
  }
}

/** Topics a group reads: those it committed offsets for, or subscribed to, or was assigned. */
function topicsRead(g: GroupSnapshot): Set<string> {
  const topics = new Set(g.offsets.map((o) => o.topic));
  for (const m of g.members) {
    m.subscribed.forEach((t) => topics.add(t));
    Object.keys(m.assigned).forEach((t) => topics.add(t));
  }
  return topics;
}

/** The retention and cleanup policy the cluster applies, in the catalogue's shape. */
function actualConfiguration(t: TopicSnapshot): TopicConfiguration {
  const out: Record<string, unknown> = {};
  const retention = t.configs['retention.ms'];
  if (retention !== undefined && retention !== null && Number.isFinite(Number(retention))) out['retention.ms'] = Number(retention);
  const cleanup = t.configs['cleanup.policy'];
  if (cleanup) out['cleanup.policy'] = cleanup.split(',').map((s) => s.trim()).filter(Boolean).sort();
  return out as TopicConfiguration;
}

/** The configs set on the topic itself (not broker defaults). */
function setConfigs(t: TopicSnapshot): Record<string, string | null> {
  return Object.fromEntries(Object.entries(t.configs).filter(([k]) => !t.defaults.includes(k)));
}

function declaredShape(t: Topic): Record<string, unknown> {
  return { partitions: t.partitions, replicationFactor: t.replicationFactor, topicConfiguration: t.topicConfiguration };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
