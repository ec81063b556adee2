import type { JsonValue } from './avro-json';

/**
 * Charter's model of a parsed Avro schema, shaped after Java Avro's `Schema` because the stored
 * text and the compatibility verdicts must come out exactly as Java's do.
 *
 * Identity matters: a named type is one object however many places use it (so recursion is a
 * cycle in the graph), while every occurrence of a primitive, array, map or union is its own
 * object, as `Schema.create` makes them in Java. The compatibility checker memoises on object
 * pairs, so this sharing decides which paths it reports.
 */
export type AvroSchema = PrimitiveSchema | RecordSchema | EnumSchema | FixedSchema | ArraySchema | MapSchema | UnionSchema;

export type PrimitiveType = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';
export type NamedSchema = RecordSchema | EnumSchema | FixedSchema;

export const PRIMITIVE_TYPES: ReadonlySet<string> = new Set<PrimitiveType>([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

/** Custom attributes, in the order they were written; values as parsed. */
export type Props = Map<string, JsonValue>;

export interface PrimitiveSchema {
  readonly type: PrimitiveType;
  readonly props: Props;
}

export interface RecordSchema {
  readonly type: 'record';
  readonly name: AvroName;
  /** Declared with `"type": "error"` (Avro protocols); printed back that way. */
  readonly isError: boolean;
  readonly doc: string | undefined;
  readonly fields: AvroField[];
  readonly fieldsByName: Map<string, AvroField>;
  readonly aliases: AvroName[];
  readonly props: Props;
}

export interface AvroField {
  readonly name: string;
  readonly pos: number;
  schema: AvroSchema;
  readonly doc: string | undefined;
  /** Absent when the field has no default; `null` is a JSON null default. */
  readonly defaultValue: JsonValue | undefined;
  readonly order: 'ascending' | 'descending' | 'ignore';
  /** Field aliases are plain names, kept as written. */
  readonly aliases: string[];
  readonly props: Props;
}

export interface EnumSchema {
  readonly type: 'enum';
  readonly name: AvroName;
  readonly doc: string | undefined;
  readonly symbols: string[];
  readonly defaultSymbol: string | undefined;
  readonly aliases: AvroName[];
  readonly props: Props;
}

export interface FixedSchema {
  readonly type: 'fixed';
  readonly name: AvroName;
  readonly doc: string | undefined;
  readonly size: number;
  readonly aliases: AvroName[];
  readonly props: Props;
}

export interface ArraySchema {
  readonly type: 'array';
  items: AvroSchema;
  readonly props: Props;
}

export interface MapSchema {
  readonly type: 'map';
  values: AvroSchema;
  readonly props: Props;
}

export interface UnionSchema {
  readonly type: 'union';
  readonly types: AvroSchema[];
}

export function isNamed(schema: AvroSchema): schema is NamedSchema {
  return schema.type === 'record' || schema.type === 'enum' || schema.type === 'fixed';
}

/** A schema's properties; unions have none. */
export function propsOf(schema: AvroSchema): Props | undefined {
  return schema.type === 'union' ? undefined : schema.props;
}

/** Java's `Schema.Type` name, as the compatibility messages print it (`RECORD`, `INT`, ...). */
export function typeLabel(schema: AvroSchema): string {
  return schema.type.toUpperCase();
}

/** Every name `Schema.Type` knows; a named type called one of these is always written in full. */
const TYPE_NAMES: ReadonlySet<string> = new Set([...PRIMITIVE_TYPES, 'record', 'enum', 'array', 'map', 'union', 'fixed']);

/** A name with its namespace, as Java's `Schema.Name`. */
export class AvroName {
  readonly name: string;
  /** The namespace; null for the null namespace (an empty namespace means the same). */
  readonly space: string | null;
  readonly full: string;

  constructor(name: string, space: string | null | undefined) {
    const lastDot = name.lastIndexOf('.');
    if (lastDot >= 0) {
      space = name.slice(0, lastDot);
      name = name.slice(lastDot + 1);
    }
    this.name = name;
    this.space = space === '' || space === undefined ? null : space;
    this.full = this.space === null ? name : `${this.space}.${name}`;
  }

  /** The name as written relative to `defaultSpace`: short when it lives there. */
  qualified(defaultSpace: string | null): string {
    if (this.space !== null && this.space === defaultSpace && !TYPE_NAMES.has(this.name)) return this.name;
    return this.full;
  }
}

/** Java's `getAliases()` for a named type: full names, with a leading dot for null-namespace aliases. */
export function aliasFullNames(schema: NamedSchema): string[] {
  return schema.aliases.map((alias) => (alias.space === null && schema.name.space !== null ? `.${alias.name}` : alias.full));
}
