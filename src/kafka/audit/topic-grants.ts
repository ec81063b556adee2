import type { AclBinding } from '../scan/cluster-snapshot';

/** The two operations the audit weighs: producing and consuming. */
export type DataOperation = 'READ' | 'WRITE';

/** A principal's right to READ or WRITE one topic, and the bindings that give it. */
export interface TopicGrant {
  readonly principal: string;
  readonly operation: DataOperation;
  /** The ALLOW bindings (literal, wildcard or prefixed) granting it and not cancelled by a DENY. */
  readonly bindings: readonly AclBinding[];
}

/** Kafka's wildcard principal: every user. */
export const ANY_PRINCIPAL = 'User:*';

/** Whether a TOPIC binding's resource pattern covers `topic` (literal, the `*` wildcard, or a prefix). */
export function coversTopic(b: AclBinding, topic: string): boolean {
  if (b.resourceType !== 'TOPIC') return false;
  if (b.patternType === 'LITERAL') return b.resourceName === topic || b.resourceName === '*';
  if (b.patternType === 'PREFIXED') return topic.startsWith(b.resourceName);
  return false;
}

const implied = (op: AclBinding['operation']): DataOperation[] =>
  op === 'ALL' ? ['READ', 'WRITE'] : op === 'READ' || op === 'WRITE' ? [op] : [];

/**
 * Who may READ or WRITE `topic`, as Kafka's StandardAuthorizer decides it from the bindings:
 * ALLOW bindings whose pattern covers the topic, minus those a DENY for the same principal (or
 * every user), operation (or ALL) and host (or every host) cancels.
 */
export function topicGrants(topic: string, acls: readonly AclBinding[]): TopicGrant[] {
  const covering = acls.filter((b) => coversTopic(b, topic));
  const denies = covering.filter((b) => b.permission === 'DENY');
  const grants = new Map<string, { principal: string; operation: DataOperation; bindings: AclBinding[] }>();
  for (const allow of covering) {
    if (allow.permission !== 'ALLOW') continue;
    for (const operation of implied(allow.operation)) {
      const denied = denies.some(
        (d) =>
          (d.principal === allow.principal || d.principal === ANY_PRINCIPAL) &&
          (d.operation === operation || d.operation === 'ALL') &&
          (d.host === '*' || d.host === allow.host),
      );
      if (denied) continue;
      const key = `${allow.principal}\u0000${operation}`;
      const g = grants.get(key) ?? { principal: allow.principal, operation, bindings: [] };
      g.bindings.push(allow);
      grants.set(key, g);
    }
  }
  return [...grants.values()].sort((a, b) =>
    a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0,
  );
}

/** Whether `principal` may do `operation` given the grants (directly or as every user). */
export function holds(grants: readonly TopicGrant[], principal: string, operation: DataOperation): boolean {
  return grants.some((g) => g.operation === operation && (g.principal === principal || (g.principal === ANY_PRINCIPAL && principal.startsWith('User:'))));
}
