/**
 * The syntax tree of one `.proto` file, shaped like Square Wire's `*Element` classes because
 * Confluent prints its canonical text and computes its diff from those: fields outside oneofs,
 * oneofs, groups and nested types are kept apart, labels are kept only when written, option
 * values keep the literal text they were written with.
 */

export type FieldLabel = 'optional' | 'required' | 'repeated';

/** Where a declaration starts in the source, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A primitive option value; `value` is the literal text (numbers are not reformatted). */
export interface OptionPrimitive {
  readonly kind: 'STRING' | 'BOOLEAN' | 'ENUM' | 'NUMBER';
  readonly value: string;
}

/** An aggregate (`{ a: 1 }`) value; keys keep their first-seen order, a repeated key becomes a list. */
export interface OptionMap {
  readonly kind: 'MAP';
  readonly entries: ReadonlyArray<readonly [string, OptionValue]>;
}

export interface OptionList {
  readonly kind: 'LIST';
  readonly items: readonly OptionValue[];
}

/** `(foo).bar = 1` is the option `foo` whose value is the nested option `bar = 1`. */
export interface OptionNested {
  readonly kind: 'OPTION';
  readonly option: OptionElement;
}

export type OptionValue = OptionPrimitive | OptionMap | OptionList | OptionNested;

export interface OptionElement {
  /** Without parentheses: `confluent.field_meta` for `(confluent.field_meta)`. */
  readonly name: string;
  readonly parenthesized: boolean;
  readonly value: OptionValue;
}

export interface IntRange {
  readonly start: number;
  readonly end: number;
}

/** A `reserved` statement: single numbers, ranges and names, in the order written. */
export interface ReservedElement {
  readonly values: ReadonlyArray<number | IntRange | string>;
}

export interface ExtensionsElement {
  readonly values: ReadonlyArray<number | IntRange>;
}

export interface FieldElement {
  /** Only when written: proto3 fields without a label, oneof members and map fields have none. */
  readonly label?: FieldLabel;
  /** As written (`Status`, `.pkg.Status`, `int32`), maps as `map<K, V>`. */
  readonly type: string;
  readonly name: string;
  readonly tag: number;
  readonly defaultValue?: string;
  readonly jsonName?: string;
  readonly options: readonly OptionElement[];
  readonly position: SourcePosition;
}

export interface OneOfElement {
  readonly name: string;
  readonly fields: readonly FieldElement[];
  readonly groups: readonly GroupElement[];
  readonly options: readonly OptionElement[];
}

export interface GroupElement {
  readonly label?: FieldLabel;
  readonly name: string;
  readonly tag: number;
  readonly fields: readonly FieldElement[];
}

export interface ExtendElement {
  readonly name: string;
  readonly fields: readonly FieldElement[];
  readonly position: SourcePosition;
}

export interface MessageElement {
  readonly kind: 'message';
  readonly name: string;
  readonly options: readonly OptionElement[];
  readonly reserveds: readonly ReservedElement[];
  readonly fields: readonly FieldElement[];
  readonly oneOfs: readonly OneOfElement[];
  readonly groups: readonly GroupElement[];
  readonly extensions: readonly ExtensionsElement[];
  readonly extendDeclarations: readonly ExtendElement[];
  readonly nestedTypes: readonly TypeElement[];
}

export interface EnumConstantElement {
  readonly name: string;
  readonly tag: number;
  readonly options: readonly OptionElement[];
}

export interface EnumElement {
  readonly kind: 'enum';
  readonly name: string;
  readonly options: readonly OptionElement[];
  readonly constants: readonly EnumConstantElement[];
  readonly reserveds: readonly ReservedElement[];
}

export type TypeElement = MessageElement | EnumElement;

export interface RpcElement {
  readonly name: string;
  readonly requestType: string;
  readonly responseType: string;
  readonly requestStreaming: boolean;
  readonly responseStreaming: boolean;
  readonly options: readonly OptionElement[];
  readonly position: SourcePosition;
}

export interface ServiceElement {
  readonly name: string;
  readonly rpcs: readonly RpcElement[];
  readonly options: readonly OptionElement[];
}

export interface ProtoFileElement {
  /** `proto2` or `proto3` when a `syntax` statement is present. */
  readonly syntax?: 'proto2' | 'proto3';
  /** The edition (`2023`, ...) when an `edition` statement is present instead. */
  readonly edition?: string;
  readonly packageName?: string;
  readonly imports: readonly string[];
  readonly publicImports: readonly string[];
  readonly weakImports: readonly string[];
  readonly types: readonly TypeElement[];
  readonly services: readonly ServiceElement[];
  readonly extendDeclarations: readonly ExtendElement[];
  readonly options: readonly OptionElement[];
}

/** Wire's MAX_TAG_VALUE: a range ending here or beyond is printed `to max`. */
export const MAX_TAG_VALUE = 536_870_911;

export const SCALAR_TYPES: ReadonlySet<string> = new Set([
  'bool',
  'bytes',
  'double',
  'float',
  'fixed32',
  'fixed64',
  'int32',
  'int64',
  'sfixed32',
  'sfixed64',
  'sint32',
  'sint64',
  'string',
  'uint32',
  'uint64',
]);

export function isIntRange(value: unknown): value is IntRange {
  return typeof value === 'object' && value !== null && 'start' in value && 'end' in value;
}

/** Splits `map<K, V>` into its key and value types; undefined for any other type. */
export function mapTypes(type: string): { key: string; value: string } | undefined {
  const match = /^map<\s*([^,\s]+)\s*,\s*([^>\s]+)\s*>$/.exec(type);
  return match ? { key: match[1], value: match[2] } : undefined;
}

/** Every field of a message, oneof members included, in declaration groups. */
export function allFields(message: MessageElement): FieldElement[] {
  return [...message.fields, ...message.oneOfs.flatMap((o) => o.fields)];
}
