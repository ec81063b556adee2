import { z } from 'zod';
import { Errors } from '../../common/errors/registry-error';
import {
  CLASSIFICATIONS,
  CONTACT_KINDS,
  LIFECYCLES,
  POLICY_KINDS,
  SEVERITIES,
  SUBJECT_NAME_STRATEGIES,
  type EntityMap,
  type EntityType,
} from '../catalog.types';
import { parsePolicyParams } from '../policies/policy-params';
import { normalizeSubject } from '../catalog-state';

/** Names of domains, teams, applications, events and policies: identifiers, not prose. */
export const entryName = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must start with a letter or digit and hold only letters, digits, ".", "_" and "-"');

/** Kafka's own rule for topic names. */
export const topicName = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[A-Za-z0-9._-]+$/, 'must hold only letters, digits, ".", "_" and "-" (Kafka topic names)')
  .refine((n) => n !== '.' && n !== '..', 'cannot be "." or ".."');

export const subjectName = z
  .string()
  .min(1)
  .max(1000)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f-\u009f]+$/, 'must not contain control characters');

const tag = z.string().min(1).max(100).regex(/^\S+$/, 'must not contain spaces');
const text = z.string().max(10_000);
const nullableText = text.nullable().default(null).transform((t) => (t === '' ? null : t));
const uniqueList = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .default([])
    .transform((l) => [...new Set(l)]);

/** Bodies may echo what a write answered (its warnings); that is not part of the entry. */
function entry<S extends z.ZodRawShape>(shape: S) {
  return z
    .object({ ...shape, warnings: z.unknown().optional() })
    .strict()
    .transform((v) => {
      const { warnings: _warnings, ...rest } = v as z.output<z.ZodObject<S>> & { warnings?: unknown };
      return rest as z.output<z.ZodObject<S>>;
    });
}

export const domainInput = entry({ name: entryName, description: nullableText });

export const contact = z.object({ kind: z.enum(CONTACT_KINDS), value: z.string().min(1).max(1000) }).strict();

export const teamInput = entry({
  name: entryName,
  domain: entryName,
  description: nullableText,
  contacts: z.array(contact).default([]),
});

export const applicationInput = entry({
  name: entryName,
  domain: entryName,
  ownerTeam: entryName,
  description: nullableText,
  principals: uniqueList(z.string().regex(/^[A-Za-z]+:\S+$/, 'must be a Kafka principal such as User:orders-service')),
  consumerGroups: uniqueList(z.string().min(1).max(249)),
});

export const topicConfiguration = z
  .object({
    'cleanup.policy': z
      .array(z.enum(['delete', 'compact']))
      .min(1)
      .transform((l) => [...new Set(l)].sort())
      .optional(),
    'retention.ms': z.number().int().min(-1).optional(),
    'retention.bytes': z.number().int().min(-1).optional(),
    'delete.retention.ms': z.number().int().min(0).optional(),
    'max.message.bytes': z.number().int().min(0).optional(),
    'min.insync.replicas': z.number().int().min(1).optional(),
  })
  .strict();

export const schemaBinding = z
  .object({
    strategy: z.enum(SUBJECT_NAME_STRATEGIES).default('TopicNameStrategy'),
    records: uniqueList(z.string().min(1).max(1000).regex(/^\S+$/, 'must be a fully qualified record name')),
  })
  .strict()
  .refine((b) => (b.strategy === 'TopicNameStrategy') === (b.records.length === 0), {
    message: 'TopicNameStrategy takes no records; RecordNameStrategy and TopicRecordNameStrategy need at least one',
  });

const TOPIC_NAME_DEFAULT = { strategy: 'TopicNameStrategy' as const, records: [] as string[] };

export const topicInput = entry({
  name: topicName,
  domain: entryName,
  ownerTeam: entryName.nullable().default(null),
  description: nullableText,
  lifecycle: z.enum(LIFECYCLES).default('active'),
  partitions: z.number().int().min(1).max(1_000_000).nullable().default(null),
  replicationFactor: z.number().int().min(1).max(32_767).nullable().default(null),
  topicConfiguration: topicConfiguration.default({}),
  classification: z.enum(CLASSIFICATIONS).nullable().default(null),
  tags: uniqueList(tag),
  key: schemaBinding.nullable().default(null),
  value: schemaBinding.nullable().default(TOPIC_NAME_DEFAULT),
}).refine(
  (t) => t.replicationFactor === null || (t.topicConfiguration['min.insync.replicas'] ?? 1) <= t.replicationFactor,
  { message: 'topicConfiguration.min.insync.replicas cannot exceed replicationFactor', path: ['topicConfiguration', 'min.insync.replicas'] },
);

/**
 * PUT /catalog/topics/{t}/classification: what a data steward may change on a topic, its
 * classification and free tags. Either may be left out (it keeps its value); not both.
 */
export const topicClassificationInput = z
  .object({
    classification: z.enum(CLASSIFICATIONS).nullable().optional(),
    tags: z
      .array(tag)
      .transform((l) => [...new Set(l)])
      .optional(),
  })
  .strict()
  .refine((b) => b.classification !== undefined || b.tags !== undefined, { message: 'name a classification, tags or both' });

export const eventInput = entry({
  name: entryName,
  topic: topicName,
  description: nullableText,
  subject: subjectName.transform(normalizeSubject),
  minVersion: z.number().int().min(1).nullable().default(null),
  maxVersion: z.number().int().min(1).nullable().default(null),
}).refine((e) => e.minVersion === null || e.maxVersion === null || e.minVersion <= e.maxVersion, {
  message: 'minVersion is larger than maxVersion',
  path: ['minVersion'],
});

export const clientInput = z
  .object({
    consumerGroup: z.string().min(1).max(249).nullable().default(null),
    // Echoed from a read of the binding; the URL says these.
    topic: z.string().optional(),
    application: z.string().optional(),
    role: z.string().optional(),
    warnings: z.unknown().optional(),
  })
  .strict();

export const fieldTagInput = z
  .object({
    path: z.string().min(1).max(2000),
    tags: uniqueList(tag),
  })
  .strict();

export const policyInput = entry({
  name: entryName,
  kind: z.enum(POLICY_KINDS),
  domain: entryName.nullable().default(null),
  severity: z.enum(SEVERITIES).default('warn'),
  description: nullableText,
  enabled: z.boolean().default(true),
  params: z.record(z.string(), z.unknown()).default({}),
});

/** The zod schema of each entry type's body (client and field-tag bodies are addressed by URL). */
export const ENTRY_INPUTS = {
  domain: domainInput,
  team: teamInput,
  application: applicationInput,
  topic: topicInput,
  event: eventInput,
  policy: policyInput,
} as const;

export type NamedEntityType = keyof typeof ENTRY_INPUTS;

/** Turns zod's issues into Charter's 42281 answer. */
export function invalidInput(what: string, error: z.ZodError): Error {
  const errors = error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  return Errors.invalidCatalogEntry(`Invalid ${what}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
}

/** Parses a body with `schema`, answering 42281 with every problem when it does not fit. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw invalidInput(what, result.error);
  return result.data;
}

/**
 * A named entry from a request body, defaults filled in. `name` (from the URL) wins over, and
 * must agree with, the body's. Policies' parameters are checked for their kind (42282).
 */
export function parseEntry<T extends NamedEntityType>(type: T, body: unknown, name?: string): EntityMap[T] {
  const raw = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : body;
  if (name !== undefined && raw && typeof raw === 'object') {
    const given = (raw as Record<string, unknown>).name;
    if (given !== undefined && given !== name) {
      throw Errors.invalidCatalogEntry(`The body names '${String(given)}' but the URL names '${name}'; rename by creating a new entry`);
    }
    (raw as Record<string, unknown>).name = name;
  }
  const parsed = parseBody(ENTRY_INPUTS[type] as z.ZodType, raw, type) as EntityMap[T];
  if (type === 'policy') {
    const policy = parsed as EntityMap['policy'];
    const params = parsePolicyParams(policy.kind, policy.params);
    if ('problems' in params) {
      throw Errors.invalidPolicy(
        `Invalid parameters for a ${policy.kind} policy: ${params.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      );
    }
    return { ...policy, params: params.params } as EntityMap[T];
  }
  return parsed;
}

/** Types whose entries are addressed by name. */
export function isNamedType(type: EntityType): type is NamedEntityType {
  return type in ENTRY_INPUTS;
}
