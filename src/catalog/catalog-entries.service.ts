import { Injectable } from '@nestjs/common';
import type { Principal } from '../acl/principal';
import { Errors } from '../common/errors/registry-error';
import { CatalogStore } from './catalog-store.service';
import { clientKey, ENTITY_LABELS, keyOf, same, type CatalogState, type SubjectBinding } from './catalog-state';
import type { Change, ClientRole, EntityMap, EntityType, Topic, TopicClient } from './catalog.types';
import { CatalogWriterService } from './catalog-writer.service';
import { parseBody, parseEntry, clientInput, topicClassificationInput, type NamedEntityType } from './dto/catalog-entries.dto';
import type { Violation } from './policies/policy-engine';

/** A write's answer: the entry as stored, and the policy warnings it raised. */
export type Written<T> = T & { readonly warnings: readonly Violation[] };

/** Filters of list reads. */
export interface ListFilter {
  readonly domain?: string;
}

/** Create, read, update and delete of every kind of catalogue entry. */
@Injectable()
export class CatalogEntriesService {
  constructor(
    private readonly store: CatalogStore,
    private readonly writer: CatalogWriterService,
  ) {}

  async list<T extends NamedEntityType>(type: T, filter: ListFilter = {}): Promise<EntityMap[T][]> {
    const state = await this.store.current();
    const all = state.all(type);
    return filter.domain ? all.filter((e) => state.domainOf(type, e) === filter.domain) : all;
  }

  async get<T extends NamedEntityType>(type: T, name: string): Promise<EntityMap[T]> {
    return found(await this.store.current(), type, name);
  }

  /** POST: a new entry; 409 when one of that name exists. */
  async create<T extends NamedEntityType>(type: T, body: unknown, who: Principal): Promise<Written<EntityMap[T]>> {
    const entity = parseEntry(type, body);
    const key = keyOf[type](entity);
    const written = await this.writer.write((state) => {
      if (state.has(type, key)) throw Errors.catalogEntryExists(ENTITY_LABELS[type], key);
      return { changes: [{ type, key, before: null, after: entity }], result: () => entity };
    }, who);
    return { ...written.result, warnings: written.warnings };
  }

  /** PUT: replaces an existing entry; 404 when there is none. */
  async update<T extends NamedEntityType>(type: T, name: string, body: unknown, who: Principal): Promise<Written<EntityMap[T]>> {
    const entity = parseEntry(type, body, name);
    const written = await this.writer.write((state) => {
      const before = found(state, type, name);
      return { changes: same(before, entity) ? [] : [{ type, key: name, before, after: entity }], result: () => entity };
    }, who);
    return { ...written.result, warnings: written.warnings };
  }

  /**
   * PUT /catalog/topics/{t}/classification: changes only a topic's classification and free
   * tags, what a data steward decides without owning the topic. Policies judge the result as
   * they judge any topic write (a blocking classification rule refuses it).
   */
  async classify(name: string, body: unknown, who: Principal): Promise<Written<Topic>> {
    const input = parseBody(topicClassificationInput, body, 'topic classification');
    const written = await this.writer.write((state) => {
      const before = found(state, 'topic', name);
      const after: Topic = {
        ...before,
        classification: input.classification === undefined ? before.classification : input.classification,
        tags: input.tags ?? before.tags,
      };
      return { changes: same(before, after) ? [] : [{ type: 'topic', key: name, before, after }], result: () => after };
    }, who);
    return { ...written.result, warnings: written.warnings };
  }

  /**
   * DELETE: removes an entry; 409 while others name it. A topic's or an application's
   * producer and consumer bindings go with it: they are relations, not entries of their own.
   */
  async remove<T extends NamedEntityType>(type: T, name: string, who: Principal): Promise<EntityMap[T]> {
    const written = await this.writer.write((state) => {
      const before = found(state, type, name);
      const changes: Change[] = [{ type, key: name, before, after: null }];
      if (type === 'topic' || type === 'application') {
        for (const c of state.all('client')) {
          if ((type === 'topic' ? c.topic : c.application) === name) changes.push({ type: 'client', key: keyOf.client(c), before: c, after: null });
        }
      }
      return { changes, result: () => before };
    }, who);
    return written.result;
  }

  /** The producers or consumers of a topic. */
  async clients(topic: string, role: ClientRole): Promise<TopicClient[]> {
    const state = await this.store.current();
    found(state, 'topic', topic);
    return state.all('client').filter((c) => c.topic === topic && c.role === role);
  }

  /** Every producer and consumer binding, ordered by topic, role and application. */
  async allClients(): Promise<TopicClient[]> {
    const state = await this.store.current();
    return [...state.all('client')].sort(
      (a, b) => a.topic.localeCompare(b.topic) || a.role.localeCompare(b.role) || a.application.localeCompare(b.application),
    );
  }

  /** The topics an application produces to and consumes from. */
  async clientsOf(application: string): Promise<TopicClient[]> {
    const state = await this.store.current();
    found(state, 'application', application);
    return state.all('client').filter((c) => c.application === application);
  }

  /** PUT /catalog/topics/{t}/{producers|consumers}/{app}: declares (or changes) the binding. */
  async putClient(topic: string, role: ClientRole, application: string, body: unknown, who: Principal): Promise<Written<TopicClient>> {
    const input = parseBody(clientInput, body, `${role} binding`);
    const client: TopicClient = { topic, application, role, consumerGroup: role === 'consumer' ? input.consumerGroup : null };
    if (role === 'producer' && input.consumerGroup !== null) throw Errors.invalidCatalogEntry('A producer has no consumer group');
    const key = clientKey(topic, role, application);
    const written = await this.writer.write((state) => {
      found(state, 'topic', topic);
      found(state, 'application', application);
      const before = state.get('client', key) ?? null;
      return { changes: before && same(before, client) ? [] : [{ type: 'client', key, before, after: client }], result: () => client };
    }, who);
    return { ...written.result, warnings: written.warnings };
  }

  async removeClient(topic: string, role: ClientRole, application: string, who: Principal): Promise<TopicClient> {
    const key = clientKey(topic, role, application);
    const written = await this.writer.write((state) => {
      found(state, 'topic', topic);
      const before = state.get('client', key);
      if (!before) throw Errors.catalogEntryNotFound(ENTITY_LABELS.client, key);
      return { changes: [{ type: 'client', key, before, after: null }], result: () => before };
    }, who);
    return written.result;
  }

  /** The subjects a topic's records are written with. */
  async subjectsOf(topic: string): Promise<readonly SubjectBinding[]> {
    const state = await this.store.current();
    found(state, 'topic', topic);
    return state.subjectsOf(topic);
  }
}

/** The entry, or 404. */
export function found<T extends EntityType>(state: CatalogState, type: T, key: string): EntityMap[T] {
  const e = state.get(type, key);
  if (!e) throw Errors.catalogEntryNotFound(ENTITY_LABELS[type], key);
  return e;
}
