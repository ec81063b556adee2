import type { Decimal } from './json-decimal';
import type { JsonNode } from './json-text';

/**
 * The typed view of a JSON Schema that the diff walks. It mirrors the model Confluent diffs
 * (everit's `Schema` classes): a schema object with several keyword families becomes an
 * `allOf` of one typed schema per family, `"type": [..]` becomes an `anyOf`, and two schemas
 * are only compared keyword by keyword when they are of the same kind. Reproducing that model
 * is what makes the difference types and paths come out as Confluent's do.
 */
export type SchemaNode =
  | EmptySchema
  | TrueSchema
  | FalseSchema
  | StringSchema
  | NumberSchema
  | BooleanSchema
  | NullSchema
  | ObjectSchema
  | ArraySchema
  | EnumSchema
  | ConstSchema
  | CombinedSchema
  | NotSchema
  | ConditionalSchema
  | ReferenceSchema;

/** Annotations every schema carries, compared for ID/TITLE/DESCRIPTION/DEFAULT_CHANGED. */
export interface SchemaCommon {
  /** `$id` (draft-04: `id`) as written; not compared at the root of 2019-09/2020-12 documents, as in Confluent. */
  readonly id?: string;
  readonly title?: string;
  readonly description?: string;
  /** Canonical text of `default`, for equality. */
  readonly defaultValue?: string;
  /** Keywords no typed view consumed (`connect.type`, draft-07's `minContains`, vendor keys). */
  readonly unprocessed: ReadonlyMap<string, JsonNode>;
  /** The JSON this schema was read from. */
  readonly json: JsonNode;
  /**
   * Set on the typed parts of a schema object that was split into an `allOf` (`string`,
   * `enum`, ...): with `json`, it tells apart parts read from the same object.
   */
  readonly part?: string;
  /** True for the root of the main document (Confluent ignores its `$id` in 2019-09/2020-12). */
  readonly isDocumentRoot: boolean;
}

/** `{}`: accepts anything. */
export interface EmptySchema extends SchemaCommon {
  readonly kind: 'empty';
}

/** `true`: accepts anything; a kind of its own, as Java's TrueSchema is a subclass of EmptySchema. */
export interface TrueSchema extends SchemaCommon {
  readonly kind: 'true';
}

/** `false`: accepts nothing. */
export interface FalseSchema extends SchemaCommon {
  readonly kind: 'false';
}

export interface StringSchema extends SchemaCommon {
  readonly kind: 'string';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

export interface NumberSchema extends SchemaCommon {
  readonly kind: 'number';
  readonly requiresInteger: boolean;
  readonly minimum?: Decimal;
  readonly maximum?: Decimal;
  readonly exclusiveMinimum?: Decimal;
  readonly exclusiveMaximum?: Decimal;
  readonly multipleOf?: Decimal;
}

export interface BooleanSchema extends SchemaCommon {
  readonly kind: 'boolean';
}

export interface NullSchema extends SchemaCommon {
  readonly kind: 'null';
}

export interface PatternProperty {
  readonly pattern: string;
  /** Null when the pattern is not a usable ECMAScript regular expression. */
  readonly regex: RegExp | null;
  readonly schema: SchemaNode;
}

export interface ObjectSchema extends SchemaCommon {
  readonly kind: 'object';
  readonly properties: ReadonlyMap<string, SchemaNode>;
  readonly required: ReadonlySet<string>;
  /** False for `additionalProperties: false`. */
  readonly permitsAdditionalProperties: boolean;
  /** The schema of `additionalProperties` when it is a schema (not a boolean). */
  readonly additionalProperties: SchemaNode | null;
  readonly patternProperties: readonly PatternProperty[];
  readonly unevaluatedProperties: SchemaNode | null;
  readonly propertyDependencies: ReadonlyMap<string, ReadonlySet<string>>;
  readonly schemaDependencies: ReadonlyMap<string, SchemaNode>;
  readonly minProperties?: number;
  readonly maxProperties?: number;
}

export interface ArraySchema extends SchemaCommon {
  readonly kind: 'array';
  /** `items` as one schema for every item. */
  readonly allItems: SchemaNode | null;
  /** Tuple items (`items: [..]`, or `prefixItems`). */
  readonly tupleItems: readonly SchemaNode[] | null;
  /** False for `additionalItems: false` (2020-12: `items: false`). */
  readonly permitsAdditionalItems: boolean;
  readonly additionalItems: SchemaNode | null;
  readonly unevaluatedItems: SchemaNode | null;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems: boolean;
  readonly minContains?: number;
  readonly maxContains?: number;
}

export interface EnumSchema extends SchemaCommon {
  readonly kind: 'enum';
  /** Canonical text of each permitted value; compared as a set. */
  readonly values: ReadonlySet<string>;
}

export interface ConstSchema extends SchemaCommon {
  readonly kind: 'const';
  readonly value: string;
}

export type Criterion = 'allOf' | 'anyOf' | 'oneOf';

export interface CombinedSchema extends SchemaCommon {
  readonly kind: 'combined';
  readonly criterion: Criterion;
  readonly subschemas: readonly SchemaNode[];
}

export interface NotSchema extends SchemaCommon {
  readonly kind: 'not';
  readonly mustNotMatch: SchemaNode;
}

/** `if`/`then`/`else`: Confluent compares only its annotations. */
export interface ConditionalSchema extends SchemaCommon {
  readonly kind: 'conditional';
}

export interface ReferenceSchema extends SchemaCommon {
  readonly kind: 'ref';
  readonly ref: string;
  /** The schema referred to, resolved on first use so that recursive schemas can be built. */
  target(): SchemaNode;
}
