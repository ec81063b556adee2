import type { ResolvedReference } from '../../compatibility/schema-provider';
import type { SchemaType } from '../../compatibility/schema-type';
import { normalizeSubject, type CatalogState, type SubjectBinding } from '../catalog-state';
import type { Topic, TopicClient } from '../catalog.types';

/**
 * AsyncAPI 3.0 documents from the catalogue: topics as channels with Kafka channel bindings,
 * producers and consumers as send and receive operations (consumer groups in the operation
 * bindings), and the registry's schemas inline as multi-format schemas in `components.schemas`.
 */

const BINDING_VERSION = '0.5.0';

/** The schema of a subject, as the registry holds its latest version. */
export interface DocumentSchema {
  readonly subject: string;
  readonly version: number;
  readonly schemaType: SchemaType;
  /** For Avro, the schema with referenced types written inline. */
  readonly text: string;
  readonly references: readonly ResolvedReference[];
}

export interface AsyncApiRequest {
  readonly state: CatalogState;
  readonly title: string;
  readonly description: string | null;
  readonly version: string;
  readonly contact?: { readonly name: string; readonly email?: string; readonly url?: string };
  readonly server: { readonly host: string; readonly schemaRegistryUrl: string };
  readonly topics: readonly Topic[];
  readonly clients: readonly TopicClient[];
  /** Latest schema per (normalized) subject; missing when the subject has no version. */
  readonly schemas: ReadonlyMap<string, DocumentSchema>;
  readonly extensions: Readonly<Record<string, string>>;
}

/** AsyncAPI keys of channels, operations and components: `^[\w\d.\-_]+$`. */
function idOf(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function buildAsyncApi(request: AsyncApiRequest): Record<string, unknown> {
  const { state } = request;
  const schemas: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const channelMessages = new Map<string, string[]>();

  /** Puts a subject's schema (and, for JSON Schema, what it references) in components.schemas; returns its id. */
  const schemaComponent = (s: DocumentSchema): string => {
    const id = idOf(s.subject);
    if (!schemas[id]) schemas[id] = multiFormat(s, id, schemas);
    return id;
  };

  for (const topic of request.topics) {
    const channelId = idOf(topic.name);
    const bound = state.subjectsOf(topic.name);
    const keySchema = bound.filter((b) => b.role === 'key').map((b) => request.schemas.get(normalizeSubject(b.subject))).find(Boolean);
    const ids: string[] = [];
    for (const b of bound.filter((x) => x.role === 'value')) {
      const id = idOf(normalizeSubject(b.subject));
      if (ids.includes(id)) continue;
      ids.push(id);
      messages[id] = message(b, topic, request.schemas.get(normalizeSubject(b.subject)), keySchema, state, schemaComponent);
    }
    channelMessages.set(topic.name, ids);
    channels[channelId] = compact({
      address: topic.name,
      title: topic.name,
      description: topic.description ?? undefined,
      messages: ids.length ? Object.fromEntries(ids.map((id) => [id, { $ref: `#/components/messages/${id}` }])) : undefined,
      tags: [...(topic.classification ? [topic.classification] : []), ...topic.tags].map((name) => ({ name })),
      bindings: {
        kafka: compact({
          topic: topic.name,
          partitions: topic.partitions ?? undefined,
          replicas: topic.replicationFactor ?? undefined,
          topicConfiguration: Object.keys(topic.topicConfiguration).length ? topic.topicConfiguration : undefined,
          bindingVersion: BINDING_VERSION,
        }),
      },
      'x-charter-domain': topic.domain,
      'x-charter-owner': topic.ownerTeam ?? undefined,
      'x-charter-classification': topic.classification ?? undefined,
      'x-charter-lifecycle': topic.lifecycle,
    });
  }

  for (const c of request.clients) {
    const channelId = idOf(c.topic);
    if (!channels[channelId]) continue;
    const send = c.role === 'producer';
    const ids = channelMessages.get(c.topic) ?? [];
    operations[idOf(`${c.application}.${send ? 'send' : 'receive'}.${c.topic}`)] = compact({
      action: send ? 'send' : 'receive',
      channel: { $ref: `#/channels/${channelId}` },
      title: `${c.application} ${send ? 'produces to' : 'consumes from'} ${c.topic}`,
      messages: ids.length ? ids.map((id) => ({ $ref: `#/channels/${channelId}/messages/${id}` })) : undefined,
      bindings: {
        kafka: compact({
          groupId: c.consumerGroup ? { type: 'string', enum: [c.consumerGroup] } : undefined,
          clientId: { type: 'string', enum: [c.application] },
          bindingVersion: BINDING_VERSION,
        }),
      },
      'x-charter-application': c.application,
      'x-charter-team': state.get('application', c.application)?.ownerTeam,
    });
  }

  return compact({
    asyncapi: '3.0.0',
    info: compact({
      title: request.title,
      version: request.version,
      description: request.description ?? undefined,
      contact: request.contact,
      ...request.extensions,
    }),
    defaultContentType: 'application/octet-stream',
    servers: {
      kafka: {
        host: request.server.host,
        protocol: 'kafka',
        description: 'Kafka cluster; record keys and values are framed with their Confluent schema id',
        bindings: { kafka: { schemaRegistryUrl: request.server.schemaRegistryUrl, schemaRegistryVendor: 'confluent', bindingVersion: BINDING_VERSION } },
      },
    },
    channels,
    operations,
    components: compact({
      schemas: Object.keys(schemas).length ? schemas : undefined,
      messages: Object.keys(messages).length ? messages : undefined,
    }),
  });
}

function message(
  b: SubjectBinding,
  topic: Topic,
  schema: DocumentSchema | undefined,
  key: DocumentSchema | undefined,
  state: CatalogState,
  schemaComponent: (s: DocumentSchema) => string,
): Record<string, unknown> {
  const event = b.event ? state.get('event', b.event) : undefined;
  const strategy = topic.value?.strategy ?? 'TopicNameStrategy';
  return compact({
    name: event?.name ?? b.record ?? normalizeSubject(b.subject),
    title: event?.name ?? b.record ?? `${topic.name} value`,
    summary: event?.description ?? undefined,
    payload: schema ? { $ref: `#/components/schemas/${schemaComponent(schema)}` } : undefined,
    bindings: {
      kafka: compact({
        key: key ? { $ref: `#/components/schemas/${schemaComponent(key)}` } : undefined,
        schemaIdLocation: 'payload',
        schemaIdPayloadEncoding: 'confluent',
        schemaLookupStrategy: strategy,
        bindingVersion: BINDING_VERSION,
      }),
    },
    'x-charter-subject': normalizeSubject(b.subject),
    'x-charter-schema-version': schema?.version,
  });
}

/** The schema as an AsyncAPI Multi Format Schema Object. */
function multiFormat(s: DocumentSchema, id: string, schemas: Record<string, unknown>): Record<string, unknown> {
  switch (s.schemaType) {
    case 'AVRO':
      return { schemaFormat: 'application/vnd.apache.avro;version=1.9.0', schema: JSON.parse(s.text) };
    case 'PROTOBUF':
      return { schemaFormat: `application/vnd.google.protobuf;version=${/syntax\s*=\s*"proto2"/.test(s.text) ? 2 : 3}`, schema: s.text };
    case 'JSON': {
      const refs = new Map<string, string>();
      addReferences(s.references, id, refs, schemas);
      return { schemaFormat: 'application/schema+json;version=draft-07', schema: rewriteRefs(JSON.parse(s.text), id, refs) };
    }
  }
}

/**
 * A JSON Schema's `$ref`s are resolved against the AsyncAPI document once it is inline: its
 * own (`#/$defs/x`) point into its component, references to other subjects' schemas into theirs.
 */
function addReferences(references: readonly ResolvedReference[], owner: string, refs: Map<string, string>, schemas: Record<string, unknown>): void {
  for (const r of references) {
    const id = idOf(`${owner}.${r.name}`);
    refs.set(r.name, id);
    if (schemas[id]) continue;
    const nested = new Map<string, string>();
    addReferences(r.references, id, nested, schemas);
    schemas[id] = { schemaFormat: 'application/schema+json;version=draft-07', schema: rewriteRefs(JSON.parse(r.schema), id, nested) };
  }
}

function rewriteRefs(node: unknown, id: string, refs: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, id, refs));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const hash = v.indexOf('#');
      const base = hash < 0 ? v : v.slice(0, hash);
      const fragment = hash < 0 ? '' : v.slice(hash + 1);
      const target = base === '' ? id : refs.get(base);
      out[k] = target ? `#/components/schemas/${target}/schema${fragment}` : v;
    } else {
      out[k] = rewriteRefs(v, id, refs);
    }
  }
  return out;
}

/** Drops undefined members and empty lists, which AsyncAPI would read as "none". */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length)));
}
