import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  AssignerProtocol,
  ConfigResourceTypes,
  ResourcePatternTypes,
  type Admin,
} from 'kafkajs';
import {
  COMPARED_CONFIGS,
  type AclBinding,
  type ClusterSnapshot,
  type GroupMemberSnapshot,
  type GroupSnapshot,
  type GroupTopicOffsets,
  type TopicSnapshot,
} from './cluster-snapshot';

/** kafkajs' numeric codes, by name, turned back into names. */
const nameOf = <T extends Record<string, number | string>>(e: T) =>
  new Map(Object.entries(e).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v as number, k]));
const OPERATIONS = nameOf(AclOperationTypes as unknown as Record<string, number>);
const PERMISSIONS = nameOf(AclPermissionTypes as unknown as Record<string, number>);
const RESOURCES = nameOf(AclResourceTypes as unknown as Record<string, number>);
const PATTERNS = nameOf(ResourcePatternTypes as unknown as Record<string, number>);

/** describeConfigs' source of a value set on the topic itself (DescribeConfigs v1+). */
const TOPIC_CONFIG_SOURCE = 1;
/** Requests per batch, and batches in flight, so a large cluster is read without a storm. */
const BATCH = 50;
const PARALLEL = 4;

/**
 * Reads what a cluster shows with an admin client: topics (partitions, replication, configs),
 * consumer groups (members, subscriptions, committed offsets and lag) and ACLs. Topics must be
 * readable; groups and ACLs that cannot be read are left out and named in `problems`.
 */
export async function scanCluster(admin: Admin, cluster: string, now: Date = new Date()): Promise<ClusterSnapshot> {
  const problems: string[] = [];
  const described = await admin.describeCluster();
  const topics = await readTopics(admin, problems);
  const ends = new Map<string, Promise<Map<number, number>>>();
  const endOffsets = (topic: string) => {
    let p = ends.get(topic);
    if (!p) {
      p = admin.fetchTopicOffsets(topic).then((list) => new Map(list.map((o) => [o.partition, Number(o.high)])));
      ends.set(topic, p);
    }
    return p;
  };
  const known = new Set(topics.map((t) => t.name));

  let groups: GroupSnapshot[] | null = null;
  try {
    groups = await readGroups(admin, known, endOffsets);
  } catch (e) {
    problems.push(`consumer groups could not be read: ${(e as Error).message}`);
  }

  let acls: AclBinding[] | null = null;
  try {
    acls = await readAcls(admin);
  } catch (e) {
    problems.push(`ACLs could not be read: ${(e as Error).message}`);
  }

  return {
    cluster,
    clusterId: described.clusterId,
    brokers: described.brokers.length,
    takenAt: now.toISOString(),
    topics,
    // null tells the audit not to judge what needs them (it would resolve findings it cannot see).
    groups,
    acls,
    problems,
  };
}

async function readTopics(admin: Admin, problems: string[]): Promise<TopicSnapshot[]> {
  const names = (await admin.listTopics()).sort();
  if (!names.length) return [];
  const metadata = new Map<string, { partitions: number; replicationFactor: number }>();
  for (const batch of chunks(names, BATCH * 4)) {
    const { topics } = await admin.fetchTopicMetadata({ topics: batch });
    for (const t of topics) {
      metadata.set(t.name, {
        partitions: t.partitions.length,
        replicationFactor: Math.max(0, ...t.partitions.map((p) => p.replicas.length)),
      });
    }
  }
  const configs = new Map<string, { configs: Record<string, string | null>; defaults: string[] }>();
  const describe = async (batch: string[]) => {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: batch.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
    });
    for (const r of described.resources) {
      const out: Record<string, string | null> = {};
      const defaults: string[] = [];
      for (const e of r.configEntries as (typeof r.configEntries[number] & { configSource?: number })[]) {
        const setOnTopic = e.configSource !== undefined ? e.configSource === TOPIC_CONFIG_SOURCE : !e.isDefault;
        if (!setOnTopic && !(COMPARED_CONFIGS as readonly string[]).includes(e.configName)) continue;
        out[e.configName] = e.isSensitive ? null : e.configValue;
        if (!setOnTopic) defaults.push(e.configName);
      }
      configs.set(r.resourceName, { configs: sortKeys(out), defaults: defaults.sort() });
    }
  };
  const unreadable: string[] = [];
  let firstError = '';
  await forEachLimited(chunks(names, BATCH), PARALLEL, async (batch) => {
    try {
      await describe(batch);
    } catch {
      // One topic the principal may not describe fails the whole request: ask topic by topic.
      for (const name of batch) {
        try {
          await describe([name]);
        } catch (e) {
          unreadable.push(name);
          firstError ||= (e as Error).message;
        }
      }
    }
  });
  if (unreadable.length) problems.push(`configs of ${unreadable.length} topic(s) could not be read (${firstError}): ${unreadable.sort().slice(0, 20).join(', ')}`);
  return names
    .filter((n) => metadata.has(n))
    .map((name) => ({
      name,
      ...metadata.get(name)!,
      configs: configs.get(name)?.configs ?? {},
      defaults: configs.get(name)?.defaults ?? [],
      configsKnown: configs.has(name),
    }));
}

async function readGroups(
  admin: Admin,
  topics: ReadonlySet<string>,
  endOffsets: (topic: string) => Promise<Map<number, number>>,
): Promise<GroupSnapshot[]> {
  const listed = (await admin.listGroups()).groups.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
  const out: GroupSnapshot[] = [];
  for (const batch of chunks(listed, BATCH)) {
    const { groups } = await admin.describeGroups(batch.map((g) => g.groupId));
    const byId = new Map(groups.map((g) => [g.groupId, g]));
    await forEachLimited(batch, PARALLEL, async (g) => {
      const d = byId.get(g.groupId);
      const protocolType = d?.protocolType ?? g.protocolType ?? '';
      const members = (d?.members ?? []).map((m) => member(m, protocolType));
      const committed = await admin.fetchOffsets({ groupId: g.groupId });
      const offsets: GroupTopicOffsets[] = [];
      for (const t of committed) {
        if (!topics.has(t.topic)) continue;
        const ends = await endOffsets(t.topic);
        const partitions = t.partitions
          .map((p) => {
            const c = Number(p.offset);
            const end = ends.get(p.partition) ?? 0;
            return { partition: p.partition, committed: c, end, lag: c >= 0 ? Math.max(0, end - c) : null };
          })
          .sort((a, b) => a.partition - b.partition);
        if (!partitions.some((p) => p.committed >= 0)) continue;
        offsets.push({ topic: t.topic, partitions, lag: partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0) });
      }
      offsets.sort((a, b) => (a.topic < b.topic ? -1 : 1));
      out.push({ groupId: g.groupId, protocolType, state: d?.state ?? 'Unknown', members, offsets });
    });
  }
  return out.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

function member(m: { memberId: string; clientId: string; clientHost: string; memberMetadata: Buffer; memberAssignment: Buffer }, protocolType: string): GroupMemberSnapshot {
  let subscribed: string[] = [];
  let assigned: Record<string, number[]> = {};
  // Only the consumer protocol's metadata is a subscription (Connect and others use their own).
  if (protocolType === 'consumer') {
    try {
      subscribed = [...(AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.topics ?? [])].sort();
    } catch {
      /* a client with another encoding: the subscription stays unknown */
    }
    try {
      const a = AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {};
      assigned = Object.fromEntries(Object.entries(a).map(([t, ps]) => [t, [...(ps as number[])].sort((x, y) => x - y)]));
    } catch {
      /* likewise */
    }
  }
  return { memberId: m.memberId, clientId: m.clientId, host: m.clientHost, subscribed, assigned: sortKeys(assigned) };
}

async function readAcls(admin: Admin): Promise<AclBinding[]> {
  const described = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const out: AclBinding[] = [];
  for (const r of described.resources) {
    for (const a of r.acls) {
      out.push({
        resourceType: (RESOURCES.get(r.resourceType) ?? 'UNKNOWN') as AclBinding['resourceType'],
        resourceName: r.resourceName,
        patternType: (PATTERNS.get(r.resourcePatternType) ?? 'UNKNOWN') as AclBinding['patternType'],
        principal: a.principal,
        host: a.host,
        operation: (OPERATIONS.get(a.operation) ?? 'UNKNOWN') as AclBinding['operation'],
        permission: (PERMISSIONS.get(a.permissionType) ?? 'UNKNOWN') as AclBinding['permission'],
      });
    }
  }
  const key = (b: AclBinding) => `${b.resourceType}\u0000${b.resourceName}\u0000${b.patternType}\u0000${b.principal}\u0000${b.operation}\u0000${b.permission}\u0000${b.host}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

function sortKeys<V>(o: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
