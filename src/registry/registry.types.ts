import type { SchemaReference } from '../compatibility/schema-provider';
import type { SchemaType } from '../compatibility/schema-type';

/** A schema's content as stored: shared by every version in its context that registered it. */
export interface StoredSchema {
  readonly context: string;
  readonly id: number;
  readonly guid: string;
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
  /** Parsed JSON as registered, or null. */
  readonly metadata: unknown;
  readonly ruleSet: unknown;
  readonly md5: string;
}

/** One version of a subject. */
export interface StoredVersion {
  readonly context: string;
  readonly subject: string;
  readonly version: number;
  readonly schemaId: number;
  readonly deleted: boolean;
  readonly createdAt: Date;
}

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT', 'FORWARD'] as const;
export type Mode = (typeof MODES)[number];

/** Confluent's Config entity (the fields Charter stores; unknown ones are kept as given). */
export interface ConfigBody {
  compatibilityLevel?: string;
  compatibilityPolicy?: string;
  compatibilityGroup?: string;
  normalize?: boolean;
  validateFields?: boolean;
  validateRules?: boolean;
  alias?: string;
  defaultMetadata?: unknown;
  overrideMetadata?: unknown;
  defaultRuleSet?: unknown;
  overrideRuleSet?: unknown;
  [key: string]: unknown;
}
