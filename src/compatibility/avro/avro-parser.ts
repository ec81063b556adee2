import { SchemaParseError } from '../schema-provider';
import {
  JsonArray,
  JsonObject,
  fitsJsonLong,
  isJsonInt,
  isJsonNumber,
  jsonEquals,
  jsonText,
  parseJavaDouble,
  readJson,
  JsonDouble,
  type JsonValue,
} from './avro-json';
import {
  AvroName,
  PRIMITIVE_TYPES,
  type ArraySchema,
  type AvroField,
  type AvroSchema,
  type EnumSchema,
  type FixedSchema,
  type MapSchema,
  type NamedSchema,
  type PrimitiveType,
  type Props,
  type RecordSchema,
  type UnionSchema,
  isNamed,
  propsOf,
} from './avro-schema';
import { printAvroSchema } from './avro-canonical';
import { runSteps, type Step } from '../steps';

/** Attributes Java Avro keeps for itself; everything else on a type becomes a custom property. */
const SCHEMA_RESERVED = new Set(['doc', 'fields', 'items', 'name', 'namespace', 'size', 'symbols', 'values', 'type', 'aliases']);
const ENUM_RESERVED = new Set([...SCHEMA_RESERVED, 'default']);
const FIELD_RESERVED = new Set(['default', 'doc', 'name', 'order', 'type', 'aliases']);

/** Java's `SystemLimitException` ceiling for a byte length (the largest array a JVM allocates). */
const MAX_FIXED_SIZE = 2 ** 31 - 1 - 8;

/**
 * Named types known to a parse: those of earlier texts (the references, committed) and those
 * of the text being parsed. As Java's `ParseContext`, one registry is shared by a schema and
 * all its references, so a name defined in a reference resolves in the schema that uses it.
 */
export class AvroNameRegistry {
  private readonly committed = new Map<string, NamedSchema>();
  private readonly pending = new Map<string, NamedSchema>();

  get(fullName: string): NamedSchema | undefined {
    return this.committed.get(fullName) ?? this.pending.get(fullName);
  }

  /** Registers `schema` unless its name is taken; returns the schema already holding the name. */
  define(schema: NamedSchema): NamedSchema | undefined {
    const existing = this.get(schema.name.full);
    if (existing === undefined) this.pending.set(schema.name.full, schema);
    return existing;
  }

  commit(): void {
    for (const [name, schema] of this.pending) this.committed.set(name, schema);
    this.pending.clear();
  }

  rollback(): void {
    this.pending.clear();
  }
}

export interface AvroParseOptions {
  /** Reject field defaults that do not match their type (Java's `setValidateDefaults(true)`). */
  readonly validateDefaults: boolean;
}

/**
 * Parses one Avro schema text as Java Avro 1.12.1's `Schema.Parser` does, registering its named
 * types in `names`. Throws SchemaParseError, with the position of the offending JSON object
 * where there is one.
 */
export function parseAvroSchema(text: string, names: AvroNameRegistry, options: AvroParseOptions): AvroSchema {
  const json = readJson(text);
  const builder = new SchemaBuilder(names);
  let root: AvroSchema | undefined;
  try {
    runSteps(
      builder.node(json, null, (schema) => {
        root = schema;
      }),
    );
    builder.resolve();
    if (options.validateDefaults) builder.validateDefaults();
  } catch (error) {
    names.rollback();
    throw error;
  }
  names.commit();
  return root as AvroSchema;
}

type Assign = (schema: AvroSchema) => void;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Where = JsonObject | JsonArray | undefined;

interface Fixup {
  readonly fullName: string;
  readonly assign: Assign;
  readonly where: Where;
  readonly written: string;
}

/** Stands in for a field or item type until the parse fills it in; never escapes a parse. */
const UNSET = { type: 'null', props: new Map() } as AvroSchema;

class SchemaBuilder {
  private readonly fixups: Fixup[] = [];
  private readonly unions: Array<[UnionSchema, Where]> = [];
  private readonly defaults: Array<[AvroField, Where]> = [];
  private readonly redefinitions: Array<[NamedSchema, NamedSchema, Where]> = [];

  constructor(private readonly names: AvroNameRegistry) {}

  *node(json: JsonValue, space: string | null, assign: Assign, where?: Where): Step<void> {
    if (typeof json === 'string') {
      this.lookup(json, space, assign, where);
      return;
    }
    if (json instanceof JsonArray) {
      yield this.union(json, space, assign);
      return;
    }
    if (!(json instanceof JsonObject)) {
      throw failure(`Schema not yet supported: ${snippet(json)}`, where);
    }
    const type = json.text('type');
    if (type === undefined) throw failure(`No type: ${snippet(json)}`, json);
    if (PRIMITIVE_TYPES.has(type)) {
      assign({ type: type as PrimitiveType, props: collectProps(json, SCHEMA_RESERVED) });
    } else if (type === 'record' || type === 'error') {
      yield this.record(json, space, type === 'error', assign);
    } else if (type === 'enum') {
      assign(this.enumeration(json, space));
    } else if (type === 'fixed') {
      assign(this.fixed(json, space));
    } else if (type === 'array') {
      const items = json.get('items');
      if (items === undefined) throw failure(`Array has no items type: ${snippet(json)}`, json);
      const array: ArraySchema = { type: 'array', items: UNSET, props: collectProps(json, SCHEMA_RESERVED) };
      assign(array);
      yield this.node(items, space, (schema) => (array.items = schema), json);
    } else if (type === 'map') {
      const values = json.get('values');
      if (values === undefined) throw failure(`Map has no values type: ${snippet(json)}`, json);
      const map: MapSchema = { type: 'map', values: UNSET, props: collectProps(json, SCHEMA_RESERVED) };
      assign(map);
      yield this.node(values, space, (schema) => (map.values = schema), json);
    } else {
      // `{"type": "com.acme.Thing"}` is a reference to a named type; its other attributes are ignored.
      this.lookup(type, space, assign, json);
    }
  }

  private *union(json: JsonArray, space: string | null, assign: Assign): Step<void> {
    const union: UnionSchema = { type: 'union', types: json.items.map(() => UNSET) };
    assign(union);
    this.unions.push([union, json]);
    for (let i = 0; i < json.items.length; i++) {
      const item = json.items[i];
      if (item instanceof JsonArray) throw failure(`Nested union: ${snippet(json)}`, item);
      yield this.node(item, space, (schema) => (union.types[i] = schema), json);
    }
  }

  private *record(json: JsonObject, space: string | null, isError: boolean, assign: Assign): Step<void> {
    const name = parseName(json, space);
    const fieldsNode = json.get('fields');
    if (!(fieldsNode instanceof JsonArray)) throw failure(`Record has no fields: ${snippet(json)}`, json);
    const record: RecordSchema = {
      type: 'record',
      name,
      isError,
      doc: json.text('doc'),
      fields: [],
      fieldsByName: new Map(),
      aliases: [],
      props: new Map(),
    };
    assign(record);
    for (const fieldJson of fieldsNode.items) {
      const field = (yield this.field(fieldJson, record, fieldsNode)) as AvroField;
      if (record.fieldsByName.has(field.name)) {
        throw failure(`Duplicate field ${field.name} in record ${name.full}`, fieldJson instanceof JsonObject ? fieldJson : json);
      }
      record.fields.push(field);
      record.fieldsByName.set(field.name, field);
    }
    copyProps(json, SCHEMA_RESERVED, record.props);
    record.aliases.push(...parseTypeAliases(json, name));
    this.define(record, json);
  }

  private *field(json: JsonValue, record: RecordSchema, where: Where): Step<AvroField> {
    const fieldJson = json instanceof JsonObject ? json : undefined;
    const name = fieldJson?.text('name');
    if (fieldJson === undefined || name === undefined) throw failure(`No field name: ${snippet(json)}`, fieldJson ?? where);
    const typeNode = fieldJson.get('type');
    if (typeNode === undefined) throw failure(`No field type: ${snippet(fieldJson)}`, fieldJson);
    // Built before its type is read so that a forward reference, resolved at the end, lands in it.
    const field: Mutable<AvroField> = {
      name,
      pos: record.fields.length,
      schema: UNSET,
      doc: fieldJson.text('doc'),
      defaultValue: undefined,
      order: 'ascending',
      aliases: [],
      props: new Map(),
    };
    yield this.node(typeNode, record.name.space, (schema) => (field.schema = schema), fieldJson);
    field.order = parseOrder(fieldJson, name);
    let defaultValue = fieldJson.get('default');
    if (typeof defaultValue === 'string' && (field.schema.type === 'float' || field.schema.type === 'double')) {
      // Java turns a string default of a floating-point field into a number, or fails.
      const parsed = parseJavaDouble(defaultValue);
      if (parsed === undefined) {
        throw failure(`Invalid default for field ${name}: ${snippet(defaultValue)} is not a number`, fieldJson);
      }
      defaultValue = new JsonDouble(parsed);
    }
    field.defaultValue = defaultValue;
    checkName(name, fieldJson);
    field.aliases = parseAliasList(fieldJson);
    copyProps(fieldJson, FIELD_RESERVED, field.props);
    if (defaultValue !== undefined) this.defaults.push([field, fieldJson]);
    return field;
  }

  private enumeration(json: JsonObject, space: string | null): EnumSchema {
    const name = parseName(json, space);
    const symbolsNode = json.get('symbols');
    if (!(symbolsNode instanceof JsonArray)) throw failure(`Enum has no symbols: ${snippet(json)}`, json);
    const symbols: string[] = [];
    const seen = new Set<string>();
    for (const item of symbolsNode.items) {
      const symbol = typeof item === 'string' ? item : undefined;
      checkName(symbol, json);
      if (seen.has(symbol as string)) throw failure(`Duplicate enum symbol: ${symbol}`, json);
      seen.add(symbol as string);
      symbols.push(symbol as string);
    }
    const defaultSymbol = json.text('default');
    if (defaultSymbol !== undefined && !seen.has(defaultSymbol)) {
      throw failure(`The Enum Default: ${defaultSymbol} is not in the enum symbol set: [${symbols.join(', ')}]`, json);
    }
    const schema: EnumSchema = {
      type: 'enum',
      name,
      doc: json.text('doc'),
      symbols,
      defaultSymbol,
      aliases: parseTypeAliases(json, name),
      props: collectProps(json, ENUM_RESERVED),
    };
    this.define(schema, json);
    return schema;
  }

  private fixed(json: JsonObject, space: string | null): FixedSchema {
    const name = parseName(json, space);
    const sizeNode = json.get('size');
    if (!isJsonInt(sizeNode)) throw failure(`Invalid or no size: ${snippet(json)}`, json);
    const size = Number(sizeNode.value);
    if (size < 0) throw failure(`Malformed data. Length is negative: ${size}`, json);
    if (size > MAX_FIXED_SIZE) throw failure(`Cannot read arrays longer than ${MAX_FIXED_SIZE} bytes`, json);
    const schema: FixedSchema = {
      type: 'fixed',
      name,
      doc: json.text('doc'),
      size,
      aliases: parseTypeAliases(json, name),
      props: collectProps(json, SCHEMA_RESERVED),
    };
    this.define(schema, json);
    return schema;
  }

  private define(schema: NamedSchema, where: Where): void {
    const parts = schema.name.full.split('.');
    parts.slice(0, -1).forEach((part) => {
      const problem = nameProblem(part);
      if (problem) throw failure(`Namespace part "${part}" is invalid: ${problem}`, where);
    });
    const existing = this.names.define(schema);
    // Java allows a second definition only when it equals the first; compared once all names resolve.
    if (existing !== undefined) this.redefinitions.push([existing, schema, where]);
  }

  private lookup(written: string, space: string | null, assign: Assign, where: Where): void {
    if (PRIMITIVE_TYPES.has(written)) {
      assign({ type: written as PrimitiveType, props: new Map() });
      return;
    }
    const fullName = space !== null && !written.includes('.') ? `${space}.${written}` : written;
    const found = this.names.get(fullName) ?? this.names.get(written);
    if (found) assign(found);
    else this.fixups.push({ fullName, assign, where, written });
  }

  /** Fills in forward references and checks what needs every name resolved. */
  resolve(): void {
    for (const fixup of this.fixups) {
      const found = this.names.get(fixup.fullName);
      if (found === undefined) {
        const tried = fixup.fullName === fixup.written ? '' : ` (looked up as "${fixup.fullName}")`;
        throw failure(
          `Unknown type "${fixup.written}"${tried}: not a primitive type nor a named type defined in the schema or its references`,
          fixup.where,
        );
      }
      fixup.assign(found);
    }
    for (const [first, second, where] of this.redefinitions) {
      if (!runSteps(schemasEqual(first, second, new Map()))) throw failure(`Can't redefine: ${first.name.full}`, where);
    }
    for (const [union, where] of this.unions) {
      const seen = new Set<string>();
      for (const branch of union.types) {
        const key = isNamed(branch) ? branch.name.full : branch.type;
        if (seen.has(key)) throw failure(`Duplicate in union: ${key}`, where);
        seen.add(key);
      }
    }
  }

  /** Java's `validateDefault`, run once every type is resolved. */
  validateDefaults(): void {
    for (const [field, where] of this.defaults) {
      const value = field.defaultValue as JsonValue;
      if (!runSteps(isValidDefault(field.schema, value, new Map()))) {
        throw failure(`Invalid default for field ${field.name}: ${snippet(value)} not a ${abbreviate(printAvroSchema(field.schema))}`, where);
      }
    }
  }
}

function parseName(json: JsonObject, space: string | null): AvroName {
  const written = json.text('name');
  if (written === undefined) throw failure(`No name in schema: ${snippet(json)}`, json);
  const name = new AvroName(written, json.text('namespace') ?? space);
  checkName(name.name, json);
  if (PRIMITIVE_TYPES.has(name.full)) throw failure(`Schemas may not be named after primitives: ${name.full}`, json);
  return name;
}

function parseOrder(json: JsonObject, fieldName: string): AvroField['order'] {
  const order = json.get('order');
  if (order === undefined) return 'ascending';
  const lower = typeof order === 'string' ? order.toLowerCase() : undefined;
  if (lower === 'ascending' || lower === 'descending' || lower === 'ignore') return lower;
  throw failure(`Invalid order ${snippet(order)} for field ${fieldName}: expected ascending, descending or ignore`, json);
}

/** Aliases of a named type: unqualified ones live in the type's namespace. */
function parseTypeAliases(json: JsonObject, name: AvroName): AvroName[] {
  const byFullName = new Map<string, AvroName>();
  for (const alias of parseAliasList(json)) {
    const aliasName = new AvroName(alias, name.space);
    checkName(aliasName.name, json);
    if (!byFullName.has(aliasName.full)) byFullName.set(aliasName.full, aliasName);
  }
  return [...byFullName.values()];
}

function parseAliasList(json: JsonObject): string[] {
  const node = json.get('aliases');
  if (node === undefined) return [];
  if (!(node instanceof JsonArray)) throw failure(`aliases not an array: ${snippet(json)}`, json);
  const aliases = new Set<string>();
  for (const item of node.items) {
    if (typeof item !== 'string') throw failure(`alias not a string: ${snippet(item)}`, json);
    aliases.add(item);
  }
  return [...aliases];
}

function collectProps(json: JsonObject, reserved: ReadonlySet<string>): Props {
  return copyProps(json, reserved, new Map());
}

function copyProps(json: JsonObject, reserved: ReadonlySet<string>, props: Props): Props {
  for (const [key, value] of json.members) if (!reserved.has(key)) props.set(key, value);
  return props;
}

/**
 * Java's `NameValidator.UTF_VALIDATOR`: a letter or underscore, then letters, digits or
 * underscores, judged per UTF-16 unit as Java's `Character` methods see a `char` (so a letter
 * outside the Basic Multilingual Plane is refused, as Java refuses it).
 */
function nameProblem(name: string | undefined): string | undefined {
  if (name === undefined) return 'Null name';
  if (name.length === 0) return 'Empty name';
  if (ASCII_NAME.test(name)) return undefined;
  if (!NAME_START.test(name[0])) return `Illegal initial character: ${name}`;
  for (let i = 1; i < name.length; i++) if (!NAME_PART.test(name[i])) return `Illegal character in: ${name}`;
  return undefined;
}

const ASCII_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_START = /^[\p{L}_]$/u;
const NAME_PART = /^[\p{L}\p{Nd}_]$/u;

function checkName(name: string | undefined, where: Where): void {
  const problem = nameProblem(name);
  if (problem) throw failure(problem, where);
}

function failure(message: string, where: Where): SchemaParseError {
  return where && where.line > 0
    ? new SchemaParseError(`${message} (at line ${where.line}, column ${where.column})`, where.line, where.column)
    : new SchemaParseError(message);
}

/** JSON of `value` for a message, cut short: Java quotes whole nodes, which can be huge. */
function snippet(value: JsonValue): string {
  return abbreviate(jsonText(value));
}

function abbreviate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Java's `Schema.isValidDefault`; a union default may match any branch. */
function* isValidDefault(schema: AvroSchema, value: JsonValue | undefined, active: Map<AvroSchema, Set<JsonValue>>): Step<boolean> {
  if (value === undefined) return false;
  switch (schema.type) {
    case 'string':
    case 'bytes':
    case 'enum':
    case 'fixed':
      return typeof value === 'string';
    case 'int':
      return isJsonInt(value);
    case 'long':
      return fitsJsonLong(value);
    case 'float':
    case 'double':
      return isJsonNumber(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      if (!(value instanceof JsonArray)) return false;
      for (const item of value.items) if (!(yield isValidDefault(schema.items, item, active))) return false;
      return true;
    case 'map':
      if (!(value instanceof JsonObject)) return false;
      for (const item of value.members.values()) if (!(yield isValidDefault(schema.values, item, active))) return false;
      return true;
    case 'union':
      for (const branch of schema.types) if (yield isValidDefault(branch, value, active)) return true;
      return false;
    case 'record': {
      if (!(value instanceof JsonObject)) return false;
      // A field whose own default is the record being validated would recurse forever
      // (Java overflows its stack); such a default can never be completed, so it is invalid.
      const seen = active.get(schema) ?? new Set<JsonValue>();
      if (seen.has(value)) return false;
      seen.add(value);
      active.set(schema, seen);
      try {
        for (const field of schema.fields) {
          const fieldValue = value.members.has(field.name) ? value.get(field.name) : field.defaultValue;
          if (!(yield isValidDefault(field.schema, fieldValue, active))) return false;
        }
        return true;
      } finally {
        seen.delete(value);
      }
    }
  }
}

/** Java's `Schema.equals`: structure, names and properties; docs and aliases do not count. */
export function* schemasEqual(a: AvroSchema, b: AvroSchema, seen: Map<AvroSchema, Set<AvroSchema>>): Step<boolean> {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  if (!propsEqual(propsOf(a), propsOf(b))) return false;
  switch (a.type) {
    case 'record': {
      const other = b as RecordSchema;
      if (a.name.full !== other.name.full || a.fields.length !== other.fields.length) return false;
      const pairs = seen.get(a) ?? new Set<AvroSchema>();
      if (pairs.has(other)) return true;
      pairs.add(other);
      seen.set(a, pairs);
      for (let i = 0; i < a.fields.length; i++) {
        const x = a.fields[i];
        const y = other.fields[i];
        if (x.name !== y.name || x.order !== y.order || !propsEqual(x.props, y.props)) return false;
        if (!jsonEquals(x.defaultValue, y.defaultValue)) return false;
        if (!(yield schemasEqual(x.schema, y.schema, seen))) return false;
      }
      return true;
    }
    case 'enum': {
      const other = b as EnumSchema;
      return (
        a.name.full === other.name.full &&
        a.symbols.length === other.symbols.length &&
        a.symbols.every((symbol, i) => symbol === other.symbols[i])
      );
    }
    case 'fixed':
      return a.name.full === (b as FixedSchema).name.full && a.size === (b as FixedSchema).size;
    case 'array':
      return (yield schemasEqual(a.items, (b as ArraySchema).items, seen)) as boolean;
    case 'map':
      return (yield schemasEqual(a.values, (b as MapSchema).values, seen)) as boolean;
    case 'union': {
      const other = b as UnionSchema;
      if (a.types.length !== other.types.length) return false;
      for (let i = 0; i < a.types.length; i++) if (!(yield schemasEqual(a.types[i], other.types[i], seen))) return false;
      return true;
    }
    default:
      return true;
  }
}

function propsEqual(a: Props | undefined, b: Props | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (!b.has(key) || !jsonEquals(value, b.get(key))) return false;
  return true;
}
