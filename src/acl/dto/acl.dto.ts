import { z } from 'zod';
import { Errors } from '../../common/errors/registry-error';
import { USER_NAME } from '../../config/config';
import { API_KEY_ID } from '../secrets';
import { CLUSTER_ONLY_ROLES, RESOURCE_TYPES, ROLES, type ResourcePattern, type Role } from '../rbac';

/** Request bodies of the access API, validated with zod; failures answer 42290. */

const password = z.string().min(8, 'must be at least 8 characters').max(1024);
const userName = z.string().regex(USER_NAME, 'must be 1 to 128 letters, digits or . _ @ + - (starting with a letter or digit)');

export const createUserInput = z
  .object({
    // A name shaped like an API key id would be taken for one when it signs in.
    name: userName.refine((n) => !API_KEY_ID.test(n), 'is shaped like an API key id'),
    /** Absent for a service account, which only API keys act for. */
    password: password.optional(),
  })
  .strict();

export const changePasswordInput = z.object({ password }).strict();

export const createApiKeyInput = z
  .object({
    /** The user the key belongs to; the caller when absent. */
    owner: userName.optional(),
    description: z.string().max(500).optional(),
    /** ISO 8601; the key never expires when absent. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const rotateApiKeyInput = z
  .object({
    /** How long the replaced secret keeps working; API_KEY_ROTATION_GRACE_SECONDS when absent, 0 revokes it at once. */
    graceSeconds: z.number().int().min(0).max(30 * 86_400).optional(),
  })
  .strict();

export const resourcePatternInput = z
  .object({
    type: z.enum(RESOURCE_TYPES),
    name: z.string().max(1024).default(''),
    patternType: z.enum(['LITERAL', 'PREFIXED']).default('LITERAL'),
  })
  .strict();

export const createBindingInput = z
  .object({
    principal: z.string().regex(/^(User|Group|ApiKey):[^\s]{1,256}$/, 'must be User:<name>, Group:<name> or ApiKey:<id>'),
    role: z.enum(ROLES),
    resource: resourcePatternInput,
  })
  .strict();

export type CreateBindingInput = z.infer<typeof createBindingInput>;

/** Parses a body or throws 42290 naming what is wrong. */
export function parseAclBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : what}: ${i.message}`);
  throw Errors.invalidAclRequest(`Invalid ${what}: ${problems.join('; ')}`);
}

/** A binding's resource, checked for what makes sense (throws 42290 otherwise). */
export function toResourcePattern(input: z.infer<typeof resourcePatternInput>, role?: Role): ResourcePattern {
  const { type, name, patternType } = input;
  if (type === 'Cluster' || type === 'Catalog') {
    if (name !== '' || patternType !== 'LITERAL') throw Errors.invalidAclRequest(`A ${type} resource has no name or pattern`);
  } else if (patternType === 'LITERAL' && !name) {
    throw Errors.invalidAclRequest(`A LITERAL ${type} resource needs a name (use PREFIXED with an empty name for all)`);
  }
  if (type === 'Subject' && name.startsWith(':*:') && patternType !== 'PREFIXED') {
    throw Errors.invalidAclRequest('Only a PREFIXED subject pattern may name every context (:*:)');
  }
  if (role && CLUSTER_ONLY_ROLES.has(role) && type !== 'Cluster') throw Errors.invalidAclRequest(`${role} is granted on the Cluster only`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) throw Errors.invalidAclRequest('Resource names contain no control characters');
  return { type, name, pattern: patternType };
}

/** A binding resource as text: `Subject:orders-*` for a prefix, `Cluster`, `Topic:payments`. */
export function patternLabel(p: ResourcePattern): string {
  if (p.type === 'Cluster' || p.type === 'Catalog') return p.type;
  return `${p.type}:${p.name}${p.pattern === 'PREFIXED' ? '*' : ''}`;
}

const isoTime = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());

/** Filters of GET /acl/audit and its export. */
export const auditQueryInput = z.object({
  principal: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  resource: z.string().min(1).optional(),
  outcome: z.enum(['allowed', 'denied', 'error']).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** Page newest first: records older than this seq. */
  before: z.coerce.number().int().min(1).optional(),
  /** Oldest first from after this seq (the export). */
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
