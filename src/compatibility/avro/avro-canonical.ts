import { quoteJson, writeJson } from './avro-json';
import type { AvroSchema, NamedSchema, Props } from './avro-schema';
import { runSteps, type Step } from '../steps';

/**
 * Java Avro's `Schema.toString()`: compact JSON in Avro's own attribute order, the text
 * Confluent stores and returns for an Avro schema.
 *
 * `knownNames` holds full names to write as bare references, as `toString(referencedSchemas)`
 * does for the top-level types of a schema's references; the first occurrence of any other named
 * type is written in full and later ones by name. Namespaces are written only where they differ
 * from the enclosing one, and names relative to it.
 */
export function printAvroSchema(schema: AvroSchema, knownNames: Iterable<string> = []): string {
  const out: string[] = [];
  runSteps(writeSchema(schema, new Set(knownNames), null, out));
  return out.join('');
}

function* writeSchema(schema: AvroSchema, known: Set<string>, space: string | null, out: string[]): Step<void> {
  switch (schema.type) {
    case 'record': {
      if (writeNameRef(schema, known, space, out)) return;
      out.push(`{"type":"${schema.isError ? 'error' : 'record'}"`);
      writeName(schema, space, out);
      if (schema.doc !== undefined) out.push(',"doc":', quoteJson(schema.doc));
      out.push(',"fields":[');
      for (const field of schema.fields) {
        out.push(field.pos > 0 ? ',{"name":' : '{"name":', quoteJson(field.name), ',"type":');
        yield writeSchema(field.schema, known, schema.name.space, out);
        if (field.doc !== undefined) out.push(',"doc":', quoteJson(field.doc));
        if (field.defaultValue !== undefined) {
          out.push(',"default":');
          writeJson(field.defaultValue, out);
        }
        if (field.order !== 'ascending') out.push(',"order":"', field.order, '"');
        if (field.aliases.length > 0) out.push(',"aliases":[', field.aliases.map(quoteJson).join(','), ']');
        writeProps(field.props, out);
        out.push('}');
      }
      out.push(']');
      writeProps(schema.props, out);
      writeAliases(schema, out);
      out.push('}');
      return;
    }
    case 'enum':
      if (writeNameRef(schema, known, space, out)) return;
      out.push('{"type":"enum"');
      writeName(schema, space, out);
      if (schema.doc !== undefined) out.push(',"doc":', quoteJson(schema.doc));
      out.push(',"symbols":[', schema.symbols.map(quoteJson).join(','), ']');
      if (schema.defaultSymbol !== undefined) out.push(',"default":', quoteJson(schema.defaultSymbol));
      writeProps(schema.props, out);
      writeAliases(schema, out);
      out.push('}');
      return;
    case 'fixed':
      if (writeNameRef(schema, known, space, out)) return;
      out.push('{"type":"fixed"');
      writeName(schema, space, out);
      if (schema.doc !== undefined) out.push(',"doc":', quoteJson(schema.doc));
      out.push(',"size":', String(schema.size));
      writeProps(schema.props, out);
      writeAliases(schema, out);
      out.push('}');
      return;
    case 'array':
      out.push('{"type":"array","items":');
      yield writeSchema(schema.items, known, space, out);
      writeProps(schema.props, out);
      out.push('}');
      return;
    case 'map':
      out.push('{"type":"map","values":');
      yield writeSchema(schema.values, known, space, out);
      writeProps(schema.props, out);
      out.push('}');
      return;
    case 'union':
      out.push('[');
      for (let i = 0; i < schema.types.length; i++) {
        if (i > 0) out.push(',');
        yield writeSchema(schema.types[i], known, space, out);
      }
      out.push(']');
      return;
    default:
      // A primitive collapses to its name unless it carries properties.
      if (schema.props.size === 0) {
        out.push(`"${schema.type}"`);
      } else {
        out.push(`{"type":"${schema.type}"`);
        writeProps(schema.props, out);
        out.push('}');
      }
  }
}

function writeNameRef(schema: NamedSchema, known: Set<string>, space: string | null, out: string[]): boolean {
  if (!known.has(schema.name.full)) {
    known.add(schema.name.full);
    return false;
  }
  out.push(quoteJson(schema.name.qualified(space)));
  return true;
}

function writeName(schema: NamedSchema, space: string | null, out: string[]): void {
  const name = schema.name;
  out.push(',"name":', quoteJson(name.name));
  if (name.space !== null) {
    if (name.space !== space) out.push(',"namespace":', quoteJson(name.space));
  } else if (space !== null) {
    // A null-namespace type inside a namespaced one must say so explicitly.
    out.push(',"namespace":""');
  }
}

function writeAliases(schema: NamedSchema, out: string[]): void {
  if (schema.aliases.length === 0) return;
  out.push(',"aliases":[', schema.aliases.map((alias) => quoteJson(alias.qualified(schema.name.space))).join(','), ']');
}

function writeProps(props: Props, out: string[]): void {
  for (const [key, value] of props) {
    out.push(',', quoteJson(key), ':');
    writeJson(value, out);
  }
}
