import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { query, request, seg } from './client';

// Hooks for the event catalogue API (/catalog/...), with one query-key factory. Shapes follow
// src/catalog/catalog.types.ts; entries are keyed by name.

/** The catalogue's lifecycles and classifications, in order (src/catalog/catalog.types.ts). */
export const LIFECYCLES = ['draft', 'active', 'deprecated', 'retired'] as const;
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];
export type Classification = (typeof CLASSIFICATIONS)[number];
export type Severity = 'warn' | 'block';
export type EntryType = 'domain' | 'team' | 'application' | 'topic' | 'event' | 'client' | 'field-tag' | 'policy';

export interface Domain {
  name: string;
  description: string | null;
}
export interface Team {
  name: string;
  domain: string;
  description: string | null;
  contacts: { kind: string; value: string }[];
}
export interface Application {
  name: string;
  domain: string;
  ownerTeam: string;
  description: string | null;
  principals: string[];
  consumerGroups: string[];
}
export interface SchemaBinding {
  strategy: 'TopicNameStrategy' | 'RecordNameStrategy' | 'TopicRecordNameStrategy';
  records: string[];
}
export interface Topic {
  name: string;
  domain: string;
  ownerTeam: string | null;
  description: string | null;
  lifecycle: Lifecycle;
  partitions: number | null;
  replicationFactor: number | null;
  topicConfiguration: Record<string, unknown>;
  classification: Classification | null;
  tags: string[];
  key: SchemaBinding | null;
  value: SchemaBinding | null;
}
export interface CatalogEvent {
  name: string;
  topic: string;
  description: string | null;
  subject: string;
  minVersion: number | null;
  maxVersion: number | null;
}
export interface TopicClient {
  topic: string;
  application: string;
  role: 'producer' | 'consumer';
  consumerGroup: string | null;
}
export interface SubjectBinding {
  subject: string;
  topic: string;
  role: 'key' | 'value';
  record?: string;
  event?: string;
}
export interface Violation {
  policy: string;
  kind: string;
  severity: Severity;
  entity: { type: EntryType; key: string };
  field: string;
  message: string;
  fix: string;
}
export interface FindingsReport {
  revision: number;
  counts: Record<Severity, number>;
  findings: Violation[];
}
export interface Policy {
  name: string;
  kind: string;
  domain: string | null;
  severity: Severity;
  description: string | null;
  enabled: boolean;
  params: Record<string, unknown>;
}
export interface HistoryEntry {
  id: number;
  type: EntryType;
  key: string;
  action: 'create' | 'update' | 'delete';
  before: unknown;
  after: unknown;
  principal: string;
  revision: number;
  at: string;
  changed: string[];
}
export interface SearchHit {
  type: EntryType;
  key: string;
  domain: string | null;
  score: number;
  matches: { field: string; text: string }[];
}
export interface TaggedField {
  path: string;
  name: string;
  schemaTags: string[];
  metadataTags: string[];
  catalogTags: string[];
  tags: string[];
}
export interface SubjectFieldTags {
  subject: string;
  version: number | null;
  schemaType: string | null;
  fields: TaggedField[];
  orphans: { subject: string; path: string; tags: string[] }[];
  topics: string[];
}

type Named = 'domains' | 'teams' | 'applications' | 'topics' | 'events' | 'policies';
type EntryOf<T extends Named> = T extends 'domains'
  ? Domain
  : T extends 'teams'
    ? Team
    : T extends 'applications'
      ? Application
      : T extends 'topics'
        ? Topic
        : T extends 'events'
          ? CatalogEvent
          : Policy;

export const catalogKeys = {
  all: ['catalog'] as const,
  list: (kind: Named, domain?: string) => [...catalogKeys.all, kind, 'list', domain ?? null] as const,
  entry: (kind: Named, name: string) => [...catalogKeys.all, kind, 'entry', name] as const,
  topicSubjects: (topic: string) => [...catalogKeys.all, 'topics', 'entry', topic, 'subjects'] as const,
  topicClients: (topic: string) => [...catalogKeys.all, 'topics', 'entry', topic, 'clients'] as const,
  applicationTopics: (app: string) => [...catalogKeys.all, 'applications', 'entry', app, 'topics'] as const,
  allClients: () => [...catalogKeys.all, 'clients'] as const,
  findings: (filter: { domain?: string; severity?: string; policy?: string }) => [...catalogKeys.all, 'findings', filter] as const,
  history: (filter: { type?: string; key?: string; principal?: string; before?: number }) => [...catalogKeys.all, 'history', filter] as const,
  search: (q: string) => [...catalogKeys.all, 'search', q] as const,
  fieldTags: (subject: string) => [...catalogKeys.all, 'field-tags', subject] as const,
  piiInventory: () => [...catalogKeys.all, 'pii-inventory'] as const,
};

export function useCatalogList<T extends Named>(kind: T, domain?: string) {
  return useQuery({
    queryKey: catalogKeys.list(kind, domain),
    queryFn: ({ signal }) => request<EntryOf<T>[]>(`/catalog/${kind}${query({ domain })}`, { signal }),
    // A filter change keeps showing the last answer until the new one arrives (no flash of "loading").
    placeholderData: keepPreviousData,
  });
}

export function useCatalogEntry<T extends Named>(kind: T, name: string) {
  return useQuery({
    queryKey: catalogKeys.entry(kind, name),
    queryFn: ({ signal }) => request<EntryOf<T>>(`/catalog/${kind}/${seg(name)}`, { signal }),
  });
}

export function useTopicSubjects(topic: string) {
  return useQuery({
    queryKey: catalogKeys.topicSubjects(topic),
    queryFn: ({ signal }) => request<SubjectBinding[]>(`/catalog/topics/${seg(topic)}/subjects`, { signal }),
  });
}

export function useTopicClients(topic: string) {
  return useQuery({
    queryKey: catalogKeys.topicClients(topic),
    queryFn: async ({ signal }) => {
      const [producers, consumers] = await Promise.all([
        request<TopicClient[]>(`/catalog/topics/${seg(topic)}/producers`, { signal }),
        request<TopicClient[]>(`/catalog/topics/${seg(topic)}/consumers`, { signal }),
      ]);
      return { producers, consumers };
    },
  });
}

export function useApplicationTopics(app: string) {
  return useQuery({
    queryKey: catalogKeys.applicationTopics(app),
    queryFn: ({ signal }) => request<TopicClient[]>(`/catalog/applications/${seg(app)}/topics`, { signal }),
  });
}

/** Every application and every producer and consumer binding: what the lineage graph is drawn from. */
export function useAllClients() {
  return useQuery({
    queryKey: catalogKeys.allClients(),
    queryFn: async ({ signal }) => {
      const [applications, clients] = await Promise.all([
        request<Application[]>('/catalog/applications', { signal }),
        request<TopicClient[]>('/catalog/clients', { signal }),
      ]);
      return { applications, clients };
    },
  });
}

export function useFindings(filter: { domain?: string; severity?: string; policy?: string } = {}) {
  return useQuery({
    queryKey: catalogKeys.findings(filter),
    queryFn: ({ signal }) => request<FindingsReport>(`/catalog/findings${query(filter)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useHistory(filter: { type?: string; key?: string; principal?: string; before?: number; limit?: number }) {
  return useQuery({
    queryKey: catalogKeys.history(filter),
    queryFn: ({ signal }) => request<HistoryEntry[]>(`/catalog/history${query(filter)}`, { signal }),
  });
}

export function useCatalogSearch(q: string) {
  return useQuery({
    queryKey: catalogKeys.search(q),
    queryFn: ({ signal }) => request<SearchHit[]>(`/catalog/search${query({ q, limit: 100 })}`, { signal }),
    enabled: q.trim().length > 0,
  });
}

export function useFieldTags(subject: string, enabled = true) {
  return useQuery({
    queryKey: catalogKeys.fieldTags(subject),
    queryFn: ({ signal }) => request<SubjectFieldTags>(`/catalog/field-tags/${seg(subject)}`, { signal }),
    enabled,
  });
}

/** A field tag that marks personal data (PII, or a PII sub-tag such as PII:email). */
export const isPiiTag = (t: string) => /^pii\b/i.test(t) || /^(personal|gdpr|sensitive)/i.test(t);

export interface PiiRow {
  topic: string;
  domain: string;
  ownerTeam: string | null;
  classification: Classification | null;
  subject: string;
  field: TaggedField;
}

/** Every field tagged as personal data, by topic: the topics' bound subjects' fields with their tags. */
export function usePiiInventory() {
  return useQuery({
    queryKey: catalogKeys.piiInventory(),
    queryFn: async ({ signal }) => {
      const topics = await request<Topic[]>('/catalog/topics', { signal });
      const bindings = (await Promise.all(topics.map((t) => request<SubjectBinding[]>(`/catalog/topics/${seg(t.name)}/subjects`, { signal })))).flat();
      const subjects = [...new Set(bindings.map((b) => b.subject))];
      const tags = new Map(
        await Promise.all(
          subjects.map(async (s) => [s, await request<SubjectFieldTags>(`/catalog/field-tags/${seg(s)}`, { signal }).catch(() => null)] as const),
        ),
      );
      const byName = new Map(topics.map((t) => [t.name, t]));
      const rows: PiiRow[] = [];
      const seen = new Set<string>();
      for (const b of bindings) {
        const t = byName.get(b.topic)!;
        for (const f of tags.get(b.subject)?.fields ?? []) {
          const id = `${b.topic}|${b.subject}|${f.path}`;
          if (!f.tags.some(isPiiTag) || seen.has(id)) continue;
          seen.add(id);
          rows.push({ topic: t.name, domain: t.domain, ownerTeam: t.ownerTeam, classification: t.classification, subject: b.subject, field: f });
        }
      }
      return rows;
    },
  });
}

/** A policy a write broke without being refused (severity warn). */
export interface WriteWarning {
  policy?: string;
  message: string;
}

/**
 * `PUT /catalog/topics/{t}/classification`: a topic's classification and free tags, the data
 * steward's write (it needs the tag action, not write). Everything about the catalogue is
 * refreshed after it: findings and history change with it.
 */
export function useClassifyTopic(topic: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { classification: Classification | null; tags: string[] }) =>
      request<{ warnings?: WriteWarning[] }>(`/catalog/topics/${seg(topic)}/classification`, { method: 'PUT', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: catalogKeys.all }),
  });
}
