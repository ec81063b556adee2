import { DEFAULT_CONTEXT, GLOBAL_CONTEXT, parseSubject, type QualifiedSubject } from '../../registry/subject-name';

/**
 * Confluent's (and Karapace's) `_schemas` topic, read back into the registry state it holds.
 *
 * Every record is a JSON key and a JSON value (or null, a tombstone):
 * - `{"keytype":"SCHEMA","subject":"s","version":1,"magic":1}` ->
 *   `{"subject","version","id","schemaType"?,"references"?,"metadata"?,"ruleSet"?,"schema","deleted"}`;
 *   a tombstone is a permanent delete of that version;
 * - `{"keytype":"CONFIG","subject":"s"|null,"magic":0}` -> `{"compatibilityLevel", ...}` (null subject: global);
 * - `{"keytype":"MODE","subject":"s"|null,"magic":0}` -> `{"mode"}`;
 * - `{"keytype":"DELETE_SUBJECT","subject":"s","magic":0}` -> `{"subject","version"}`: versions up
 *   to `version` are soft-deleted;
 * - `{"keytype":"CLEAR_SUBJECT","subject":"s","magic":0}` -> `{"subject"}`: soft-deleted versions
 *   of the subject (or of a context, `:.ctx:`) are forgotten;
 * - `{"keytype":"CONTEXT","tenant","context","magic":0}`: a context exists;
 * - `{"keytype":"NOOP","magic":0}`: a marker, nothing to do.
 * Subjects outside the default context are qualified: `:.ctx:subject`. The log is replayed in
 * order, as Confluent's reader does, so the last record of a key wins.
 */

/** One record of the topic, as read. */
export interface SchemasTopicRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
}

export interface SchemaReferenceValue {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A subject version as the topic leaves it. */
export interface ImportedVersion {
  readonly context: string;
  /** The subject's name within its context. */
  readonly name: string;
  /** As the registry writes it: `name`, or `:.ctx:name`. */
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schemaType: 'AVRO' | 'PROTOBUF' | 'JSON';
  readonly schema: string;
  readonly references: readonly SchemaReferenceValue[];
  readonly metadata: unknown;
  readonly ruleSet: unknown;
  readonly deleted: boolean;
}

/** A config or mode scope: null for global, a context (`name` ""), or a subject. */
export type Scope = QualifiedSubject | null;

export interface ImportedConfig {
  readonly scope: Scope;
  /** Confluent's Config fields as stored (compatibilityLevel, normalize, ...), without `subject`. */
  readonly body: Readonly<Record<string, unknown>>;
}

export interface ImportedMode {
  readonly scope: Scope;
  readonly mode: string;
}

export interface SchemasTopicCounts {
  records: number;
  schemaRecords: number;
  configRecords: number;
  modeRecords: number;
  deleteSubjectRecords: number;
  clearSubjectRecords: number;
  contextRecords: number;
  noopRecords: number;
  /** SCHEMA tombstones: versions deleted permanently. */
  tombstones: number;
  skipped: number;
}

/** The registry state the topic holds at its end. */
export interface SchemasTopicState {
  /** Ordered by context, subject and version. */
  readonly versions: readonly ImportedVersion[];
  readonly configs: readonly ImportedConfig[];
  readonly modes: readonly ImportedMode[];
  /** Contexts other than the default one, named by CONTEXT records or used by a subject. */
  readonly contexts: readonly string[];
  readonly counts: SchemasTopicCounts;
  /** Records that could not be read, and why. */
  readonly skipped: readonly { readonly partition: number; readonly offset: string; readonly reason: string }[];
}

const CONFIG_FIELDS = [
  'compatibilityLevel', 'compatibilityPolicy', 'compatibilityGroup', 'normalize', 'validateFields', 'validateRules',
  'validateNewSchemas', 'alias', 'aliasForDeks', 'defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet',
];

const SCHEMA_TYPES = new Set(['AVRO', 'PROTOBUF', 'JSON']);

class Skip extends Error {}

/** Replays the records of a `_schemas` topic, in log order, into the state they leave. */
export function replaySchemasTopic(records: Iterable<SchemasTopicRecord>): SchemasTopicState {
  const versions = new Map<string, ImportedVersion>();
  const configs = new Map<string, ImportedConfig>();
  const modes = new Map<string, ImportedMode>();
  const contexts = new Set<string>();
  const skipped: { partition: number; offset: string; reason: string }[] = [];
  const counts: SchemasTopicCounts = {
    records: 0, schemaRecords: 0, configRecords: 0, modeRecords: 0, deleteSubjectRecords: 0,
    clearSubjectRecords: 0, contextRecords: 0, noopRecords: 0, tombstones: 0, skipped: 0,
  };
  const versionKey = (q: QualifiedSubject, version: number) => `${q.context}\u0000${q.name}\u0000${version}`;

  for (const r of records) {
    counts.records++;
    try {
      const key = readJson(r.key, 'key');
      if (!key || typeof key !== 'object' || Array.isArray(key)) throw new Skip('the key is not a JSON object');
      const k = key as Record<string, unknown>;
      const value = r.value === null || r.value === undefined ? null : readJson(r.value, 'value');
      const v = value as Record<string, unknown> | null;
      if (v !== null && (typeof v !== 'object' || Array.isArray(v))) throw new Skip('the value is not a JSON object');
      switch (k.keytype) {
        case 'SCHEMA': {
          counts.schemaRecords++;
          const q = subjectOf(k.subject, 'key');
          const version = positiveInt(k.version, 'key version', 1);
          if (v === null) {
            counts.tombstones++;
            versions.delete(versionKey(q, version));
            break;
          }
          versions.set(versionKey(q, version), schemaValue(v, q, version));
          if (q.context !== DEFAULT_CONTEXT) contexts.add(q.context);
          break;
        }
        case 'CONFIG': {
          counts.configRecords++;
          const scope = scopeOf(k.subject);
          const id = scopeKey(scope);
          if (v === null) configs.delete(id);
          else configs.set(id, { scope, body: Object.fromEntries(CONFIG_FIELDS.filter((f) => v[f] !== undefined && v[f] !== null).map((f) => [f, v[f]])) });
          break;
        }
        case 'MODE': {
          counts.modeRecords++;
          const scope = scopeOf(k.subject);
          const id = scopeKey(scope);
          if (v === null) modes.delete(id);
          else {
            if (typeof v.mode !== 'string') throw new Skip('a MODE value needs a "mode"');
            modes.set(id, { scope, mode: v.mode.toUpperCase() });
          }
          break;
        }
        case 'DELETE_SUBJECT': {
          counts.deleteSubjectRecords++;
          if (v === null) break;
          const q = subjectOf(v.subject ?? k.subject, 'value');
          const upTo = positiveInt(v.version, 'value version');
          for (const [id, iv] of versions) {
            if (iv.context === q.context && iv.name === q.name && iv.version <= upTo && !iv.deleted) versions.set(id, { ...iv, deleted: true });
          }
          break;
        }
        case 'CLEAR_SUBJECT': {
          counts.clearSubjectRecords++;
          if (v === null) break;
          const raw = v.subject ?? k.subject;
          const q = raw === null || raw === undefined ? null : parseSubject(String(raw));
          for (const [id, iv] of versions) {
            const matches = !q || (iv.context === q.context && (q.name === '' || iv.name === q.name));
            if (matches && iv.deleted) versions.delete(id);
          }
          break;
        }
        case 'CONTEXT': {
          counts.contextRecords++;
          const context = typeof k.context === 'string' ? k.context : typeof v?.context === 'string' ? v.context : undefined;
          if (!context) throw new Skip('a CONTEXT key needs a "context"');
          const normalized = context.startsWith('.') ? context : `.${context}`;
          if (normalized !== DEFAULT_CONTEXT && normalized !== GLOBAL_CONTEXT) contexts.add(normalized);
          break;
        }
        case 'NOOP':
          counts.noopRecords++;
          break;
        default:
          throw new Skip(`unknown keytype ${JSON.stringify(k.keytype)}`);
      }
    } catch (e) {
      if (!(e instanceof Skip)) throw e;
      counts.skipped++;
      skipped.push({ partition: r.partition, offset: r.offset, reason: e.message });
    }
  }

  const order = (a: ImportedVersion, b: ImportedVersion) =>
    a.context < b.context ? -1 : a.context > b.context ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version;
  return {
    versions: [...versions.values()].sort(order),
    configs: [...configs.values()],
    modes: [...modes.values()],
    contexts: [...contexts].sort(),
    counts,
    skipped,
  };
}

function readJson(data: Buffer | string | null, what: string): unknown {
  if (data === null) throw new Skip(`the ${what} is empty`);
  const text = typeof data === 'string' ? data : data.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Skip(`the ${what} is not JSON`);
  }
}

function positiveInt(v: unknown, what: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new Skip(`the ${what} is not a version number`);
  return v;
}

function subjectOf(raw: unknown, where: string): QualifiedSubject {
  if (typeof raw !== 'string' || raw === '') throw new Skip(`the ${where} names no subject`);
  const q = parseSubject(raw);
  if (!q.name) throw new Skip(`'${raw}' is a context, not a subject`);
  return q;
}

/** null and Confluent's `.__GLOBAL` context are global; `:.ctx:` a context; anything else a subject. */
function scopeOf(raw: unknown): Scope {
  if (raw === null || raw === undefined || raw === '') return null;
  if (typeof raw !== 'string') throw new Skip('the key subject is not a string');
  const q = parseSubject(raw);
  if (q.context === GLOBAL_CONTEXT && !q.name) return null;
  if (q.context === DEFAULT_CONTEXT && !q.name) return null;
  return q;
}

function scopeKey(scope: Scope): string {
  return scope ? `${scope.context}\u0000${scope.name}` : '';
}

function schemaValue(v: Record<string, unknown>, q: QualifiedSubject, version: number): ImportedVersion {
  if (typeof v.schema !== 'string' || !v.schema) throw new Skip('a SCHEMA value needs a "schema"');
  if (typeof v.id !== 'number' || !Number.isInteger(v.id) || v.id < 0) throw new Skip('a SCHEMA value needs an integer "id"');
  const schemaType = v.schemaType === undefined || v.schemaType === null ? 'AVRO' : String(v.schemaType).toUpperCase();
  if (!SCHEMA_TYPES.has(schemaType)) throw new Skip(`unknown schemaType ${JSON.stringify(v.schemaType)}`);
  const refs = v.references === undefined || v.references === null ? [] : v.references;
  if (!Array.isArray(refs)) throw new Skip('"references" is not an array');
  const references = refs.map((r) => {
    const ref = r as Record<string, unknown>;
    if (typeof ref?.name !== 'string' || typeof ref.subject !== 'string' || typeof ref.version !== 'number') {
      throw new Skip('a reference needs a name, a subject and a version');
    }
    return { name: ref.name, subject: ref.subject, version: ref.version };
  });
  return {
    context: q.context,
    name: q.name,
    subject: q.context === DEFAULT_CONTEXT ? q.name : `:${q.context}:${q.name}`,
    version,
    id: v.id,
    schemaType: schemaType as ImportedVersion['schemaType'],
    schema: v.schema,
    references,
    metadata: v.metadata ?? null,
    ruleSet: v.ruleSet ?? null,
    deleted: v.deleted === true,
  };
}

/**
 * The order to register versions in so that every reference resolves: a version's references
 * first (with the versions of their subject before them), and each subject's versions in
 * ascending order, since a re-registered schema must find its earlier versions already there.
 * A reference to `-1` (latest) means the subject's highest live version in the topic.
 */
export function registrationOrder(versions: readonly ImportedVersion[]): ImportedVersion[] {
  const bySubject = new Map<string, ImportedVersion[]>();
  for (const v of versions) {
    const k = `${v.context}\u0000${v.name}`;
    bySubject.set(k, [...(bySubject.get(k) ?? []), v]);
  }
  for (const list of bySubject.values()) list.sort((a, b) => a.version - b.version);
  const out: ImportedVersion[] = [];
  const done = new Set<ImportedVersion>();
  const visiting = new Set<ImportedVersion>();
  const visit = (v: ImportedVersion) => {
    if (done.has(v) || visiting.has(v)) return; // a cycle cannot be registered anyway: left to fail
    visiting.add(v);
    const own = bySubject.get(`${v.context}\u0000${v.name}`)!;
    for (const earlier of own) {
      if (earlier.version >= v.version) break;
      visit(earlier);
    }
    for (const r of v.references) {
      const q = r.subject.startsWith(':.') ? parseSubject(r.subject) : { context: v.context, name: r.subject };
      const list = bySubject.get(`${q.context}\u0000${q.name}`) ?? [];
      const target = r.version === -1 ? [...list].reverse().find((x) => !x.deleted) : list.find((x) => x.version === r.version);
      if (target) visit(target);
    }
    visiting.delete(v);
    done.add(v);
    out.push(v);
  };
  for (const v of versions) visit(v);
  return out;
}
