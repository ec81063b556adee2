import { type JsonNode, stringMember } from './json-text';

/** The JSON Schema drafts Charter understands. */
export type Dialect = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

/** What Confluent assumes when a schema has no (or an unknown) `$schema`. */
export const DEFAULT_DIALECT: Dialect = 'draft-07';

const BY_META_SCHEMA: Record<string, Dialect> = {
  'json-schema.org/draft-04/schema': 'draft-04',
  'json-schema.org/draft-06/schema': 'draft-06',
  'json-schema.org/draft-07/schema': 'draft-07',
  'json-schema.org/draft/2019-09/schema': '2019-09',
  'json-schema.org/draft/2020-12/schema': '2020-12',
};

/** The dialect named by `$schema` (http or https, with or without the empty fragment). */
export function dialectOf(root: JsonNode): Dialect {
  const uri = stringMember(root, '$schema');
  if (uri === undefined) return DEFAULT_DIALECT;
  const key = uri
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/#$/, '')
    .replace(/\/$/, '');
  return BY_META_SCHEMA[key] ?? DEFAULT_DIALECT;
}

/** 2019-09 and later: `$defs`, `$anchor`, `dependentRequired`, `unevaluated*`, `$ref` beside other keywords. */
export function isModern(dialect: Dialect): boolean {
  return dialect === '2019-09' || dialect === '2020-12';
}

/** The keyword naming a schema resource (`id` in draft-04). */
export function idKeyword(dialect: Dialect): string {
  return dialect === 'draft-04' ? 'id' : '$id';
}

/** Where subschemas live, per dialect: the one table every walker in this folder uses. */
interface SubschemaKeywords {
  /** Keyword whose value is one schema. */
  readonly single: readonly string[];
  /** Keyword whose value is an array of schemas. */
  readonly array: readonly string[];
  /** Keyword whose value is a schema or an array of schemas (`items` before 2020-12). */
  readonly singleOrArray: readonly string[];
  /** Keyword whose value maps names to schemas. */
  readonly map: readonly string[];
  /** Keyword mapping names to a schema or to an array of names (`dependencies`). */
  readonly mapOfSchemaOrNames: readonly string[];
}

const KEYWORDS: Record<Dialect, SubschemaKeywords> = {
  'draft-04': {
    single: ['additionalItems', 'additionalProperties', 'not'],
    array: ['allOf', 'anyOf', 'oneOf'],
    singleOrArray: ['items'],
    map: ['properties', 'patternProperties', 'definitions'],
    mapOfSchemaOrNames: ['dependencies'],
  },
  'draft-06': {
    single: ['additionalItems', 'additionalProperties', 'not', 'contains', 'propertyNames'],
    array: ['allOf', 'anyOf', 'oneOf'],
    singleOrArray: ['items'],
    map: ['properties', 'patternProperties', 'definitions'],
    mapOfSchemaOrNames: ['dependencies'],
  },
  'draft-07': {
    single: ['additionalItems', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else'],
    array: ['allOf', 'anyOf', 'oneOf'],
    singleOrArray: ['items'],
    map: ['properties', 'patternProperties', 'definitions'],
    mapOfSchemaOrNames: ['dependencies'],
  },
  '2019-09': {
    single: [
      'additionalItems',
      'additionalProperties',
      'not',
      'contains',
      'propertyNames',
      'if',
      'then',
      'else',
      'unevaluatedItems',
      'unevaluatedProperties',
      'contentSchema',
    ],
    array: ['allOf', 'anyOf', 'oneOf'],
    singleOrArray: ['items'],
    map: ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'],
    mapOfSchemaOrNames: ['dependencies'],
  },
  '2020-12': {
    single: [
      'items',
      'additionalProperties',
      'not',
      'contains',
      'propertyNames',
      'if',
      'then',
      'else',
      'unevaluatedItems',
      'unevaluatedProperties',
      'contentSchema',
    ],
    array: ['allOf', 'anyOf', 'oneOf', 'prefixItems'],
    singleOrArray: [],
    map: ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'],
    mapOfSchemaOrNames: ['dependencies'],
  },
};

/** A subschema found under a schema object, with the pointer tokens leading to it. */
export interface ChildSchema {
  readonly tokens: readonly string[];
  readonly node: JsonNode;
}

/** The direct subschemas of `schema` (an object), in document order of their keywords. */
export function childSchemas(schema: JsonNode, dialect: Dialect): ChildSchema[] {
  if (schema.type !== 'object') return [];
  const k = KEYWORDS[dialect];
  const out: ChildSchema[] = [];
  for (const [key, value] of schema.members) {
    if (k.single.includes(key)) {
      if (isSchemaValue(value)) out.push({ tokens: [key], node: value });
    } else if (k.array.includes(key) || k.singleOrArray.includes(key)) {
      if (value.type === 'array') value.items.forEach((item, i) => isSchemaValue(item) && out.push({ tokens: [key, String(i)], node: item }));
      else if (k.singleOrArray.includes(key) && isSchemaValue(value)) out.push({ tokens: [key], node: value });
    } else if (k.map.includes(key) || k.mapOfSchemaOrNames.includes(key)) {
      if (value.type !== 'object') continue;
      for (const [name, sub] of value.members) if (isSchemaValue(sub)) out.push({ tokens: [key, name], node: sub });
    }
  }
  return out;
}

function isSchemaValue(node: JsonNode): boolean {
  return node.type === 'object' || node.type === 'boolean';
}
