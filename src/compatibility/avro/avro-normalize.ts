import {
  JsonArray,
  JsonDouble,
  JsonInteger,
  JsonObject,
  compareUtf16,
  fitsJsonLong,
  isJsonInt,
  quoteJson,
  writeJson,
  type JsonValue,
} from './avro-json';
import { aliasFullNames, type AvroField, type AvroSchema, type Props } from './avro-schema';
import { runSteps, type Step } from '../steps';

/**
 * The text Confluent's `AvroSchemaUtils.toNormalizedString` builds: full names, a named type
 * written once (types of the references by name only), custom properties and aliases sorted,
 * logical-type attributes first, field defaults re-encoded through their type. The caller parses
 * it again and stores the canonical text of that result, as Confluent does, so quirks of this
 * intermediate text (duplicate `logicalType` members, `"order":"ASCENDING"`) never reach storage.
 */
export function normalizedAvroText(schema: AvroSchema, referenceNames: Iterable<string>): string {
  const out: string[] = [];
  runSteps(build(schema, new Set(referenceNames), out));
  return out.join('');
}

function* build(schema: AvroSchema, written: Set<string>, out: string[]): Step<void> {
  switch (schema.type) {
    case 'union':
      out.push('[');
      for (let i = 0; i < schema.types.length; i++) {
        if (i > 0) out.push(',');
        yield build(schema.types[i], written, out);
      }
      out.push(']');
      return;
    case 'array':
    case 'map':
      out.push(`{"type":"${schema.type}",${schema.type === 'array' ? '"items"' : '"values"'}:`);
      yield build(schema.type === 'array' ? schema.items : schema.values, written, out);
      writeSortedProps(schema.props, out);
      out.push('}');
      return;
    case 'record':
    case 'enum':
    case 'fixed': {
      const fullName = quoteJson(schema.name.full);
      if (written.has(schema.name.full)) {
        out.push(fullName);
        return;
      }
      written.add(schema.name.full);
      // Confluent writes the Type name, so an `error` record comes back as a plain record.
      out.push('{"name":', fullName, `,"type":"${schema.type}"`);
      if (schema.type === 'enum') {
        out.push(',"symbols":[', schema.symbols.map(quoteJson).join(','), ']');
      } else if (schema.type === 'fixed') {
        out.push(',"size":', String(schema.size));
        const logical = logicalTypeOf(schema);
        if (logical) writeLogicalProps(logical, out);
      } else {
        out.push(',"fields":[');
        for (const field of schema.fields) {
          out.push(field.pos > 0 ? ',{"name":' : '{"name":', quoteJson(field.name), ',"type":');
          yield build(field.schema, written, out);
          yield writeFieldProps(field, out);
          out.push('}');
        }
        out.push(']');
      }
      if (schema.doc) out.push(',"doc":', quoteJson(schema.doc));
      const aliases = aliasFullNames(schema).sort(compareUtf16);
      if (aliases.length > 0) out.push(',"aliases":[', aliases.map(quoteJson).join(','), ']');
      if (schema.type === 'enum' && schema.defaultSymbol !== undefined) out.push(',"default":', quoteJson(schema.defaultSymbol));
      writeSortedProps(schema.props, out);
      out.push('}');
      return;
    }
    default: {
      const logical = logicalTypeOf(schema);
      if (logical) {
        out.push(`{"type":"${schema.type}"`);
        writeLogicalProps(logical, out);
        writeSortedProps(schema.props, out);
        out.push('}');
      } else if (schema.props.size > 0) {
        out.push(`{"type":"${schema.type}"`);
        writeSortedProps(schema.props, out);
        out.push('}');
      } else {
        out.push(`"${schema.type}"`);
      }
    }
  }
}

function* writeFieldProps(field: AvroField, out: string[]): Step<void> {
  // Java prints the enum constant here; the parser reads it case-insensitively.
  out.push(',"order":"', field.order.toUpperCase(), '"');
  if (field.doc !== undefined) out.push(',"doc":', quoteJson(field.doc));
  if (field.aliases.length > 0) out.push(',"aliases":[', [...field.aliases].sort(compareUtf16).map(quoteJson).join(','), ']');
  if (field.defaultValue !== undefined) {
    const value = (yield defaultThroughType(field.defaultValue, field.schema, true)) as JsonValue | undefined;
    // Java drops a default its conversion cannot represent (an int default of a double field).
    if (value !== undefined) {
      out.push(',"default":');
      writeJson(value, out, { sortKeys: true });
    }
  }
  writeSortedProps(field.props, out);
}

function writeSortedProps(props: Props, out: string[]): void {
  for (const key of [...props.keys()].sort(compareUtf16)) {
    out.push(',', quoteJson(key), ':');
    writeJson(props.get(key) as JsonValue, out, { sortKeys: true });
  }
}

/**
 * Avro's `JacksonUtils.toObject(default, schema)` followed by `toJsonNode`: numbers take the
 * width of their type, strings of bytes/fixed pass through ISO-8859-1, a union uses its first
 * branch, and a value that does not fit its type becomes Java null (the default disappears).
 * Where Java would go on to fail with a NullPointerException (a nested misfit, a record default
 * naming an unknown field) the value is kept as written instead.
 */
function* defaultThroughType(value: JsonValue, schema: AvroSchema | undefined, topLevel: boolean): Step<JsonValue | undefined> {
  if (schema?.type === 'union') schema = schema.types[0];
  const converted = yield convert(value, schema);
  if (converted === undefined && !topLevel) return value;
  return converted as JsonValue | undefined;
}

function* convert(value: JsonValue, schema: AvroSchema | undefined): Step<JsonValue | undefined> {
  const type = schema?.type;
  if (value === null || typeof value === 'boolean') return value;
  if (value instanceof JsonInteger) {
    if (isJsonInt(value)) return type === undefined || type === 'int' || type === 'long' ? value : undefined;
    return fitsJsonLong(value) ? value : undefined;
  }
  if (value instanceof JsonDouble) {
    if (type === undefined || type === 'double') return value;
    return type === 'float' ? new JsonDouble(Math.fround(value.value), true) : undefined;
  }
  if (typeof value === 'string') {
    if (type === undefined || type === 'string' || type === 'enum') return value;
    if (type === 'bytes' || type === 'fixed') return value.replace(/[^\u0000-\u00ff]/gu, '?');
    return undefined;
  }
  if (value instanceof JsonArray) {
    const items = schema?.type === 'array' ? schema.items : undefined;
    const array = new JsonArray();
    for (const item of value.items) array.items.push((yield defaultThroughType(item, items, false)) as JsonValue);
    return array;
  }
  const object = new JsonObject();
  for (const [key, member] of value.members) {
    const memberSchema =
      schema?.type === 'map' ? schema.values : schema?.type === 'record' ? schema.fieldsByName.get(key)?.schema : undefined;
    object.members.set(key, (yield defaultThroughType(member, memberSchema, false)) as JsonValue);
  }
  return object;
}

interface LogicalType {
  readonly name: string;
  readonly precision?: number;
  readonly scale?: number;
}

/** String properties that make Java ignore a logical type (`LogicalType.INCOMPATIBLE_PROPS`). */
const LOGICAL_TYPE_CONFLICTS = ['avro.java.string', 'java-class', 'java-key-class', 'java-element-class'];

const LOGICAL_TYPE_BASES: Readonly<Record<string, (schema: AvroSchema) => boolean>> = {
  uuid: (s) => s.type === 'string' || (s.type === 'fixed' && s.size === 16),
  date: (s) => s.type === 'int',
  'time-millis': (s) => s.type === 'int',
  'time-micros': (s) => s.type === 'long',
  'timestamp-millis': (s) => s.type === 'long',
  'timestamp-micros': (s) => s.type === 'long',
  'timestamp-nanos': (s) => s.type === 'long',
  'local-timestamp-millis': (s) => s.type === 'long',
  'local-timestamp-micros': (s) => s.type === 'long',
  'local-timestamp-nanos': (s) => s.type === 'long',
  'big-decimal': (s) => s.type === 'bytes',
  duration: (s) => s.type === 'fixed' && s.size === 12,
};

/** Avro 1.12.1's `LogicalTypes.fromSchemaIgnoreInvalid`: the logical type when it is known and valid. */
function logicalTypeOf(schema: AvroSchema): LogicalType | undefined {
  if (schema.type === 'union') return undefined;
  const name = schema.props.get('logicalType');
  if (typeof name !== 'string') return undefined;
  if (LOGICAL_TYPE_CONFLICTS.some((prop) => typeof schema.props.get(prop) === 'string')) return undefined;
  if (name === 'decimal') return decimalOf(schema);
  return LOGICAL_TYPE_BASES[name]?.(schema) ? { name } : undefined;
}

function decimalOf(schema: AvroSchema): LogicalType | undefined {
  if ((schema.type !== 'bytes' && schema.type !== 'fixed') || schema.props === undefined) return undefined;
  const precisionNode = schema.props.get('precision');
  const scaleNode = schema.props.get('scale');
  if (!isJsonInt(precisionNode)) return undefined;
  if (scaleNode !== undefined && !isJsonInt(scaleNode)) return undefined;
  const precision = Number(precisionNode.value);
  const scale = scaleNode === undefined ? 0 : Number((scaleNode as JsonInteger).value);
  const maxPrecision = schema.type === 'fixed' ? Math.round(Math.floor(Math.log10(2) * (8 * schema.size - 1))) : Infinity;
  if (precision <= 0 || precision > maxPrecision || scale < 0 || scale > precision) return undefined;
  return { name: 'decimal', precision, scale };
}

function writeLogicalProps(logical: LogicalType, out: string[]): void {
  out.push(',"logicalType":', quoteJson(logical.name));
  if (logical.precision !== undefined) {
    out.push(',"precision":', String(logical.precision));
    if (logical.scale) out.push(',"scale":', String(logical.scale));
  }
}
