import { z } from 'zod';
import { keyOf, normalizeSubject, same, type CatalogState } from '../catalog-state';
import { ENTITY_TYPES, type Change, type Entity, type EntityMap, type EntityType, type Topic } from '../catalog.types';
import { ENTRY_INPUTS, subjectName, topicName } from '../dto/catalog-entries.dto';
import { parsePolicyParams } from '../policies/policy-params';

/**
 * Catalogue as code: the catalogue as YAML documents, one per domain (plus one for what
 * belongs to no domain), the way teams keep it in git.
 *
 * A `Domain` document holds a domain with its teams, applications (and the topics they produce
 * to and consume from), topics, events, domain-scoped policies and the field tags of the
 * subjects bound to its topics. The `Global` document holds policies for every domain and field
 * tags of subjects no topic is bound to. Importing documents makes each domain they name (and,
 * with a Global document, the global part) exactly what they say: entries they leave out are
 * deleted; domains they do not name are left alone.
 */

export const API_VERSION = 'charter/v1';
export const GLOBAL_FILE = '_global.yaml';

/** A document as written: plain data, ready for YAML. */
export type CatalogDocument = Record<string, unknown>;

/** Where an entry belongs: a domain's document, or the Global one (null). */
export function scopeOf(state: CatalogState, type: EntityType, e: Entity): string | null {
  if (type === 'client') return state.get('application', (e as EntityMap['client']).application)?.domain ?? null;
  return state.domainOf(type, e);
}

// ---------------------------------------------------------------------------------------------
// Export

/** The documents for a state: a Domain document per domain (or just `only`), then the Global one when it has anything. */
export function toDocuments(state: CatalogState, only?: string): { file: string; document: CatalogDocument }[] {
  const result: { file: string; document: CatalogDocument }[] = [];
  for (const d of state.all('domain')) {
    if (only !== undefined && d.name !== only) continue;
    result.push({ file: `${d.name}.yaml`, document: domainDocument(state, d.name) });
  }
  if (only === undefined) {
    const global = globalDocument(state);
    if (global) result.push({ file: GLOBAL_FILE, document: global });
  }
  return result;
}

function domainDocument(state: CatalogState, name: string): CatalogDocument {
  const domain = state.get('domain', name)!;
  const mine = <T extends EntityType>(type: T) => state.all(type).filter((e) => scopeOf(state, type, e) === name);
  const doc: CatalogDocument = { apiVersion: API_VERSION, kind: 'Domain', domain: compact({ name, description: domain.description }) };
  const clients = state.all('client');
  const sections: [string, unknown[]][] = [
    ['teams', mine('team').map((t) => compact({ name: t.name, description: t.description, contacts: t.contacts }))],
    [
      'applications',
      mine('application').map((a) => {
        const own = clients.filter((c) => c.application === a.name);
        return compact({
          name: a.name,
          ownerTeam: a.ownerTeam,
          description: a.description,
          principals: a.principals,
          consumerGroups: a.consumerGroups,
          produces: own.filter((c) => c.role === 'producer').map((c) => c.topic),
          consumes: own.filter((c) => c.role === 'consumer').map((c) => compact({ topic: c.topic, consumerGroup: c.consumerGroup })),
        });
      }),
    ],
    ['topics', mine('topic').map(topicItem)],
    [
      'events',
      mine('event').map((e) =>
        compact({ name: e.name, topic: e.topic, description: e.description, subject: e.subject, minVersion: e.minVersion, maxVersion: e.maxVersion }),
      ),
    ],
    ['fieldTags', mine('field-tag').map((f) => ({ subject: f.subject, path: f.path, tags: [...f.tags] }))],
    ['policies', mine('policy').map(policyItem)],
  ];
  for (const [key, items] of sections) if (items.length) doc[key] = items;
  return doc;
}

function globalDocument(state: CatalogState): CatalogDocument | undefined {
  const policies = state.all('policy').filter((p) => p.domain === null);
  const fieldTags = state.all('field-tag').filter((f) => scopeOf(state, 'field-tag', f) === null);
  if (!policies.length && !fieldTags.length) return undefined;
  const doc: CatalogDocument = { apiVersion: API_VERSION, kind: 'Global' };
  if (fieldTags.length) doc.fieldTags = fieldTags.map((f) => ({ subject: f.subject, path: f.path, tags: [...f.tags] }));
  if (policies.length) doc.policies = policies.map(policyItem);
  return doc;
}

const DEFAULT_VALUE = { strategy: 'TopicNameStrategy', records: [] };

function topicItem(t: Topic): Record<string, unknown> {
  const item = compact({
    name: t.name,
    ownerTeam: t.ownerTeam,
    description: t.description,
    lifecycle: t.lifecycle,
    classification: t.classification,
    partitions: t.partitions,
    replicationFactor: t.replicationFactor,
    topicConfiguration: t.topicConfiguration,
    tags: t.tags,
    key: t.key ? binding(t.key) : null,
  });
  // The value's default is TopicNameStrategy, so only a different binding, or none, is written.
  if (t.value === null) item.value = null;
  else if (!same(t.value, DEFAULT_VALUE)) item.value = binding(t.value);
  return item;
}

function binding(b: NonNullable<Topic['value']>): Record<string, unknown> {
  return b.records.length ? { strategy: b.strategy, records: [...b.records] } : { strategy: b.strategy };
}

function policyItem(p: EntityMap['policy']): Record<string, unknown> {
  return compact({ name: p.name, kind: p.kind, severity: p.severity, description: p.description, enabled: p.enabled ? null : false, params: p.params });
}

/** Drops nulls, empty lists and empty objects: the values import fills in when a field is absent. */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) && !v.length) continue;
    if (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length) continue;
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Import

/** A problem in an imported document, located as precisely as possible. */
export interface DocumentProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/** What the imported documents say the catalogue should hold. */
export interface DesiredCatalog {
  /** The domains whose documents were imported; null stands for the Global document. */
  readonly scopes: ReadonlySet<string | null>;
  readonly entries: ReadonlyMap<EntityType, ReadonlyMap<string, Entity>>;
}

const item = z.record(z.string(), z.unknown());
const domainDocumentSchema = z
  .object({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Domain'),
    domain: item,
    teams: z.array(item).default([]),
    applications: z.array(item).default([]),
    topics: z.array(item).default([]),
    events: z.array(item).default([]),
    fieldTags: z.array(item).default([]),
    policies: z.array(item).default([]),
  })
  .strict();
const globalDocumentSchema = z
  .object({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Global'),
    fieldTags: z.array(item).default([]),
    policies: z.array(item).default([]),
  })
  .strict();
const applicationLinks = z
  .object({
    produces: z.array(topicName).default([]),
    consumes: z.array(z.object({ topic: topicName, consumerGroup: z.string().min(1).max(249).nullable().default(null) }).strict()).default([]),
  })
  .passthrough();
const fieldTagItem = z.object({ subject: subjectName, path: z.string().min(1).max(2000), tags: z.array(z.string().min(1).max(100).regex(/^\S+$/)).min(1) }).strict();

/** Reads documents into the entries they describe; problems are collected, not thrown. */
export function readDocuments(documents: readonly { file: string; document: unknown }[]): { desired: DesiredCatalog; problems: DocumentProblem[] } {
  const problems: DocumentProblem[] = [];
  const scopes = new Set<string | null>();
  const entries = new Map<EntityType, Map<string, Entity>>(ENTITY_TYPES.map((t) => [t, new Map()]));
  const where = new Map<string, string>();

  const add = (file: string, path: string, type: EntityType, e: Entity) => {
    const key = (keyOf[type] as (x: Entity) => string)(e);
    const id = `${type}\u0000${key}`;
    if (where.has(id)) {
      problems.push({ file, path, message: `${type} '${key}' is also described at ${where.get(id)}` });
      return;
    }
    where.set(id, `${file}: ${path}`);
    entries.get(type)!.set(key, e);
  };
  const parseItem = <T extends keyof typeof ENTRY_INPUTS>(file: string, path: string, type: T, raw: unknown): EntityMap[T] | undefined => {
    const result = ENTRY_INPUTS[type].safeParse(raw);
    if (!result.success) {
      for (const i of result.error.issues) problems.push({ file, path: [path, ...i.path].join('.'), message: i.message });
      return undefined;
    }
    if (type !== 'policy') return result.data as EntityMap[T];
    const policy = result.data as EntityMap['policy'];
    const params = parsePolicyParams(policy.kind, policy.params);
    if ('problems' in params) {
      for (const p of params.problems) problems.push({ file, path: `${path}.${p.path}`, message: p.message });
      return undefined;
    }
    return { ...policy, params: params.params } as EntityMap[T];
  };
  const issues = (file: string, error: z.ZodError, prefix = '') => {
    for (const i of error.issues) problems.push({ file, path: [prefix, ...i.path].filter((p) => p !== '').join('.') || '(document)', message: i.message });
  };
  const readFieldTags = (file: string, list: unknown[]) =>
    list.forEach((raw, i) => {
      const r = fieldTagItem.safeParse(raw);
      if (!r.success) return issues(file, r.error, `fieldTags.${i}`);
      const subject = normalizeSubject(r.data.subject);
      add(file, `fieldTags.${i}`, 'field-tag', { subject, path: r.data.path, tags: [...new Set(r.data.tags)] });
    });

  for (const { file, document } of documents) {
    const kind = (document as { kind?: unknown } | null)?.kind;
    if (kind === 'Global') {
      const r = globalDocumentSchema.safeParse(document);
      if (!r.success) {
        issues(file, r.error);
        continue;
      }
      if (scopes.has(null)) problems.push({ file, path: 'kind', message: 'there is already a Global document' });
      scopes.add(null);
      readFieldTags(file, r.data.fieldTags);
      r.data.policies.forEach((raw, i) => {
        const p = parseItem(file, `policies.${i}`, 'policy', { ...raw, domain: null });
        if (p) add(file, `policies.${i}`, 'policy', p);
      });
      continue;
    }
    if (kind !== 'Domain') {
      problems.push({ file, path: 'kind', message: `kind must be Domain or Global, not ${JSON.stringify(kind ?? null)}` });
      continue;
    }
    const r = domainDocumentSchema.safeParse(document);
    if (!r.success) {
      issues(file, r.error);
      continue;
    }
    const doc = r.data;
    const domain = parseItem(file, 'domain', 'domain', doc.domain);
    if (!domain) continue;
    if (scopes.has(domain.name)) problems.push({ file, path: 'domain.name', message: `domain '${domain.name}' has another document` });
    scopes.add(domain.name);
    add(file, 'domain', 'domain', domain);
    const inDomain = (raw: Record<string, unknown>, path: string) => {
      if (raw.domain !== undefined && raw.domain !== domain.name) {
        problems.push({ file, path: `${path}.domain`, message: `belongs to this document's domain '${domain.name}'; leave domain out` });
      }
      return { ...raw, domain: domain.name };
    };
    doc.teams.forEach((raw, i) => {
      const t = parseItem(file, `teams.${i}`, 'team', inDomain(raw, `teams.${i}`));
      if (t) add(file, `teams.${i}`, 'team', t);
    });
    doc.applications.forEach((raw, i) => {
      const path = `applications.${i}`;
      const links = applicationLinks.safeParse(raw);
      if (!links.success) return issues(file, links.error, path);
      const { produces, consumes, ...rest } = links.data;
      const a = parseItem(file, path, 'application', inDomain(rest, path));
      if (!a) return;
      add(file, path, 'application', a);
      for (const topic of produces) add(file, `${path}.produces`, 'client', { topic, application: a.name, role: 'producer', consumerGroup: null });
      for (const c of consumes) add(file, `${path}.consumes`, 'client', { topic: c.topic, application: a.name, role: 'consumer', consumerGroup: c.consumerGroup });
    });
    doc.topics.forEach((raw, i) => {
      const t = parseItem(file, `topics.${i}`, 'topic', inDomain(raw, `topics.${i}`));
      if (t) add(file, `topics.${i}`, 'topic', t);
    });
    doc.events.forEach((raw, i) => {
      const e = parseItem(file, `events.${i}`, 'event', raw);
      if (e) add(file, `events.${i}`, 'event', { ...e, subject: normalizeSubject(e.subject) });
    });
    readFieldTags(file, doc.fieldTags);
    doc.policies.forEach((raw, i) => {
      const p = parseItem(file, `policies.${i}`, 'policy', inDomain(raw, `policies.${i}`));
      if (p) add(file, `policies.${i}`, 'policy', p);
    });
  }
  return { desired: { scopes, entries }, problems };
}

/**
 * The changes that make `state` hold what `desired` says: entries created or updated where they
 * differ, and entries of the imported scopes that the documents leave out deleted.
 */
export function changesFor(state: CatalogState, desired: DesiredCatalog): Change[] {
  const changes: Change[] = [];
  for (const type of ENTITY_TYPES) {
    const wanted = desired.entries.get(type)!;
    for (const [key, after] of wanted) {
      const before = state.get(type, key) ?? null;
      if (!before || !same(before, after)) changes.push({ type, key, before, after } as Change);
    }
    if (type === 'domain') continue;
    for (const before of state.all(type) as Entity[]) {
      const key = (keyOf[type] as (x: Entity) => string)(before);
      if (wanted.has(key)) continue;
      if (desired.scopes.has(scopeOf(state, type, before))) changes.push({ type, key, before, after: null } as Change);
    }
  }
  return changes;
}
