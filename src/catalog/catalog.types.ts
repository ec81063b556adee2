/**
 * The catalogue's vocabulary: what an entry is, independent of HTTP, YAML and the database.
 * Entries are plain immutable data keyed by name; references between them are by name.
 */

export const LIFECYCLES = ['draft', 'active', 'deprecated', 'retired'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** Ordered from least to most sensitive. */
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Confluent's subject name strategies (io.confluent.kafka.serializers.subject.*). */
export const SUBJECT_NAME_STRATEGIES = ['TopicNameStrategy', 'RecordNameStrategy', 'TopicRecordNameStrategy'] as const;
export type SubjectNameStrategy = (typeof SUBJECT_NAME_STRATEGIES)[number];

export const CONTACT_KINDS = ['email', 'slack', 'teams', 'url', 'pager', 'phone', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const CLIENT_ROLES = ['producer', 'consumer'] as const;
export type ClientRole = (typeof CLIENT_ROLES)[number];

/** The part of a record a subject describes. */
export type SchemaRole = 'key' | 'value';

export interface Domain {
  readonly name: string;
  readonly description: string | null;
}

export interface Contact {
  readonly kind: ContactKind;
  readonly value: string;
}

export interface Team {
  readonly name: string;
  readonly domain: string;
  readonly description: string | null;
  readonly contacts: readonly Contact[];
}

export interface Application {
  readonly name: string;
  readonly domain: string;
  readonly ownerTeam: string;
  readonly description: string | null;
  /** Kafka principals it authenticates as, e.g. `User:orders-service`. */
  readonly principals: readonly string[];
  readonly consumerGroups: readonly string[];
}

/** The topic settings AsyncAPI's Kafka channel binding carries (`topicConfiguration`), plus min.insync.replicas. */
export interface TopicConfiguration {
  readonly 'cleanup.policy'?: readonly ('delete' | 'compact')[];
  readonly 'retention.ms'?: number;
  readonly 'retention.bytes'?: number;
  readonly 'delete.retention.ms'?: number;
  readonly 'max.message.bytes'?: number;
  readonly 'min.insync.replicas'?: number;
}

export const TOPIC_CONFIGURATION_KEYS = [
  'cleanup.policy',
  'retention.ms',
  'retention.bytes',
  'delete.retention.ms',
  'max.message.bytes',
  'min.insync.replicas',
] as const;

/**
 * How a topic's key or value finds its subjects. TopicNameStrategy gives one subject
 * (`<topic>-value`); the record strategies give one per record type the topic carries.
 */
export interface SchemaBinding {
  readonly strategy: SubjectNameStrategy;
  /** Fully qualified record names (RecordNameStrategy, TopicRecordNameStrategy); empty otherwise. */
  readonly records: readonly string[];
}

export interface Topic {
  readonly name: string;
  readonly domain: string;
  readonly ownerTeam: string | null;
  readonly description: string | null;
  readonly lifecycle: Lifecycle;
  readonly partitions: number | null;
  readonly replicationFactor: number | null;
  readonly topicConfiguration: TopicConfiguration;
  readonly classification: Classification | null;
  readonly tags: readonly string[];
  /** null when keys carry no registered schema. */
  readonly key: SchemaBinding | null;
  /** null when values carry no registered schema. */
  readonly value: SchemaBinding | null;
}

export interface CatalogEvent {
  readonly name: string;
  readonly topic: string;
  readonly description: string | null;
  readonly subject: string;
  /** The subject versions that describe this event, inclusive; null for open ends. */
  readonly minVersion: number | null;
  readonly maxVersion: number | null;
}

/** An application producing to, or consuming from, a topic. */
export interface TopicClient {
  readonly topic: string;
  readonly application: string;
  readonly role: ClientRole;
  readonly consumerGroup: string | null;
}

/** Tags the catalogue adds to one field of a subject's schemas (the field is named by its path). */
export interface FieldTagEntry {
  readonly subject: string;
  readonly path: string;
  readonly tags: readonly string[];
}

export const POLICY_KINDS = ['naming', 'retention', 'required-fields', 'pii-tagging', 'compatibility'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/** Kinds checked against schemas, and so also when a schema is registered under a bound subject. */
export const SCHEMA_RULE_KINDS: readonly PolicyKind[] = ['pii-tagging', 'compatibility'];

export const SEVERITIES = ['warn', 'block'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Policy {
  readonly name: string;
  readonly kind: PolicyKind;
  /** The domain it applies to; null for every domain. */
  readonly domain: string | null;
  readonly severity: Severity;
  readonly description: string | null;
  readonly enabled: boolean;
  /** The kind's parameters (see policies/policy-params.ts), validated when the policy is written. */
  readonly params: Readonly<Record<string, unknown>>;
}

/** Everything the catalogue stores, by entity type. */
export interface EntityMap {
  domain: Domain;
  team: Team;
  application: Application;
  topic: Topic;
  event: CatalogEvent;
  client: TopicClient;
  'field-tag': FieldTagEntry;
  policy: Policy;
}
export type EntityType = keyof EntityMap;
export type Entity = EntityMap[EntityType];

export const ENTITY_TYPES: readonly EntityType[] = ['domain', 'team', 'application', 'topic', 'event', 'client', 'field-tag', 'policy'];

/** What a catalogue write does to one entry: create (no before), delete (no after) or update. */
export interface Change<T extends EntityType = EntityType> {
  readonly type: T;
  readonly key: string;
  readonly before: EntityMap[T] | null;
  readonly after: EntityMap[T] | null;
}

/** An entry of the write history. */
export interface HistoryRecord {
  readonly id: number;
  readonly type: EntityType;
  readonly key: string;
  readonly action: 'create' | 'update' | 'delete';
  readonly before: unknown;
  readonly after: unknown;
  readonly principal: string;
  readonly revision: number;
  readonly at: Date;
}
