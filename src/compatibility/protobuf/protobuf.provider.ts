import type { CompatibilityPolicy } from '../compatibility-level';
import { describe, type Difference } from '../difference';
import {
  SchemaParseError,
  type ParsedSchema,
  type ParseOptions,
  type ResolvedReference,
  type SchemaFieldTag,
  type SchemaProvider,
} from '../schema-provider';
import type { ProtoFileElement } from './proto-elements';
import { parseProto } from './proto-parser';
import { diffProtobuf } from './protobuf-diff';
import { decodeFileDescriptor, encodeFileDescriptor } from './protobuf-descriptor';
import { fieldTags, listFields } from './protobuf-fields';
import { CANONICAL, IGNORE_EXTENSIONS, NORMALIZED, printProto } from './protobuf-printer';
import { ProtobufSchema, checkImports, loadDependencies } from './protobuf-schema';
import { checkDeclarations, checkTypeReferences, validateWithProtobufjs } from './protobuf-validator';

/**
 * Protobuf as Confluent Schema Registry handles it: Wire-style canonical text, Confluent's
 * normalization, `SchemaDiff` with its 26 difference types, the `serialized` and
 * `ignore_extensions` formats, and `confluent.field_meta` tags.
 */
export class ProtobufProvider implements SchemaProvider {
  readonly schemaType = 'PROTOBUF' as const;

  /**
   * Parses `.proto` text (or, as Confluent accepts, a base64 FileDescriptorProto). Imports
   * resolve to `references` by name, else to the built-in well-known files. A `new` schema is
   * also checked by protobufjs and must resolve every import and type it names; a `stored` one
   * only has to parse.
   */
  parse(text: string, references: readonly ResolvedReference[], options: ParseOptions): ProtobufSchema {
    const strict = options.mode === 'new';
    const file = parseFile(text, strict);
    const dependencies = loadDependencies(references);
    if (strict) checkImports(file, dependencies);
    const schema = new ProtobufSchema(file, printProto(file, CANONICAL), references, dependencies);
    if (strict) checkTypeReferences(file, schema.types);
    return schema;
  }

  normalize(schema: ParsedSchema): string {
    const protobuf = asProtobuf(schema);
    return printProto(protobuf.file, NORMALIZED, protobuf.types);
  }

  /**
   * Confluent's `SchemaDiff.compare(original, update)`; each difference is compatible when its
   * type is in Confluent's COMPATIBLE_CHANGES. Protobuf has one rule set, whatever the policy.
   */
  /** Confluent's Protobuf rendering: type and description in double quotes. */
  formatDifference(d: Difference, reader: string, writer: string): string {
    return `{errorType:"${d.type}", description:"${describe(d, reader, writer)}"}`;
  }

  diff(original: ParsedSchema, update: ParsedSchema, _policy: CompatibilityPolicy): Difference[] {
    const before = asProtobuf(original);
    const after = asProtobuf(update);
    return diffProtobuf({ file: before.file, types: before.types }, { file: after.file, types: after.types });
  }

  /** `serialized`: base64 FileDescriptorProto; `ignore_extensions`: canonical text without extensions. */
  format(schema: ParsedSchema, format: string): string | undefined {
    const protobuf = asProtobuf(schema);
    switch (format.trim().toLowerCase()) {
      case 'serialized':
        return encodeFileDescriptor(protobuf.file, protobuf.types);
      case 'ignore_extensions':
        return printProto(protobuf.file, IGNORE_EXTENSIONS, protobuf.types);
      default:
        return undefined;
    }
  }

  fieldTags(schema: ParsedSchema): SchemaFieldTag[] {
    return fieldTags(asProtobuf(schema).file);
  }

  fieldNames(schema: ParsedSchema): { path: string; name: string }[] {
    return listFields(asProtobuf(schema).file).map(({ path, field }) => ({ path, name: field.name }));
  }
}

function parseFile(text: string, strict: boolean): ProtoFileElement {
  // An empty file is valid .proto, but as a schema it defines nothing to write or read.
  if (text.trim() === '') throw new SchemaParseError('Empty Protobuf schema');
  let protobufjsError: SchemaParseError | undefined;
  if (strict) {
    try {
      validateWithProtobufjs(text);
    } catch (error) {
      protobufjsError = error as SchemaParseError;
    }
  }
  let file: ProtoFileElement;
  try {
    file = parseProto(text);
  } catch (error) {
    // Confluent accepts a base64 FileDescriptorProto wherever it accepts text.
    const decoded = decodeFileDescriptor(text);
    if (decoded !== undefined) return decoded;
    throw protobufjsError ?? error;
  }
  // Wire's grammar accepts a little more than protoc's (list values for repeated options, which
  // Confluent itself prints): protobufjs's grammar complaints ("illegal ...") yield to it, its
  // semantic ones (duplicates, reserved numbers, nesting depth) stand.
  if (protobufjsError && !protobufjsError.message.startsWith('illegal')) throw protobufjsError;
  if (strict) checkDeclarations(file);
  return file;
}

function asProtobuf(schema: ParsedSchema): ProtobufSchema {
  if (!(schema instanceof ProtobufSchema)) {
    throw new TypeError(`ProtobufProvider was given a ${schema.schemaType} schema it did not parse`);
  }
  return schema;
}
