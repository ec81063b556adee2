import { z } from 'zod';
import { COMPATIBILITY_LEVELS } from '../../compatibility/compatibility-level';
import { CLASSIFICATIONS, type PolicyKind } from '../catalog.types';
import { invalidTemplateReason } from './naming-template';
import { DEFAULT_PII_PATTERNS, DEFAULT_PII_TAGS } from './pii-patterns';
import { unsafeRegexReason } from './safe-regex';

/** Entry types a naming or required-fields policy can look at. */
export const POLICY_TARGETS = ['domain', 'team', 'application', 'topic', 'event'] as const;
export type PolicyTarget = (typeof POLICY_TARGETS)[number];

/** The fields a required-fields policy may ask for, per entry type. */
export const REQUIRABLE_FIELDS: Record<PolicyTarget, readonly string[]> = {
  domain: ['description'],
  team: ['description', 'contacts'],
  application: ['description', 'principals', 'consumerGroups'],
  topic: ['owner', 'description', 'classification', 'partitions', 'replicationFactor', 'retention', 'tags', 'key', 'value'],
  event: ['description'],
};

const word = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case word (kebab-case allowed)');

export const namingParams = z
  .object({
    target: z.enum(POLICY_TARGETS).default('topic'),
    /** `{domain}.{entity}.{event}`: see naming-template.ts. */
    template: z.string().optional(),
    /** Allowed words per placeholder, e.g. `{event: [created, updated, deleted]}`. */
    words: z.record(z.string(), z.array(word).min(1)).default({}),
    /** A regular expression the whole name must match (checked for catastrophic backtracking). */
    pattern: z.string().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if ((p.template === undefined) === (p.pattern === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either a template or a pattern, not both' });
    }
    if (p.template !== undefined) {
      const reason = invalidTemplateReason(p.template);
      if (reason) ctx.addIssue({ code: 'custom', path: ['template'], message: `invalid template: ${reason}` });
    }
    if (p.pattern !== undefined) {
      const reason = unsafeRegexReason(p.pattern);
      if (reason) ctx.addIssue({ code: 'custom', path: ['pattern'], message: `refused: ${reason}` });
    }
  });

export const retentionParams = z
  .object({
    /** The topics it applies to: any of these classifications (all when empty) ... */
    classifications: z.array(z.enum(CLASSIFICATIONS)).default([]),
    /** ... and any of these tags (all when empty). */
    tags: z.array(z.string().min(1)).default([]),
    /** retention.ms must be at least this (-1, infinite, always is). */
    minMs: z.number().int().min(0).optional(),
    /** retention.ms must be at most this (-1, infinite, never is). */
    maxMs: z.number().int().min(0).optional(),
    /** The retention of a topic that sets none: Kafka's log.retention.hours default, 7 days. */
    defaultMs: z.number().int().min(-1).default(604_800_000),
  })
  .strict()
  .refine((p) => p.minMs !== undefined || p.maxMs !== undefined, { message: 'give minMs, maxMs or both' })
  .refine((p) => p.minMs === undefined || p.maxMs === undefined || p.minMs <= p.maxMs, { message: 'minMs is larger than maxMs' });

export const requiredFieldsParams = z
  .object({
    target: z.enum(POLICY_TARGETS).default('topic'),
    fields: z.array(z.string()).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    const known = REQUIRABLE_FIELDS[p.target];
    p.fields.forEach((f, i) => {
      if (!known.includes(f)) {
        ctx.addIssue({ code: 'custom', path: ['fields', i], message: `a ${p.target} has no required-able field '${f}' (known: ${known.join(', ')})` });
      }
    });
  });

export const piiTaggingParams = z
  .object({
    /** Topics of these classifications must tag every PII-looking field. */
    classifications: z.array(z.enum(CLASSIFICATIONS)).min(1).default(['confidential', 'restricted']),
    /** What looks like personal data: see pii-patterns.ts. */
    patterns: z.array(z.string().regex(/^[a-z0-9]+$/, 'must be a lower-case word')).min(1).default([...DEFAULT_PII_PATTERNS]),
    /** Any of these tags classifies a field. */
    tags: z.array(z.string().min(1)).min(1).default([...DEFAULT_PII_TAGS]),
    /** Field names or paths that are not personal data despite their names. */
    ignore: z.array(z.string()).default([]),
  })
  .strict();

export const compatibilityParams = z
  .object({
    /** The weakest compatibility level allowed: BACKWARD allows BACKWARD(_TRANSITIVE) and FULL(_TRANSITIVE). */
    minimum: z.enum(COMPATIBILITY_LEVELS).default('BACKWARD'),
    /** Which of a topic's subjects it applies to. */
    roles: z.array(z.enum(['key', 'value'])).min(1).default(['value']),
  })
  .strict();

export type NamingParams = z.output<typeof namingParams>;
export type RetentionParams = z.output<typeof retentionParams>;
export type RequiredFieldsParams = z.output<typeof requiredFieldsParams>;
export type PiiTaggingParams = z.output<typeof piiTaggingParams>;
export type CompatibilityParams = z.output<typeof compatibilityParams>;

export const POLICY_PARAMS = {
  naming: namingParams,
  retention: retentionParams,
  'required-fields': requiredFieldsParams,
  'pii-tagging': piiTaggingParams,
  compatibility: compatibilityParams,
} as const satisfies Record<PolicyKind, z.ZodType>;

export interface ParamsProblem {
  readonly path: string;
  readonly message: string;
}

/** A kind's parameters with their defaults filled in, or the problems found. */
export function parsePolicyParams(kind: PolicyKind, raw: unknown): { params: Record<string, unknown> } | { problems: ParamsProblem[] } {
  const result = POLICY_PARAMS[kind].safeParse(raw ?? {});
  if (result.success) return { params: result.data as Record<string, unknown> };
  return {
    problems: result.error.issues.map((i) => ({ path: ['params', ...i.path].join('.'), message: i.message })),
  };
}
