import { CatalogState, ENTITY_LABELS } from './catalog-state';
import type { Change, Entity, EntityMap, EntityType } from './catalog.types';

/** A reference from one entry to another, by name. */
interface Reference {
  readonly type: EntityType;
  readonly key: string;
  /** The referring field, for messages. */
  readonly field: string;
}

function referencesOf(type: EntityType, e: Entity): Reference[] {
  switch (type) {
    case 'team':
      return [{ type: 'domain', key: (e as EntityMap['team']).domain, field: 'domain' }];
    case 'application': {
      const a = e as EntityMap['application'];
      return [
        { type: 'domain', key: a.domain, field: 'domain' },
        { type: 'team', key: a.ownerTeam, field: 'ownerTeam' },
      ];
    }
    case 'topic': {
      const t = e as EntityMap['topic'];
      const refs: Reference[] = [{ type: 'domain', key: t.domain, field: 'domain' }];
      if (t.ownerTeam) refs.push({ type: 'team', key: t.ownerTeam, field: 'ownerTeam' });
      return refs;
    }
    case 'event':
      return [{ type: 'topic', key: (e as EntityMap['event']).topic, field: 'topic' }];
    case 'client': {
      const c = e as EntityMap['client'];
      return [
        { type: 'topic', key: c.topic, field: 'topic' },
        { type: 'application', key: c.application, field: 'application' },
      ];
    }
    case 'policy': {
      const p = e as EntityMap['policy'];
      return p.domain ? [{ type: 'domain', key: p.domain, field: 'domain' }] : [];
    }
    default:
      return [];
  }
}

/** What a state gets wrong: references to missing entries and consumer groups an application does not declare. */
function problemsOf(state: CatalogState): Map<string, { kind: 'missing' | 'invalid'; message: string; missing?: Reference }> {
  const problems = new Map<string, { kind: 'missing' | 'invalid'; message: string; missing?: Reference }>();
  for (const type of ['team', 'application', 'topic', 'event', 'client', 'policy'] as const) {
    for (const e of state.all(type) as Entity[]) {
      const name = describe(type, e);
      for (const ref of referencesOf(type, e)) {
        if (!state.has(ref.type, ref.key)) {
          const message = `${name}: ${ref.field} names ${ENTITY_LABELS[ref.type].toLowerCase()} '${ref.key}', which does not exist`;
          problems.set(message, { kind: 'missing', message, missing: ref });
        }
      }
    }
  }
  for (const c of state.all('client')) {
    const app = state.get('application', c.application);
    if (!app) continue;
    if (c.role === 'producer' && c.consumerGroup !== null) {
      const message = `${describe('client', c)}: a producer has no consumer group`;
      problems.set(message, { kind: 'invalid', message });
    }
    if (c.role === 'consumer' && c.consumerGroup !== null && !app.consumerGroups.includes(c.consumerGroup)) {
      const message =
        `${describe('client', c)}: consumer group '${c.consumerGroup}' is not one of application '${app.name}''s consumer groups` +
        ` (${app.consumerGroups.join(', ') || 'none declared'})`;
      problems.set(message, { kind: 'invalid', message });
    }
  }
  return problems;
}

function describe(type: EntityType, e: Entity): string {
  if (type === 'client') {
    const c = e as EntityMap['client'];
    return `${c.role} '${c.application}' of topic '${c.topic}'`;
  }
  return `${ENTITY_LABELS[type]} '${(e as { name: string }).name}'`;
}

export interface IntegrityReport {
  /** Entries that name something that does not exist (or break a rule between entries). */
  readonly invalid: readonly string[];
  /** Deleted entries that others still name. */
  readonly inUse: readonly string[];
}

/**
 * The problems `changes` would introduce into `before`. Problems the catalogue already had are
 * not blamed on this write.
 */
export function checkIntegrity(before: CatalogState, after: CatalogState, changes: readonly Change[]): IntegrityReport {
  const old = problemsOf(before);
  const deleted = new Set(changes.filter((c) => !c.after).map((c) => `${c.type}\u0000${c.key}`));
  const invalid: string[] = [];
  const inUse: string[] = [];
  for (const [message, p] of problemsOf(after)) {
    if (old.has(message)) continue;
    if (p.missing && deleted.has(`${p.missing.type}\u0000${p.missing.key}`)) {
      inUse.push(`${ENTITY_LABELS[p.missing.type]} '${p.missing.key}' is still in use: ${message.replace(/, which does not exist$/, '')}`);
    } else {
      invalid.push(message);
    }
  }
  return { invalid, inUse };
}
