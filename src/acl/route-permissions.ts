import type { Action } from './rbac';

/**
 * Who may call which route: the one table. Every route Fastify serves (Nest's controllers, the
 * docs, the UI's files, operations) is keyed here as `METHOD /template`, the template exactly
 * as Fastify registered it (`request.routeOptions.url`). A route missing from the table is
 * refused (fail closed), and the authorization matrix test fails for it.
 *
 * A rule says what the request does (`access`: an action, or `public`/`authenticated`), to what
 * (`resource`: where in the request the resource is named), and, for lists, how their items
 * are filtered to what the principal may read (`filter`). `op` names writes in the audit log.
 */

/** Where a request names its resource. */
export type From = { readonly param: string } | { readonly body: string } | { readonly query: string };

export type ResourceRef =
  /**
   * The registry as a whole: global config and mode, users and keys, the audit log. `names`
   * only labels the audit record (`User:alice` for a user being created).
   */
  | { readonly kind: 'cluster'; readonly names?: { readonly type: string; readonly from: From } }
  /**
   * The catalogue's entries other than topics and domains (teams, applications, events,
   * policies, history). `label` and `name` shape a denied read like the catalogue's not-found.
   */
  | { readonly kind: 'catalog'; readonly label?: string; readonly name?: From }
  /** A subject in its context (`:.ctx:name`), or a whole context (`:.ctx:`) for context-level config and mode. */
  | { readonly kind: 'subject'; readonly from: From }
  /** A context by name: every subject in it. */
  | { readonly kind: 'context'; readonly from: From }
  /** A schema id (`?subject=` selects the context): readable through any subject that has it. */
  | { readonly kind: 'schema-id'; readonly from: From }
  /** A schema GUID: readable through any subject, in any context, that has it. */
  | { readonly kind: 'schema-guid'; readonly from: From }
  /** A topic or domain by name; `orCluster` when the name is optional and its absence means "all". */
  | { readonly kind: 'topic' | 'domain'; readonly from: From; readonly orCluster?: boolean }
  /** A user account (administrators, and the user itself); the caller's own when the field is absent. */
  | { readonly kind: 'user'; readonly from: From }
  /** An API key: its owner's account. */
  | { readonly kind: 'api-key'; readonly from: From }
  /** The resource of a role binding about to be created (the request body's `resource`). */
  | { readonly kind: 'binding-pattern'; readonly from: From }
  /** The resource of an existing role binding. */
  | { readonly kind: 'binding'; readonly from: From };

/**
 * How a list answer is narrowed to what the principal may see. Lists are filtered rather than
 * refused, so they never say what exists beyond the principal's reach.
 */
export type ListFilter =
  /** `["subject", ...]` (qualified names). */
  | 'subject-names'
  /** `[{subject, ...}, ...]`. */
  | 'subject-items'
  /** `[id, ...]`: schema ids in the context of the route's subject. */
  | 'schema-ids'
  /** `[{context, id}, ...]`. */
  | 'context-ids'
  /** `[".ctx", ...]`: contexts the principal can read something in. */
  | 'contexts'
  /** `[{name, ...}, ...]` of topics / domains. */
  | 'topics'
  | 'domains'
  /** All or nothing: the whole list when the principal may read the catalogue, else `[]`. */
  | 'catalog'
  /** Catalogue search results `{type, name, ...}` by their own resource. */
  | 'search'
  /** API keys: the principal's own, or all for auditors and administrators. */
  | 'api-keys'
  /** Role bindings: the principal's own and those it may grant, or all for auditors and administrators. */
  | 'bindings';

export interface RouteRule {
  readonly access: 'public' | 'authenticated' | Action;
  readonly resource?: ResourceRef;
  readonly filter?: ListFilter;
  /** The audit log's name for a write (`subject.register`); reads are only logged when denied. */
  readonly op?: string;
}

const subjectParam: ResourceRef = { kind: 'subject', from: { param: 'subject' } };
const schemaIdParam: ResourceRef = { kind: 'schema-id', from: { param: 'id' } };
const guidParam: ResourceRef = { kind: 'schema-guid', from: { param: 'guid' } };
const cluster: ResourceRef = { kind: 'cluster' };
const topicParam: ResourceRef = { kind: 'topic', from: { param: 'name' } };
const domainParam: ResourceRef = { kind: 'domain', from: { param: 'name' } };
const catalogNamed = (label: string): ResourceRef => ({ kind: 'catalog', label, name: { param: 'name' } });
const catalog: ResourceRef = { kind: 'catalog' };
const kafkaCluster = (from: From): ResourceRef => ({ kind: 'cluster', names: { type: 'KafkaCluster', from } });

const PUBLIC: RouteRule = { access: 'public' };
const AUTHENTICATED: RouteRule = { access: 'authenticated' };
const read = (resource: ResourceRef, filter?: ListFilter): RouteRule => ({ access: 'read', resource, filter });
const list = (filter: ListFilter): RouteRule => ({ access: 'authenticated', filter });
const act = (access: Action, resource: ResourceRef, op: string): RouteRule => ({ access, resource, op });

/** The five routes of a catalogue entry type guarded by the catalogue-wide resource. */
function catalogEntries(path: string, label: string, writeAction: Action = 'write'): Record<string, RouteRule> {
  const entry = label.toLowerCase();
  return {
    [`GET ${path}`]: list('catalog'),
    [`POST ${path}`]: act(writeAction, catalog, `catalog.${entry}.create`),
    [`GET ${path}/:name`]: read(catalogNamed(label)),
    [`PUT ${path}/:name`]: act(writeAction, catalogNamed(label), `catalog.${entry}.update`),
    [`DELETE ${path}/:name`]: act(writeAction === 'write' ? 'delete' : writeAction, catalogNamed(label), `catalog.${entry}.delete`),
  };
}

/**
 * The table. HEAD requests use their GET's rule. A key ending in `*` covers every template
 * starting with what precedes it; only public file trees use that.
 */
export const ROUTE_PERMISSIONS: Readonly<Record<string, RouteRule>> = {
  // Liveness as Confluent answers it, the docs, the UI's files and operations.
  'GET /': PUBLIC,
  'POST /': PUBLIC,
  'GET /docs*': PUBLIC,
  'GET /ui*': PUBLIC,
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  // Counts and latencies per route template: no subject names, so scrapers need no account.
  'GET /metrics': PUBLIC,

  // The registry: server.
  'GET /v1/metadata/id': AUTHENTICATED,
  'GET /v1/metadata/version': AUTHENTICATED,
  'GET /schemas/types': PUBLIC,

  // Schemas by id and GUID: readable through any subject that registered them.
  'GET /schemas': list('subject-items'),
  'GET /schemas/ids/:id': read(schemaIdParam),
  'GET /schemas/ids/:id/schema': read(schemaIdParam),
  'GET /schemas/ids/:id/subjects': read(schemaIdParam, 'subject-names'),
  'GET /schemas/ids/:id/versions': read(schemaIdParam, 'subject-items'),
  'GET /schemas/guids/:guid': read(guidParam),
  'GET /schemas/guids/:guid/ids': read(guidParam, 'context-ids'),

  // Subjects and versions.
  'GET /subjects': list('subject-names'),
  'POST /subjects/:subject': read(subjectParam),
  'DELETE /subjects/:subject': act('delete', subjectParam, 'subject.delete'),
  'GET /subjects/:subject/metadata': read(subjectParam),
  'GET /subjects/:subject/versions': read(subjectParam),
  'POST /subjects/:subject/versions': act('write', subjectParam, 'schema.register'),
  'GET /subjects/:subject/versions/:version': read(subjectParam),
  'DELETE /subjects/:subject/versions/:version': act('delete', subjectParam, 'version.delete'),
  'GET /subjects/:subject/versions/:version/schema': read(subjectParam),
  'GET /subjects/:subject/versions/:version/referencedby': read(subjectParam, 'schema-ids'),
  'POST /compatibility/subjects/:subject/versions': read(subjectParam),
  'POST /compatibility/subjects/:subject/versions/:version': read(subjectParam),

  // Config and mode: global ones are the cluster's; a subject's (or a context's, `:.ctx:`) its own.
  'GET /config': AUTHENTICATED,
  'PUT /config': act('configure', cluster, 'config.update'),
  'DELETE /config': act('configure', cluster, 'config.delete'),
  'GET /config/:subject': read(subjectParam),
  'PUT /config/:subject': act('configure', subjectParam, 'config.update'),
  'DELETE /config/:subject': act('configure', subjectParam, 'config.delete'),
  'GET /mode': AUTHENTICATED,
  'PUT /mode': act('configure', cluster, 'mode.update'),
  'DELETE /mode': act('configure', cluster, 'mode.delete'),
  'GET /mode/:subject': read(subjectParam),
  'PUT /mode/:subject': act('configure', subjectParam, 'mode.update'),
  'DELETE /mode/:subject': act('configure', subjectParam, 'mode.delete'),

  // Contexts.
  'GET /contexts': list('contexts'),
  'DELETE /contexts/:context': act('delete', { kind: 'context', from: { param: 'context' } }, 'context.delete'),

  // The catalogue: topics and domains are resources of their own.
  'GET /catalog/topics': list('topics'),
  'POST /catalog/topics': act('write', { kind: 'topic', from: { body: 'name' } }, 'catalog.topic.create'),
  'GET /catalog/topics/:name': read(topicParam),
  'PUT /catalog/topics/:name': act('write', topicParam, 'catalog.topic.update'),
  'DELETE /catalog/topics/:name': act('delete', topicParam, 'catalog.topic.delete'),
  'GET /catalog/topics/:name/subjects': read(topicParam),
  // A data steward classifies and tags a topic without owning it.
  'PUT /catalog/topics/:name/classification': act('tag', topicParam, 'catalog.topic.classify'),
  'GET /catalog/topics/:name/:role': read(topicParam),
  'PUT /catalog/topics/:name/:role/:application': act('write', topicParam, 'catalog.topic-client.put'),
  'DELETE /catalog/topics/:name/:role/:application': act('write', topicParam, 'catalog.topic-client.delete'),
  'GET /catalog/domains': list('domains'),
  'POST /catalog/domains': act('write', { kind: 'domain', from: { body: 'name' } }, 'catalog.domain.create'),
  'GET /catalog/domains/:name': read(domainParam),
  'PUT /catalog/domains/:name': act('write', domainParam, 'catalog.domain.update'),
  'DELETE /catalog/domains/:name': act('delete', domainParam, 'catalog.domain.delete'),
  'GET /catalog/asyncapi/domains/:domain': read({ kind: 'domain', from: { param: 'domain' } }),

  // The rest of the catalogue is one resource, `Catalog`; policies are its configuration.
  ...catalogEntries('/catalog/teams', 'Team'),
  ...catalogEntries('/catalog/applications', 'Application'),
  'GET /catalog/applications/:name/topics': read(catalogNamed('Application')),
  'GET /catalog/asyncapi/applications/:application': read({ kind: 'catalog', label: 'Application', name: { param: 'application' } }),
  ...catalogEntries('/catalog/events', 'Event'),
  ...catalogEntries('/catalog/policies', 'Policy', 'configure'),
  'GET /catalog/findings': read(catalog),
  // Every producer and consumer binding (the lineage graph); the same facts as each application's topics.
  'GET /catalog/clients': read(catalog),
  'GET /catalog/history': read(catalog),
  'GET /catalog/search': list('search'),
  // Field tags are the data steward's classification of a subject's fields.
  'GET /catalog/field-tags': list('subject-items'),
  'GET /catalog/field-tags/:subject': read(subjectParam),
  'PUT /catalog/field-tags/:subject': act('tag', subjectParam, 'catalog.field-tag.put'),
  'DELETE /catalog/field-tags/:subject': act('tag', subjectParam, 'catalog.field-tag.delete'),
  'POST /catalog/impact': read({ kind: 'subject', from: { body: 'subject' } }),
  // Catalogue as code: a whole export (or one domain's), and an import that may change anything.
  'GET /catalog/export': read({ kind: 'domain', from: { query: 'domain' }, orCluster: true }),
  'POST /catalog/import': act('write', cluster, 'catalog.import'),

  // Kafka clusters Charter connects to (their credentials are the cluster's configuration), and
  // the ownership audit's findings, which compare them with the catalogue.
  'GET /kafka/clusters': read(cluster),
  'POST /kafka/clusters': act('configure', kafkaCluster({ body: 'name' }), 'kafka.cluster.create'),
  'GET /kafka/clusters/:name': read(cluster),
  'PUT /kafka/clusters/:name': act('configure', kafkaCluster({ param: 'name' }), 'kafka.cluster.update'),
  'DELETE /kafka/clusters/:name': act('configure', kafkaCluster({ param: 'name' }), 'kafka.cluster.delete'),
  'POST /kafka/clusters/:name/check': act('configure', kafkaCluster({ param: 'name' }), 'kafka.cluster.check'),
  'POST /kafka/clusters/:name/scan': act('configure', kafkaCluster({ param: 'name' }), 'kafka.cluster.scan'),
  'GET /kafka/clusters/:name/scans': read(cluster),
  'GET /kafka/clusters/:name/scans/:id': read(cluster),
  // Writes schemas under any subject.
  'POST /kafka/clusters/:name/import-schemas': act('write', kafkaCluster({ param: 'name' }), 'kafka.schemas.import'),
  'GET /kafka/findings': list('catalog'),
  'GET /kafka/findings/:id': read(catalog),
  'GET /kafka/findings/:id/history': read(catalog),

  // Access itself.
  // The sign-in page asks before anyone is signed in.
  'GET /acl/sign-in-options': PUBLIC,
  'GET /acl/whoami': AUTHENTICATED,
  'GET /acl/roles': AUTHENTICATED,
  'GET /acl/users': { access: 'audit', resource: cluster },
  'POST /acl/users': act('admin', { kind: 'cluster', names: { type: 'User', from: { body: 'name' } } }, 'acl.user.create'),
  'DELETE /acl/users/:name': act('admin', { kind: 'cluster', names: { type: 'User', from: { param: 'name' } } }, 'acl.user.delete'),
  'PUT /acl/users/:name/password': act('admin', { kind: 'user', from: { param: 'name' } }, 'acl.user.password'),
  'GET /acl/keys': list('api-keys'),
  'POST /acl/keys': act('admin', { kind: 'user', from: { body: 'owner' } }, 'acl.key.create'),
  'POST /acl/keys/:id/rotate': act('admin', { kind: 'api-key', from: { param: 'id' } }, 'acl.key.rotate'),
  'DELETE /acl/keys/:id': act('admin', { kind: 'api-key', from: { param: 'id' } }, 'acl.key.revoke'),
  'GET /acl/bindings': list('bindings'),
  'POST /acl/bindings': act('grant', { kind: 'binding-pattern', from: { body: 'resource' } }, 'acl.binding.create'),
  'DELETE /acl/bindings/:id': act('grant', { kind: 'binding', from: { param: 'id' } }, 'acl.binding.delete'),
  'GET /acl/audit': { access: 'audit', resource: cluster },
  'GET /acl/audit/export': { access: 'audit', resource: cluster },
  'POST /acl/audit/verify': { access: 'audit', resource: cluster, op: 'acl.audit.verify' },
};

const WILDCARDS = Object.keys(ROUTE_PERMISSIONS)
  .filter((k) => k.endsWith('*'))
  .map((k) => ({ prefix: k.slice(0, -1), rule: ROUTE_PERMISSIONS[k] }));

/** The rule for a route as Fastify matched it, or undefined (then the request is refused). */
export function ruleFor(method: string, template: string): RouteRule | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  const key = `${m} ${template}`;
  const exact = ROUTE_PERMISSIONS[key];
  if (exact) return exact;
  for (const w of WILDCARDS) if (key.startsWith(w.prefix)) return w.rule;
  return undefined;
}
