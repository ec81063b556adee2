/**
 * The ownership audit's vocabulary: what kinds of findings there are and what one says.
 * Pure data; stored by src/kafka/findings, published by src/kafka/events.
 */

export const FindingKinds = {
  /** A topic on the cluster that the catalogue does not know. */
  TOPIC_NOT_IN_CATALOG: 'TOPIC_NOT_IN_CATALOG',
  /** A catalogued topic on the cluster with no owner team. */
  TOPIC_WITHOUT_OWNER: 'TOPIC_WITHOUT_OWNER',
  /** An active (or deprecated) catalogue topic that the cluster does not have. */
  TOPIC_MISSING_FROM_CLUSTER: 'TOPIC_MISSING_FROM_CLUSTER',
  /** A topic name that breaks a naming policy. */
  TOPIC_NAME_VIOLATION: 'TOPIC_NAME_VIOLATION',
  /** Partitions, replication or a config on the cluster that differ from the catalogue. */
  TOPIC_CONFIG_DRIFT: 'TOPIC_CONFIG_DRIFT',
  /** The retention the cluster applies breaks a retention policy. */
  RETENTION_VIOLATION: 'RETENTION_VIOLATION',
  /** Access or declarations that break what the topic's classification requires. */
  CLASSIFICATION_VIOLATION: 'CLASSIFICATION_VIOLATION',
  /** A consumer group reading a topic that no declared consumer owns. */
  UNDECLARED_CONSUMER_GROUP: 'UNDECLARED_CONSUMER_GROUP',
  /** A declared consumer whose group the cluster shows no trace of on the topic. */
  DECLARED_CONSUMER_NOT_SEEN: 'DECLARED_CONSUMER_NOT_SEEN',
  /** A consumer group further behind on a topic than the threshold. */
  CONSUMER_LAG_ABOVE_THRESHOLD: 'CONSUMER_LAG_ABOVE_THRESHOLD',
  /** A principal allowed to WRITE or READ a topic without being a declared producer or consumer. */
  UNDECLARED_ACL_PRINCIPAL: 'UNDECLARED_ACL_PRINCIPAL',
  /** A declared producer none of whose principals may WRITE the topic. */
  DECLARED_PRODUCER_WITHOUT_WRITE: 'DECLARED_PRODUCER_WITHOUT_WRITE',
} as const;

export type FindingKind = (typeof FindingKinds)[keyof typeof FindingKinds];
export const FINDING_KINDS: readonly FindingKind[] = Object.values(FindingKinds);

export const FINDING_SEVERITIES = ['low', 'medium', 'high'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** One finding of one scan. */
export interface Finding {
  /** Stable across scans: kind, cluster, topic and subject. */
  readonly key: string;
  readonly kind: FindingKind;
  readonly severity: FindingSeverity;
  readonly cluster: string;
  readonly topic: string;
  /** What within the topic it is about (a group, `User:x:WRITE`, a config name, a policy); "" for the topic itself. */
  readonly subject: string;
  /** The team to ask: the topic's owner, else a team of its domain, else the application's. */
  readonly team: string | null;
  /** One sentence saying what is wrong; stable while the cause is (volatile numbers go in evidence). */
  readonly message: string;
  /** What the scan saw: the ACL bindings, the config values, the group and its lag, ... */
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** Kind, cluster and topic cannot hold '|', so the subject is whatever follows the third one. */
export function findingKey(kind: FindingKind, cluster: string, topic: string, subject: string): string {
  return `${kind}|${cluster}|${topic}|${subject}`;
}
