import { Enum, Root, parse as protobufjsParse, type Type } from 'protobufjs';
import descriptorJson from 'protobufjs/google/protobuf/descriptor.json';
import type {
  EnumElement,
  ExtendElement,
  FieldElement,
  FieldLabel,
  IntRange,
  MessageElement,
  OneOfElement,
  OptionElement,
  OptionValue,
  ProtoFileElement,
  ReservedElement,
  ServiceElement,
  TypeElement,
} from './proto-elements';
import { MAX_TAG_VALUE, SCALAR_TYPES, mapTypes } from './proto-elements';
import { resolveName, type TypeTable } from './proto-types';
import { WELL_KNOWN_PROTOS } from './well-known-protos';

/*
 * FileDescriptorProto <-> Wire-shaped elements, for `?format=serialized` and for schemas
 * registered as a base64 descriptor. Objects use protobufjs's JSON shape of descriptor.proto
 * (camelCase keys, enum values by name).
 */

type Json = Record<string, unknown>;

type OptionsKind =
  | 'FileOptions'
  | 'MessageOptions'
  | 'FieldOptions'
  | 'OneofOptions'
  | 'EnumOptions'
  | 'EnumValueOptions'
  | 'ServiceOptions'
  | 'MethodOptions';

/** Confluent's meta option on each kind of options message. */
const META_OPTIONS: Readonly<Partial<Record<OptionsKind, string>>> = {
  FileOptions: 'confluent.file_meta',
  MessageOptions: 'confluent.message_meta',
  FieldOptions: 'confluent.field_meta',
  EnumOptions: 'confluent.enum_meta',
  EnumValueOptions: 'confluent.enum_value_meta',
};

let descriptorRoot: Root | undefined;

/**
 * descriptor.proto with Confluent's meta extensions compiled in, so `(confluent.*_meta)` options
 * survive a round trip through a serialized schema (clients read field tags from them). A root of
 * our own: protobufjs's shared descriptor module is left untouched.
 */
function descriptorType(name: 'FileDescriptorProto' | OptionsKind): Type {
  if (descriptorRoot === undefined) {
    const root = Root.fromJSON(descriptorJson);
    protobufjsParse(WELL_KNOWN_PROTOS.get('confluent/meta.proto')!, root, { keepCase: true });
    root.resolveAll();
    descriptorRoot = root;
  }
  return descriptorRoot.lookupType(`google.protobuf.${name}`);
}

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

const TYPE_TO_SCALAR: ReadonlyMap<string, string> = new Map(Object.entries(SCALAR_TO_TYPE).map(([scalar, type]) => [type, scalar]));

/**
 * The schema as a base64 FileDescriptorProto, types resolved to fully-qualified names and map
 * fields given their entry messages, as protoc writes them. Standard options and Confluent's
 * meta options are kept; other custom options are left out, as their extensions are unknown here.
 */
export function encodeFileDescriptor(file: ProtoFileElement, types: TypeTable): string {
  const json = new DescriptorWriter(file, types).file();
  const proto = descriptorType('FileDescriptorProto');
  return Buffer.from(proto.encode(proto.fromObject(json)).finish()).toString('base64');
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
    const json: Json = {
      name: SERIALIZED_FILE_NAME,
      dependency: [...f.imports, ...f.publicImports, ...f.weakImports],
      publicDependency: f.publicImports.map((_, i) => f.imports.length + i),
      weakDependency: f.weakImports.map((_, i) => f.imports.length + f.publicImports.length + i),
      messageType: this.messages(f.types),
      enumType: f.types.filter(isEnum).map((e) => this.enumType(e)),
      service: f.services.map((s) => this.service(s)),
      extension: this.extensions(f.extendDeclarations),
      options: toOptions(f.options, 'FileOptions'),
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
    const oneofDecl: Json[] = message.oneOfs.map((o) => ({ name: o.name, options: toOptions(o.options, 'OneofOptions') }));
    const syntheticOneOfs: Json[] = [];
    const generated: Json[] = [];
    // protoc lists fields in declaration order, oneof members among the others.
    const located = [
      ...message.fields.map((field) => ({ field, oneOf: undefined as number | undefined })),
      ...message.oneOfs.flatMap((o, index) => o.fields.map((field) => ({ field, oneOf: index as number | undefined }))),
    ].sort((a, b) => a.field.position.line - b.field.position.line || a.field.position.column - b.field.position.column);

    const fields = located.map(({ field, oneOf }) => {
      const json = this.field(field);
      const map = mapTypes(field.type);
      if (map) {
        const entryName = `${camelCase(field.name, true)}Entry`;
        json.label = 'LABEL_REPEATED';
        json.type = 'TYPE_MESSAGE';
        json.typeName = `.${this.here()}.${entryName}`;
        generated.push({
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
        json.oneofIndex = oneofDecl.length + syntheticOneOfs.length;
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
      generated.push({ name: group.name, field: group.fields.map((f) => this.field(f)) });
    }

    return {
      name: message.name,
      field: fields,
      nestedType: [...this.messages(message.nestedTypes), ...generated],
      enumType: message.nestedTypes.filter(isEnum).map((e) => this.enumType(e)),
      extensionRange: message.extensions.flatMap((e) => e.values.map((v) => exclusiveRange(v))),
      extension: this.extensions(message.extendDeclarations),
      oneofDecl: [...oneofDecl, ...syntheticOneOfs],
      options: toOptions(message.options, 'MessageOptions'),
      reservedRange: reservedNumbers(message.reserveds).map((v) => exclusiveRange(v)),
      reservedName: reservedNames(message.reserveds),
    };
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
    const options = toOptions(field.options, 'FieldOptions');
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
      value: type.constants.map((c) => ({ name: c.name, number: c.tag, options: toOptions(c.options, 'EnumValueOptions') })),
      options: toOptions(type.options, 'EnumOptions'),
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
        options: toOptions(rpc.options, 'MethodOptions'),
      })),
      options: toOptions(service.options, 'ServiceOptions'),
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

/** Standard options and Confluent's meta option as a descriptor options object; undefined when none. */
function toOptions(options: readonly OptionElement[], kind: OptionsKind): Json | undefined {
  const type = descriptorType(kind);
  const metaName = META_OPTIONS[kind];
  const result: Json = {};
  let meta: Json | undefined;
  for (const option of options) {
    if (option.parenthesized) {
      if (metaName !== undefined && option.name.replace(/^\./, '') === metaName) meta = mergeMeta(meta ?? {}, toMeta(option.value));
      continue;
    }
    const value = option.value;
    if (value.kind === 'MAP' || value.kind === 'LIST' || value.kind === 'OPTION') continue;
    const field = type.fields[camelCase(option.name, false)];
    if (!field || field.repeated) continue;
    if (field.resolvedType instanceof Enum) result[field.name] = value.value;
    else if (field.type === 'bool') result[field.name] = value.value === 'true';
    else if (field.type === 'string' || field.type === 'bytes') result[field.name] = value.value;
    else if (!Number.isNaN(Number(value.value))) result[field.name] = Number(value.value);
  }
  if (meta !== undefined && metaName !== undefined) result[`.${metaName}`] = meta;
  return Object.keys(result).length > 0 ? result : undefined;
}

/** A `confluent.Meta` object from `(…_meta) = { doc: …, params: […], tags: […] }` or `(…_meta).tags = …`. */
function toMeta(value: OptionValue): Json {
  const entries: ReadonlyArray<readonly [string, OptionValue]> =
    value.kind === 'MAP' ? value.entries : value.kind === 'OPTION' ? [[value.option.name, value.option.value]] : [];
  const meta: Json = {};
  for (const [key, entry] of entries) {
    if (key === 'doc' && entry.kind === 'STRING') meta.doc = entry.value;
    if (key === 'tags') meta.tags = strings(entry);
    if (key === 'params') {
      const params: Record<string, string> = {};
      for (const item of entry.kind === 'LIST' ? entry.items : [entry]) {
        if (item.kind !== 'MAP') continue;
        const k = item.entries.find(([name]) => name === 'key')?.[1];
        const v = item.entries.find(([name]) => name === 'value')?.[1];
        if (k?.kind === 'STRING' && v?.kind === 'STRING') params[k.value] = v.value;
      }
      meta.params = params;
    }
  }
  return meta;
}

function mergeMeta(a: Json, b: Json): Json {
  return {
    ...a,
    ...b,
    params: { ...((a.params as Json | undefined) ?? {}), ...((b.params as Json | undefined) ?? {}) },
    tags: [...new Set([...((a.tags as string[] | undefined) ?? []), ...((b.tags as string[] | undefined) ?? [])])],
  };
}

function strings(value: OptionValue): string[] {
  if (value.kind === 'STRING') return [value.value];
  if (value.kind === 'LIST') return value.items.flatMap(strings);
  return [];
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
 * labels only where text would have them (none in proto3 but `repeated` and `optional`), map
 * entry messages kept as messages with `option map_entry = true`, proto3 `optional` taken back
 * from its synthetic oneof, empty oneofs and groups dropped. Undefined when `text` is not one.
 */
export function decodeFileDescriptor(text: string): ProtoFileElement | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  let json: Json;
  try {
    const proto = descriptorType('FileDescriptorProto');
    json = proto.toObject(proto.decode(Buffer.from(compact, 'base64')), { enums: String, longs: Number, arrays: true }) as Json;
  } catch {
    return undefined;
  }
  if (json.name === undefined && list(json.messageType).length === 0 && list(json.enumType).length === 0) return undefined;
  return new DescriptorReader(json).file();
}

class DescriptorReader {
  private readonly proto3: boolean;

  constructor(private readonly json: Json) {
    this.proto3 = json.syntax === 'proto3';
  }

  file(): ProtoFileElement {
    const json = this.json;
    const dependency = (json.dependency as string[] | undefined) ?? [];
    const publicIndexes = new Set((json.publicDependency as number[] | undefined) ?? []);
    const weakIndexes = new Set((json.weakDependency as number[] | undefined) ?? []);
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
      options: fromOptions(json.options, 'FileOptions'),
    };
  }

  private message(json: Json): MessageElement {
    const fieldsJson = list(json.field);
    const oneOfFields = list(json.oneofDecl).map((): FieldElement[] => []);
    const fields: FieldElement[] = [];
    for (const f of fieldsJson) {
      const index = f.oneofIndex as number | undefined;
      if (index !== undefined && f.proto3Optional !== true && oneOfFields[index]) oneOfFields[index].push(this.field(f, true));
      else fields.push(this.field(f, false));
    }
    const oneOfs: OneOfElement[] = list(json.oneofDecl)
      .map((o, index) => ({ name: o.name as string, fields: oneOfFields[index], groups: [], options: fromOptions(o.options, 'OneofOptions') }))
      .filter((o) => o.fields.length > 0);
    const reserveds: ReservedElement[] = [
      ...list(json.reservedRange).map((r) => ({ values: [fromExclusive(r)] })),
      ...((json.reservedName as string[] | undefined) ?? []).map((name) => ({ values: [name] })),
    ];
    return {
      kind: 'message',
      name: json.name as string,
      options: fromOptions(json.options, 'MessageOptions'),
      reserveds,
      fields,
      oneOfs,
      groups: [],
      extensions: list(json.extensionRange).map((r) => ({ values: [fromExclusive(r)] })),
      extendDeclarations: this.extends(list(json.extension)),
      nestedTypes: [...list(json.nestedType).map((m) => this.message(m)), ...list(json.enumType).map((e) => this.enumType(e))],
    };
  }

  private field(json: Json, inOneOf: boolean): FieldElement {
    return {
      label: inOneOf ? undefined : this.label(json),
      type: (json.typeName as string | undefined) ?? TYPE_TO_SCALAR.get(json.type as string) ?? 'bytes',
      name: json.name as string,
      tag: json.number as number,
      defaultValue: !this.proto3 && typeof json.defaultValue === 'string' ? json.defaultValue : undefined,
      jsonName: typeof json.jsonName === 'string' ? json.jsonName : undefined,
      options: fromOptions(json.options, 'FieldOptions'),
      position: { line: 0, column: 0 },
    };
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
      options: fromOptions(json.options, 'EnumOptions'),
      constants: list(json.value).map((v) => ({
        name: v.name as string,
        tag: v.number as number,
        options: fromOptions(v.options, 'EnumValueOptions'),
      })),
      reserveds: [
        ...list(json.reservedRange).map((r) => ({
          values: [r.start === r.end ? (r.start as number) : { start: r.start as number, end: r.end as number }],
        })),
        ...((json.reservedName as string[] | undefined) ?? []).map((name) => ({ values: [name] })),
      ],
    };
  }

  private service(json: Json): ServiceElement {
    return {
      name: json.name as string,
      options: fromOptions(json.options, 'ServiceOptions'),
      rpcs: list(json.method).map((m) => ({
        name: m.name as string,
        requestType: m.inputType as string,
        responseType: m.outputType as string,
        requestStreaming: m.clientStreaming === true,
        responseStreaming: m.serverStreaming === true,
        options: fromOptions(m.options, 'MethodOptions'),
        position: { line: 0, column: 0 },
      })),
    };
  }

  /** Extension fields regrouped into one extend block per extendee, in order of first use. */
  private extends(extensions: readonly Json[]): ExtendElement[] {
    const groups = new Map<string, FieldElement[]>();
    for (const json of extensions) {
      const extendee = json.extendee as string;
      const group = groups.get(extendee);
      if (group) group.push(this.field(json, false));
      else groups.set(extendee, [this.field(json, false)]);
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
  return end === start ? start : { start, end };
}

/**
 * Options of a descriptor as option elements: the standard ones, then Confluent's meta as
 * Confluent's toOption writes it (params as a key/value list, precision and scale value first).
 */
function fromOptions(options: unknown, kind: OptionsKind): OptionElement[] {
  if (typeof options !== 'object' || options === null) return [];
  const type = descriptorType(kind);
  const result: OptionElement[] = [];
  let meta: OptionElement | undefined;
  for (const [key, value] of Object.entries(options as Json)) {
    if (key.startsWith('.')) {
      if (key === `.${META_OPTIONS[kind]}`) meta = metaOption(key.slice(1), value as Json);
      continue;
    }
    const field = type.fields[key];
    let primitive: OptionValue;
    if (typeof value === 'boolean') primitive = { kind: 'BOOLEAN', value: String(value) };
    else if (typeof value === 'number') primitive = { kind: 'NUMBER', value: String(value) };
    else if (typeof value === 'string') primitive = { kind: field?.resolvedType instanceof Enum ? 'ENUM' : 'STRING', value };
    else continue;
    result.push({ name: snakeCase(key), parenthesized: false, value: primitive });
  }
  return meta ? [...result, meta] : result;
}

function metaOption(name: string, meta: Json): OptionElement | undefined {
  const entries: Array<[string, OptionValue]> = [];
  if (typeof meta.doc === 'string' && meta.doc !== '') entries.push(['doc', { kind: 'STRING', value: meta.doc }]);
  const params = Object.entries((meta.params as Record<string, string> | undefined) ?? {});
  if (params.length > 0) {
    entries.push([
      'params',
      {
        kind: 'LIST',
        items: params.map(([key, value]): OptionValue => {
          const k: [string, OptionValue] = ['key', { kind: 'STRING', value: key }];
          const v: [string, OptionValue] = ['value', { kind: 'STRING', value }];
          // Confluent writes value before key for decimals' precision and scale.
          return { kind: 'MAP', entries: key === 'precision' || key === 'scale' ? [v, k] : [k, v] };
        }),
      },
    ]);
  }
  const tags = (meta.tags as string[] | undefined) ?? [];
  if (tags.length > 0) entries.push(['tags', { kind: 'LIST', items: tags.map((value): OptionValue => ({ kind: 'STRING', value })) }]);
  return entries.length > 0 ? { name, parenthesized: true, value: { kind: 'MAP', entries } } : undefined;
}

function isMessage(type: TypeElement): type is MessageElement {
  return type.kind === 'message';
}

function isEnum(type: TypeElement): type is EnumElement {
  return type.kind === 'enum';
}
