import { Enum, type Type } from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import type {
  EnumElement,
  ExtendElement,
  FieldElement,
  FieldLabel,
  GroupElement,
  IntRange,
  MessageElement,
  OneOfElement,
  OptionElement,
  OptionPrimitive,
  ProtoFileElement,
  ReservedElement,
  ServiceElement,
  TypeElement,
} from './proto-elements';
import { MAX_TAG_VALUE, SCALAR_TYPES, mapTypes } from './proto-elements';
import { resolveName, type TypeTable } from './proto-types';

/*
 * FileDescriptorProto <-> Wire-shaped elements, for `?format=serialized` and for schemas
 * registered as a base64 descriptor. Objects use protobufjs's JSON shape of descriptor.proto
 * (camelCase keys, enum values by name).
 */

type Json = Record<string, unknown>;

/** Confluent names the file of a serialized schema `default`; its imports keep their paths. */
const SERIALIZED_FILE_NAME = 'default';

const SCALAR_TO_TYPE: Readonly<Record<string, string>> = {
  double: 'TYPE_DOUBLE',
  float: 'TYPE_FLOAT',
  int64: 'TYPE_INT64',
  uint64: 'TYPE_UINT64',
  int32: 'TYPE_INT32',
  fixed64: 'TYPE_FIXED64',
  fixed32: 'TYPE_FIXED32',
  bool: 'TYPE_BOOL',
  string: 'TYPE_STRING',
  bytes: 'TYPE_BYTES',
  uint32: 'TYPE_UINT32',
  sfixed32: 'TYPE_SFIXED32',
  sfixed64: 'TYPE_SFIXED64',
  sint32: 'TYPE_SINT32',
  sint64: 'TYPE_SINT64',
};

const TYPE_TO_SCALAR: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SCALAR_TO_TYPE).map(([scalar, type]) => [type, scalar]),
);

/**
 * The schema as a base64 FileDescriptorProto, types resolved to fully-qualified names and map
 * fields given their entry messages, as protoc writes them. Standard options are kept; custom
 * (parenthesized) options are left out, as their extensions are not compiled here.
 */
export function encodeFileDescriptor(file: ProtoFileElement, types: TypeTable): string {
  const json = new DescriptorWriter(file, types).file();
  const message = descriptor.FileDescriptorProto.fromObject(json);
  return Buffer.from(descriptor.FileDescriptorProto.encode(message).finish()).toString('base64');
}

class DescriptorWriter {
  private readonly scope: string[] = [];
  private readonly packageName: string;

  constructor(
    private readonly source: ProtoFileElement,
    private readonly types: TypeTable,
  ) {
    this.packageName = source.packageName ?? '';
  }

  file(): Json {
    const f = this.source;
    const dependency = [...f.imports, ...f.publicImports, ...f.weakImports];
    const json: Json = {
      name: SERIALIZED_FILE_NAME,
      dependency,
      publicDependency: f.publicImports.map((_, i) => f.imports.length + i),
      weakDependency: f.weakImports.map((_, i) => f.imports.length + f.publicImports.length + i),
      messageType: this.messages(f.types),
      enumType: f.types.filter(isEnum).map((e) => this.enumType(e)),
      service: f.services.map((s) => this.service(s)),
      extension: this.extensions(f.extendDeclarations),
      options: toOptions(f.options, descriptor.FileOptions),
    };
    if (f.packageName !== undefined) json.package = f.packageName;
    if (f.edition !== undefined) {
      json.syntax = 'editions';
      json.edition = `EDITION_${f.edition}`;
    } else if (f.syntax !== undefined) {
      json.syntax = f.syntax;
    }
    return json;
  }

  private messages(types: readonly TypeElement[]): Json[] {
    return types.filter(isMessage).map((m) => {
      this.scope.push(m.name);
      try {
        return this.messageType(m);
      } finally {
        this.scope.pop();
      }
    });
  }

  private messageType(message: MessageElement): Json {
    const realOneOfs = message.oneOfs.map((o) => ({ name: o.name, options: toOptions(o.options, descriptor.OneofOptions) }));
    const syntheticOneOfs: Json[] = [];
    const entries: Json[] = [];
    const groupTypes: Json[] = [];
    const located: Array<{ field: FieldElement; oneOf?: number; group?: GroupElement }> = [
      ...message.fields.map((field) => ({ field })),
      ...message.oneOfs.flatMap((o, index) => o.fields.map((field) => ({ field, oneOf: index }))),
    ].sort((a, b) => a.field.position.line - b.field.position.line || a.field.position.column - b.field.position.column);

    const fields = located.map(({ field, oneOf }) => {
      const json = this.field(field);
      const map = mapTypes(field.type);
      if (map) {
        const entryName = `${camelCase(field.name, true)}Entry`;
        json.label = 'LABEL_REPEATED';
        json.type = 'TYPE_MESSAGE';
        json.typeName = `.${this.here()}.${entryName}`;
        entries.push({
          name: entryName,
          field: [this.field(syntheticField('key', 1, map.key)), this.field(syntheticField('value', 2, map.value))],
          options: { mapEntry: true },
        });
      }
      if (oneOf !== undefined) {
        json.oneofIndex = oneOf;
      } else if (field.label === 'optional' && this.source.syntax === 'proto3') {
        // proto3 `optional` is a synthetic oneof, placed after the declared ones.
        json.proto3Optional = true;
        json.oneofIndex = realOneOfs.length + syntheticOneOfs.length;
        syntheticOneOfs.push({ name: `_${field.name}` });
      }
      return json;
    });
    for (const group of [...message.groups, ...message.oneOfs.flatMap((o) => o.groups)]) {
      fields.push({
        name: group.name.toLowerCase(),
        number: group.tag,
        label: labelOf(group.label),
        type: 'TYPE_GROUP',
        typeName: `.${this.here()}.${group.name}`,
      });
      groupTypes.push({ name: group.name, field: group.fields.map((f) => this.field(f)) });
    }

    const json: Json = {
      name: message.name,
      field: fields,
      nestedType: [...this.messages(message.nestedTypes), ...groupTypes, ...entries],
      enumType: message.nestedTypes.filter(isEnum).map((e) => this.enumType(e)),
      extensionRange: message.extensions.flatMap((e) => e.values.map((v) => exclusiveRange(v))),
      extension: this.extensions(message.extendDeclarations),
      oneofDecl: [...realOneOfs, ...syntheticOneOfs],
      options: toOptions(message.options, descriptor.MessageOptions),
      reservedRange: reservedNumbers(message.reserveds).map((v) => exclusiveRange(v)),
      reservedName: reservedNames(message.reserveds),
    };
    return json;
  }

  private field(field: FieldElement): Json {
    const json: Json = { name: field.name, number: field.tag, label: labelOf(field.label) };
    if (SCALAR_TYPES.has(field.type)) {
      json.type = SCALAR_TO_TYPE[field.type];
    } else if (!mapTypes(field.type)) {
      const resolved = this.resolve(field.type);
      if (resolved === undefined) {
        json.typeName = field.type;
      } else {
        json.typeName = `.${resolved}`;
        json.type = this.types.getType(resolved)?.type.kind === 'enum' ? 'TYPE_ENUM' : 'TYPE_MESSAGE';
      }
    }
    if (field.defaultValue !== undefined && this.source.syntax !== 'proto3') json.defaultValue = field.defaultValue;
    if (field.jsonName !== undefined) json.jsonName = field.jsonName;
    const options = toOptions(field.options, descriptor.FieldOptions);
    if (options) json.options = options;
    return json;
  }

  private extensions(extendDeclarations: readonly ExtendElement[]): Json[] {
    return extendDeclarations.flatMap((extend) => {
      const extendee = this.resolve(extend.name);
      return extend.fields.map((field) => ({ ...this.field(field), extendee: extendee === undefined ? extend.name : `.${extendee}` }));
    });
  }

  private enumType(type: EnumElement): Json {
    return {
      name: type.name,
      value: type.constants.map((c) => ({ name: c.name, number: c.tag, options: toOptions(c.options, descriptor.EnumValueOptions) })),
      options: toOptions(type.options, descriptor.EnumOptions),
      reservedRange: reservedNumbers(type.reserveds).map((v) => (typeof v === 'number' ? { start: v, end: v } : { start: v.start, end: v.end })),
      reservedName: reservedNames(type.reserveds),
    };
  }

  private service(service: ServiceElement): Json {
    return {
      name: service.name,
      method: service.rpcs.map((rpc) => ({
        name: rpc.name,
        inputType: this.qualified(rpc.requestType),
        outputType: this.qualified(rpc.responseType),
        clientStreaming: rpc.requestStreaming || undefined,
        serverStreaming: rpc.responseStreaming || undefined,
        options: toOptions(rpc.options, descriptor.MethodOptions),
      })),
      options: toOptions(service.options, descriptor.ServiceOptions),
    };
  }

  private qualified(name: string): string {
    const resolved = this.resolve(name);
    return resolved === undefined ? name : `.${resolved}`;
  }

  private resolve(name: string): string | undefined {
    return resolveName(name, this.packageName, this.scope, (full) => this.types.getType(full) !== undefined);
  }

  private here(): string {
    return [this.packageName, ...this.scope].filter((s) => s !== '').join('.');
  }
}

function syntheticField(name: string, tag: number, type: string): FieldElement {
  return { label: 'optional', type, name, tag, options: [], position: { line: 0, column: 0 } };
}

function labelOf(label: FieldLabel | undefined): string {
  if (label === 'repeated') return 'LABEL_REPEATED';
  if (label === 'required') return 'LABEL_REQUIRED';
  return 'LABEL_OPTIONAL';
}

function exclusiveRange(value: number | IntRange): Json {
  if (typeof value === 'number') return { start: value, end: value + 1 };
  return { start: value.start, end: Math.min(value.end, MAX_TAG_VALUE) + 1 };
}

function reservedNumbers(reserveds: readonly ReservedElement[]): Array<number | IntRange> {
  return reserveds.flatMap((r) => r.values.filter((v): v is number | IntRange => typeof v !== 'string'));
}

function reservedNames(reserveds: readonly ReservedElement[]): string[] {
  return reserveds.flatMap((r) => r.values.filter((v): v is string => typeof v === 'string'));
}

let resolvedDescriptor = false;

/** Field types of descriptor.proto are looked up through resolvedType. */
function ensureResolved(): void {
  if (!resolvedDescriptor) {
    descriptor.FileDescriptorProto.root.resolveAll();
    resolvedDescriptor = true;
  }
}

/** Standard options as a descriptor options object; undefined when none applies. */
function toOptions(options: readonly OptionElement[], type: Type): Json | undefined {
  ensureResolved();
  const result: Json = {};
  for (const option of options) {
    if (option.parenthesized || option.value.kind === 'MAP' || option.value.kind === 'LIST' || option.value.kind === 'OPTION') continue;
    const field = type.fields[camelCase(option.name, false)];
    if (!field || field.repeated) continue;
    const text = option.value.value;
    if (field.resolvedType instanceof Enum) result[field.name] = text;
    else if (field.type === 'bool') result[field.name] = text === 'true';
    else if (field.type === 'string' || field.type === 'bytes') result[field.name] = text;
    else if (!Number.isNaN(Number(text))) result[field.name] = Number(text);
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function camelCase(name: string, upperFirst: boolean): string {
  const camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return upperFirst ? camel.charAt(0).toUpperCase() + camel.slice(1) : camel;
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Reads a base64 FileDescriptorProto into elements the way Confluent's `toProtoFile` does:
 * labels only where text would have them, map entry messages back to `map<K, V>` fields,
 * proto3 `optional` back from its synthetic oneof. Undefined when `text` is not one.
 */
export function decodeFileDescriptor(text: string): ProtoFileElement | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  let json: Json;
  try {
    const message = descriptor.FileDescriptorProto.decode(Buffer.from(compact, 'base64'));
    json = descriptor.FileDescriptorProto.toObject(message, { enums: String, longs: String, arrays: true }) as Json;
  } catch {
    return undefined;
  }
  if (json.name === undefined && (json.messageType as Json[]).length === 0 && (json.enumType as Json[]).length === 0) return undefined;
  return new DescriptorReader(json).file();
}

class DescriptorReader {
  private readonly proto3: boolean;

  constructor(private readonly json: Json) {
    this.proto3 = json.syntax === 'proto3';
  }

  file(): ProtoFileElement {
    const json = this.json;
    const dependency = (json.dependency as string[]) ?? [];
    const publicIndexes = new Set((json.publicDependency as number[]) ?? []);
    const weakIndexes = new Set((json.weakDependency as number[]) ?? []);
    const edition = typeof json.edition === 'string' ? /^EDITION_([0-9]{4})$/.exec(json.edition)?.[1] : undefined;
    return {
      syntax: json.syntax === 'proto3' ? 'proto3' : json.syntax === 'proto2' ? 'proto2' : undefined,
      edition: json.syntax === 'editions' ? edition : undefined,
      packageName: typeof json.package === 'string' && json.package !== '' ? json.package : undefined,
      imports: dependency.filter((_, i) => !publicIndexes.has(i) && !weakIndexes.has(i)),
      publicImports: dependency.filter((_, i) => publicIndexes.has(i)),
      weakImports: dependency.filter((_, i) => weakIndexes.has(i)),
      types: [...list(json.messageType).map((m) => this.message(m)), ...list(json.enumType).map((e) => this.enumType(e))],
      services: list(json.service).map((s) => this.service(s)),
      extendDeclarations: this.extends(list(json.extension)),
      options: fromOptions(json.options, descriptor.FileOptions),
    };
  }

  private message(json: Json): MessageElement {
    const nested = list(json.nestedType);
    const entries = new Map(nested.filter((n) => (n.options as Json | undefined)?.mapEntry === true).map((n) => [n.name as string, n]));
    const declaredOneOfs = list(json.oneofDecl);
    const fieldsJson = list(json.field);
    const synthetic = new Set(
      fieldsJson.filter((f) => f.proto3Optional === true && f.oneofIndex !== undefined).map((f) => f.oneofIndex as number),
    );
    const fields: FieldElement[] = [];
    const oneOfFields = new Map<number, FieldElement[]>();
    for (const f of fieldsJson) {
      const index = f.oneofIndex as number | undefined;
      const inOneOf = index !== undefined && !synthetic.has(index);
      const element = this.field(f, inOneOf, entries);
      if (inOneOf) oneOfFields.set(index, [...(oneOfFields.get(index) ?? []), element]);
      else fields.push(element);
    }
    const oneOfs: OneOfElement[] = declaredOneOfs.flatMap((o, index) =>
      synthetic.has(index) ? [] : [{ name: o.name as string, fields: oneOfFields.get(index) ?? [], groups: [], options: fromOptions(o.options, descriptor.OneofOptions) }],
    );
    const reserveds: ReservedElement[] = [
      ...list(json.reservedRange).map((r) => ({ values: [fromExclusive(r)] })),
      ...((json.reservedName as string[]) ?? []).map((name) => ({ values: [name] })),
    ];
    return {
      kind: 'message',
      name: json.name as string,
      options: fromOptions(json.options, descriptor.MessageOptions),
      reserveds,
      fields,
      oneOfs,
      groups: [],
      extensions: list(json.extensionRange).map((r) => ({ values: [fromExclusive(r)] })),
      extendDeclarations: this.extends(list(json.extension)),
      nestedTypes: [
        ...nested.filter((n) => !entries.has(n.name as string)).map((m) => this.message(m)),
        ...list(json.enumType).map((e) => this.enumType(e)),
      ],
    };
  }

  private field(json: Json, inOneOf: boolean, entries: ReadonlyMap<string, Json>): FieldElement {
    const typeName = json.typeName as string | undefined;
    let type = typeName ?? TYPE_TO_SCALAR[json.type as string] ?? 'bytes';
    let label = inOneOf ? undefined : this.label(json);
    const entry = typeName === undefined ? undefined : entries.get(typeName.slice(typeName.lastIndexOf('.') + 1));
    if (entry && json.label === 'LABEL_REPEATED') {
      const [key, value] = list(entry.field).sort((a, b) => (a.number as number) - (b.number as number));
      type = `map<${this.typeOf(key)}, ${this.typeOf(value)}>`;
      label = undefined;
    }
    return {
      label,
      type,
      name: json.name as string,
      tag: json.number as number,
      defaultValue: !this.proto3 && typeof json.defaultValue === 'string' ? json.defaultValue : undefined,
      jsonName: typeof json.jsonName === 'string' ? json.jsonName : undefined,
      options: fromOptions(json.options, descriptor.FieldOptions),
      position: { line: 0, column: 0 },
    };
  }

  private typeOf(json: Json | undefined): string {
    return (json?.typeName as string | undefined) ?? TYPE_TO_SCALAR[json?.type as string] ?? 'bytes';
  }

  private label(json: Json): FieldLabel | undefined {
    if (json.proto3Optional === true) return 'optional';
    if (json.label === 'LABEL_REPEATED') return 'repeated';
    if (this.proto3) return undefined;
    return json.label === 'LABEL_REQUIRED' ? 'required' : 'optional';
  }

  private enumType(json: Json): EnumElement {
    return {
      kind: 'enum',
      name: json.name as string,
      options: fromOptions(json.options, descriptor.EnumOptions),
      constants: list(json.value).map((v) => ({
        name: v.name as string,
        tag: v.number as number,
        options: fromOptions(v.options, descriptor.EnumValueOptions),
      })),
      reserveds: [
        ...list(json.reservedRange).map((r) => ({
          values: [r.start === r.end ? (r.start as number) : { start: r.start as number, end: r.end as number }],
        })),
        ...((json.reservedName as string[]) ?? []).map((name) => ({ values: [name] })),
      ],
    };
  }

  private service(json: Json): ServiceElement {
    return {
      name: json.name as string,
      options: fromOptions(json.options, descriptor.ServiceOptions),
      rpcs: list(json.method).map((m) => ({
        name: m.name as string,
        requestType: m.inputType as string,
        responseType: m.outputType as string,
        requestStreaming: m.clientStreaming === true,
        responseStreaming: m.serverStreaming === true,
        options: fromOptions(m.options, descriptor.MethodOptions),
        position: { line: 0, column: 0 },
      })),
    };
  }

  private extends(extensions: readonly Json[]): ExtendElement[] {
    const groups = new Map<string, FieldElement[]>();
    for (const json of extensions) {
      const extendee = json.extendee as string;
      groups.set(extendee, [...(groups.get(extendee) ?? []), this.field(json, false, new Map())]);
    }
    return [...groups].map(([name, fields]) => ({ name, fields, position: { line: 0, column: 0 } }));
  }
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

function fromExclusive(range: Json): number | IntRange {
  const start = range.start as number;
  const end = (range.end as number) - 1;
  return end === start ? start : { start, end: end >= MAX_TAG_VALUE ? MAX_TAG_VALUE : end };
}

/** Standard options of a descriptor as option elements (custom ones are not decoded). */
function fromOptions(options: unknown, type: Type): OptionElement[] {
  if (typeof options !== 'object' || options === null) return [];
  ensureResolved();
  const result: OptionElement[] = [];
  for (const [key, value] of Object.entries(options as Json)) {
    const field = type.fields[key];
    let primitive: OptionPrimitive;
    if (typeof value === 'boolean') primitive = { kind: 'BOOLEAN', value: String(value) };
    else if (typeof value === 'number') primitive = { kind: 'NUMBER', value: String(value) };
    else if (typeof value === 'string') primitive = { kind: field?.resolvedType instanceof Enum ? 'ENUM' : 'STRING', value };
    else continue;
    result.push({ name: snakeCase(key), parenthesized: false, value: primitive });
  }
  return result;
}

function isMessage(type: TypeElement): type is MessageElement {
  return type.kind === 'message';
}

function isEnum(type: TypeElement): type is EnumElement {
  return type.kind === 'enum';
}
