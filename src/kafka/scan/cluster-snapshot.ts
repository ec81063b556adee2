/**
 * What one scan saw on a cluster: plain data, independent of kafkajs, stored as JSON with the
 * scan and judged by the audit (src/kafka/audit).
 */

export const ACL_OPERATIONS = [
  'UNKNOWN', 'ANY', 'ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE',
  'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE',
] as const;
export type AclOperation = (typeof ACL_OPERATIONS)[number];

export type AclResourceType = 'UNKNOWN' | 'ANY' | 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID' | 'DELEGATION_TOKEN' | 'USER';
export type AclPatternType = 'UNKNOWN' | 'ANY' | 'MATCH' | 'LITERAL' | 'PREFIXED';

/** One ACL binding: a resource pattern and an access control entry. */
export interface AclBinding {
  readonly resourceType: AclResourceType;
  readonly resourceName: string;
  readonly patternType: AclPatternType;
  readonly principal: string;
  readonly host: string;
  readonly operation: AclOperation;
  readonly permission: 'ALLOW' | 'DENY' | 'UNKNOWN' | 'ANY';
}

export interface TopicSnapshot {
  readonly name: string;
  readonly partitions: number;
  /** Replicas of the partition with the most (partitions normally agree). */
  readonly replicationFactor: number;
  /** Configs the topic sets, and those the audit compares, by name (null: the broker hides the value). */
  readonly configs: Readonly<Record<string, string | null>>;
  /** The configs among `configs` that are the broker's defaults rather than set on the topic. */
  readonly defaults: readonly string[];
  /** false when the configs could not be read (no DESCRIBE_CONFIGS): `configs` is then empty. */
  readonly configsKnown: boolean;
}

export interface GroupMemberSnapshot {
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  /** Topics the member subscribed to (from the consumer protocol's metadata). */
  readonly subscribed: readonly string[];
  /** Partitions assigned to the member, per topic. */
  readonly assigned: Readonly<Record<string, readonly number[]>>;
}

export interface PartitionLag {
  readonly partition: number;
  /** The committed offset, or -1 when the group committed none for this partition. */
  readonly committed: number;
  /** The partition's end offset (high watermark). */
  readonly end: number;
  /** end - committed; null without a committed offset. */
  readonly lag: number | null;
}

export interface GroupTopicOffsets {
  readonly topic: string;
  readonly partitions: readonly PartitionLag[];
  /** The sum of the partitions' known lag. */
  readonly lag: number;
}

export interface GroupSnapshot {
  readonly groupId: string;
  readonly protocolType: string;
  readonly state: string;
  readonly members: readonly GroupMemberSnapshot[];
  /** Committed offsets and lag, per topic the group committed offsets for. */
  readonly offsets: readonly GroupTopicOffsets[];
}

export interface ClusterSnapshot {
  readonly cluster: string;
  readonly clusterId: string;
  readonly brokers: number;
  readonly takenAt: string;
  readonly topics: readonly TopicSnapshot[];
  /** Every consumer group, or null when they could not be read. */
  readonly groups: readonly GroupSnapshot[] | null;
  /** Every ACL binding, or null when they could not be read (no authorizer, or not allowed). */
  readonly acls: readonly AclBinding[] | null;
  /** What could not be read, in words (the audit then leaves the kinds that need it alone). */
  readonly problems: readonly string[];
}

/** The topic configs every scan reads, whether set or default: those the catalogue declares. */
export const COMPARED_CONFIGS = [
  'cleanup.policy',
  'retention.ms',
  'retention.bytes',
  'delete.retention.ms',
  'max.message.bytes',
  'min.insync.replicas',
] as const;
