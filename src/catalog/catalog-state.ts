import { formatSubject, parseSubject } from '../registry/subject-name';
import type { Change, Entity, EntityMap, EntityType, SchemaRole, Topic } from './catalog.types';
import { ENTITY_TYPES } from './catalog.types';

/** The key each entry is stored and addressed by. */
export const keyOf: { [T in EntityType]: (e: EntityMap[T]) => string } = {
  domain: (e) => e.name,
  team: (e) => e.name,
  application: (e) => e.name,
  topic: (e) => e.name,
  event: (e) => e.name,
  client: (e) => clientKey(e.topic, e.role, e.application),
  'field-tag': (e) => fieldTagKey(e.subject, e.path),
  policy: (e) => e.name,
};

export const clientKey = (topic: string, role: string, application: string) => `${topic}/${role}/${application}`;
export const fieldTagKey = (subject: string, path: string) => `${subject}#${path}`;

/** Words used in messages. */
export const ENTITY_LABELS: Record<EntityType, string> = {
  domain: 'Domain',
  team: 'Team',
  application: 'Application',
  topic: 'Topic',
  event: 'Event',
  client: 'Topic client',
  'field-tag': 'Field tag',
  policy: 'Policy',
};

/** A subject a topic's records are written with, and how it is bound. */
export interface SubjectBinding {
  /** As the registry formats it: `name`, or `:.ctx:name` outside the default context. */
  readonly subject: string;
  readonly topic: string;
  readonly role: SchemaRole;
  /** The record name, under the record strategies. */
  readonly record?: string;
  /** The event that names this subject, when it is bound through one. */
  readonly event?: string;
}

/** `orders-value` and `:.:orders-value` are the same subject; the registry formats it the first way. */
export function normalizeSubject(subject: string): string {
  return formatSubject(parseSubject(subject));
}

/** Deep equality of two entries as stored (JSON values; object key order ignored). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** The subjects a topic's key and value are written with under their subject-name strategies. */
export function topicSubjects(topic: Topic): SubjectBinding[] {
  const result: SubjectBinding[] = [];
  for (const role of ['key', 'value'] as const) {
    const binding = topic[role];
    if (!binding) continue;
    if (binding.strategy === 'TopicNameStrategy') {
      result.push({ subject: `${topic.name}-${role}`, topic: topic.name, role });
      continue;
    }
    for (const record of binding.records) {
      const subject = binding.strategy === 'RecordNameStrategy' ? record : `${topic.name}-${record}`;
      result.push({ subject, topic: topic.name, role, record });
    }
  }
  return result;
}

type Maps = { [T in EntityType]: ReadonlyMap<string, EntityMap[T]> };

/**
 * The whole catalogue at one revision, immutable. Writes build the would-be state with `with`
 * and check it before anything is stored.
 */
export class CatalogState {
  private bindingsBySubject?: Map<string, SubjectBinding[]>;
  private bindingsByTopic?: Map<string, SubjectBinding[]>;

  private constructor(
    /** The revision it was read at (0 for an empty catalogue). */
    readonly revision: number,
    private readonly maps: Maps,
  ) {}

  static empty(): CatalogState {
    return CatalogState.of(0, {});
  }

  static of(revision: number, entries: { [T in EntityType]?: readonly EntityMap[T][] }): CatalogState {
    const maps = {} as { [T in EntityType]: Map<string, EntityMap[T]> };
    for (const type of ENTITY_TYPES) {
      const map = new Map<string, Entity>();
      for (const e of (entries[type] ?? []) as Entity[]) map.set((keyOf[type] as (x: Entity) => string)(e), e);
      (maps as Record<EntityType, Map<string, Entity>>)[type] = map;
    }
    return new CatalogState(revision, maps);
  }

  get<T extends EntityType>(type: T, key: string): EntityMap[T] | undefined {
    return this.maps[type].get(key) as EntityMap[T] | undefined;
  }

  has(type: EntityType, key: string): boolean {
    return this.maps[type].has(key);
  }

  /** Every entry of a type, ordered by key. */
  all<T extends EntityType>(type: T): EntityMap[T][] {
    return [...(this.maps[type] as ReadonlyMap<string, EntityMap[T]>).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, e]) => e);
  }

  count(type: EntityType): number {
    return this.maps[type].size;
  }

  /** The state after `changes` (same revision: it is not stored yet). */
  with(changes: readonly Change[]): CatalogState {
    const maps = {} as Record<EntityType, Map<string, Entity>>;
    for (const type of ENTITY_TYPES) maps[type] = new Map(this.maps[type] as ReadonlyMap<string, Entity>);
    for (const c of changes) {
      if (c.after) maps[c.type].set(c.key, c.after);
      else maps[c.type].delete(c.key);
    }
    return new CatalogState(this.revision, maps as unknown as Maps);
  }

  withRevision(revision: number): CatalogState {
    return new CatalogState(revision, this.maps);
  }

  /** The domain an entry belongs to (an event and a client through their topic). */
  domainOf(type: EntityType, e: Entity): string | null {
    switch (type) {
      case 'domain':
        return (e as EntityMap['domain']).name;
      case 'team':
      case 'application':
      case 'topic':
        return (e as EntityMap['topic']).domain;
      case 'event':
        return this.get('topic', (e as EntityMap['event']).topic)?.domain ?? null;
      case 'client':
        return this.get('topic', (e as EntityMap['client']).topic)?.domain ?? null;
      case 'policy':
        return (e as EntityMap['policy']).domain;
      case 'field-tag': {
        const bound = this.bindingsOf(normalizeSubject((e as EntityMap['field-tag']).subject));
        return bound.length ? (this.get('topic', bound[0].topic)?.domain ?? null) : null;
      }
    }
  }

  /** Topics a subject is bound to: through a topic's strategies or an event. */
  bindingsOf(subject: string): readonly SubjectBinding[] {
    this.index();
    return this.bindingsBySubject!.get(normalizeSubject(subject)) ?? [];
  }

  /** Subjects bound to a topic: its strategies' and its events'. */
  subjectsOf(topic: string): readonly SubjectBinding[] {
    this.index();
    return this.bindingsByTopic!.get(topic) ?? [];
  }

  /** Every subject bound to some topic, as the registry formats subjects. */
  boundSubjects(): Set<string> {
    this.index();
    return new Set(this.bindingsBySubject!.keys());
  }

  private index(): void {
    if (this.bindingsBySubject) return;
    const bySubject = new Map<string, SubjectBinding[]>();
    const byTopic = new Map<string, SubjectBinding[]>();
    const add = (b: SubjectBinding) => {
      const subject = normalizeSubject(b.subject);
      const topicList = byTopic.get(b.topic) ?? [];
      const i = topicList.findIndex((x) => normalizeSubject(x.subject) === subject && x.role === b.role);
      if (i >= 0) {
        // An event naming a subject its topic already binds tells what that subject's records are.
        if (b.event && !topicList[i].event) {
          const named = { ...topicList[i], event: b.event };
          const list = bySubject.get(subject)!;
          list[list.indexOf(topicList[i])] = named;
          topicList[i] = named;
        }
        return;
      }
      topicList.push(b);
      byTopic.set(b.topic, topicList);
      const list = bySubject.get(subject) ?? [];
      list.push(b);
      bySubject.set(subject, list);
    };
    for (const topic of this.all('topic')) topicSubjects(topic).forEach(add);
    for (const event of this.all('event')) {
      if (this.has('topic', event.topic)) add({ subject: event.subject, topic: event.topic, role: 'value', event: event.name });
    }
    this.bindingsBySubject = bySubject;
    this.bindingsByTopic = byTopic;
  }
}
