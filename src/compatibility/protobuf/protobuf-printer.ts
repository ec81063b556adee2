import type {
  EnumConstantElement,
  EnumElement,
  ExtendElement,
  ExtensionsElement,
  FieldElement,
  GroupElement,
  IntRange,
  MessageElement,
  OneOfElement,
  OptionElement,
  OptionValue,
  ProtoFileElement,
  ReservedElement,
  RpcElement,
  ServiceElement,
  TypeElement,
} from './proto-elements';
import { MAX_TAG_VALUE, SCALAR_TYPES, isIntRange, mapTypes } from './proto-elements';
import { formatNormalizedNumber } from './proto-number-format';
import { isMapEntry, resolveName, type TypeTable } from './proto-types';

/** How to print: Confluent's FormatContext(ignoreExtensions, normalize). */
export interface PrintOptions {
  /** Confluent's normalized form (`normalize=true`): sorted, fully-qualified, reformatted numbers. */
  readonly normalize: boolean;
  /** `?format=ignore_extensions`: no extension ranges, extend blocks or custom options but Confluent's own. */
  readonly ignoreExtensions: boolean;
}

export const CANONICAL: PrintOptions = Object.freeze({ normalize: false, ignoreExtensions: false });
export const NORMALIZED: PrintOptions = Object.freeze({ normalize: true, ignoreExtensions: false });
export const IGNORE_EXTENSIONS: PrintOptions = Object.freeze({ normalize: false, ignoreExtensions: true });

const CONFLUENT_PREFIX = 'confluent.';

/**
 * Prints a file the way Confluent's ProtobufSchemaUtils does (itself modelled on Wire's
 * `toSchema()`): two-space indentation, a blank line between sections, messages before enums at
 * each level, no comments. `types` is needed to normalize (names are resolved against it).
 */
export function printProto(file: ProtoFileElement, options: PrintOptions = CANONICAL, types?: TypeTable): string {
  return new ProtoPrinter(file, options, types).printFile();
}

type OptionItem = OptionElement | OptionValue;

class ProtoPrinter {
  private readonly scope: string[] = [];
  private readonly packageName: string;

  constructor(
    private readonly file: ProtoFileElement,
    private readonly options: PrintOptions,
    private readonly types?: TypeTable,
  ) {
    this.packageName = file.packageName ?? '';
  }

  printFile(): string {
    const file = this.file;
    let sb = '';
    if (file.edition !== undefined) {
      sb += `edition = "${file.edition}";\n`;
    } else if (file.syntax !== undefined && (!this.options.normalize || file.syntax === 'proto3')) {
      sb += `syntax = "${file.syntax}";\n`;
    }
    if (file.packageName !== undefined) sb += `package ${file.packageName};\n`;
    if (file.imports.length > 0 || file.publicImports.length > 0) {
      sb += '\n';
      for (const name of this.sortedDistinct(file.imports)) sb += `import "${name}";\n`;
      for (const name of this.sortedDistinct(file.publicImports)) sb += `import public "${name}";\n`;
    }
    const options = this.filterOptions(file.options);
    if (options.length > 0) {
      sb += '\n';
      for (const option of options) sb += this.optionStatement(option);
    }
    const types = this.filterTypes(file.types);
    if (types.length > 0) {
      sb += '\n';
      sb += this.printTypes(types, (text) => text);
    }
    if (!this.options.ignoreExtensions && file.extendDeclarations.length > 0) {
      sb += '\n';
      for (const extend of this.groupExtends(file.extendDeclarations)) sb += this.printExtend(extend);
    }
    if (file.services.length > 0) {
      sb += '\n';
      for (const service of file.services) sb += this.printService(service);
    }
    return sb;
  }

  /** Messages first, then enums: message indexes count messages only, in declaration order. */
  private printTypes(types: readonly TypeElement[], wrap: (text: string) => string): string {
    let sb = '';
    for (const type of types) {
      if (type.kind === 'message') sb += wrap(this.withName(type.name, () => this.printMessage(type)));
    }
    for (const type of types) {
      if (type.kind === 'enum') sb += wrap(this.withName(type.name, () => this.printEnum(type)));
    }
    return sb;
  }

  private printService(service: ServiceElement): string {
    let sb = `service ${service.name} {`;
    const options = this.filterOptions(service.options);
    if (options.length > 0) {
      sb += '\n';
      for (const option of options) sb += indent(this.optionStatement(option));
    }
    if (service.rpcs.length > 0) {
      sb += '\n';
      for (const rpc of service.rpcs) sb += indent(this.printRpc(rpc));
    }
    return `${sb}}\n`;
  }

  private printRpc(rpc: RpcElement): string {
    let sb = `rpc ${rpc.name} (`;
    if (rpc.requestStreaming) sb += 'stream ';
    sb += this.options.normalize ? this.qualified(rpc.requestType) : rpc.requestType;
    sb += ') returns (';
    if (rpc.responseStreaming) sb += 'stream ';
    sb += this.options.normalize ? this.qualified(rpc.responseType) : rpc.responseType;
    sb += ')';
    const options = this.filterOptions(rpc.options);
    if (options.length > 0) {
      sb += ' {\n';
      for (const option of options) sb += indent(this.optionStatement(option));
      sb += '}';
    }
    return `${sb};\n`;
  }

  private printEnum(type: EnumElement): string {
    let sb = `enum ${type.name} {`;
    if (type.reserveds.length > 0) {
      sb += '\n';
      for (const reserved of this.sortedReserveds(type.reserveds)) sb += indent(this.printReserved(reserved));
    }
    // Confluent opens the body with a newline only when no reserved line already did.
    if (type.reserveds.length === 0 && (type.options.length > 0 || type.constants.length > 0)) sb += '\n';
    for (const option of this.filterOptions(type.options)) sb += indent(this.optionStatement(option));
    let constants = type.constants;
    if (this.options.normalize) {
      constants = [...constants].sort((a, b) => a.tag - b.tag || compareStrings(a.name, b.name));
    }
    for (const constant of constants) sb += indent(this.printEnumConstant(constant));
    return `${sb}}\n`;
  }

  private printEnumConstant(constant: EnumConstantElement): string {
    let sb = `${constant.name} = ${constant.tag}`;
    const options = this.filterOptions(constant.options);
    if (options.length > 0) sb += ` ${this.appendOptions(options)}`;
    return `${sb};\n`;
  }

  private printMessage(type: MessageElement): string {
    let sb = `message ${type.name} {`;
    if (type.reserveds.length > 0) {
      sb += '\n';
      for (const reserved of this.sortedReserveds(type.reserveds)) sb += indent(this.printReserved(reserved));
    }
    const options = this.filterOptions(type.options);
    if (options.length > 0) {
      sb += '\n';
      for (const option of options) sb += indent(this.optionStatement(option));
    }
    if (type.fields.length > 0) {
      sb += '\n';
      for (const field of this.byTag(type.fields)) sb += indent(this.printField(field));
    }
    if (type.oneOfs.length > 0) {
      sb += '\n';
      let oneOfs: readonly OneOfElement[] = type.oneOfs;
      if (this.options.normalize) {
        oneOfs = oneOfs
          .filter((o) => o.fields.length > 0)
          .map((o) => ({ ...o, fields: this.byTag(o.fields) }))
          .sort((a, b) => a.fields[0].tag - b.fields[0].tag);
      }
      for (const oneOf of oneOfs) sb += indent(this.printOneOf(oneOf));
    }
    if (type.groups.length > 0) {
      sb += '\n';
      for (const group of this.byTag(type.groups)) sb += indent(this.printGroup(group));
    }
    if (!this.options.ignoreExtensions && type.extensions.length > 0) {
      sb += '\n';
      for (const extensions of this.sortedExtensions(type.extensions)) sb += indent(this.printExtensions(extensions));
    }
    if (!this.options.ignoreExtensions && type.extendDeclarations.length > 0) {
      sb += '\n';
      for (const extend of this.groupExtends(type.extendDeclarations)) sb += indent(this.printExtend(extend));
    }
    const nested = this.filterTypes(type.nestedTypes);
    if (nested.length > 0) {
      sb += '\n';
      sb += this.printTypes(nested, indent);
    }
    return `${sb}}\n`;
  }

  private printOneOf(oneOf: OneOfElement): string {
    let sb = `oneof ${oneOf.name} {`;
    const options = this.filterOptions(oneOf.options);
    if (options.length > 0) {
      sb += '\n';
      for (const option of options) sb += indent(this.optionStatement(option));
    }
    if (oneOf.fields.length > 0) {
      sb += '\n';
      for (const field of oneOf.fields) sb += indent(this.printField(field));
    }
    if (oneOf.groups.length > 0) {
      sb += '\n';
      for (const group of this.byTag(oneOf.groups)) sb += indent(this.printGroup(group));
    }
    return `${sb}}\n`;
  }

  private printGroup(group: GroupElement): string {
    let sb = group.label ? `${group.label} ` : '';
    sb += `group ${group.name} = ${group.tag} {`;
    if (group.fields.length > 0) {
      sb += '\n';
      for (const field of this.byTag(group.fields)) sb += indent(this.printField(field));
    }
    return `${sb}}\n`;
  }

  private printExtend(extend: ExtendElement): string {
    let sb = `extend ${extend.name} {`;
    if (extend.fields.length > 0) {
      sb += '\n';
      for (const field of this.byTag(extend.fields)) sb += indent(this.printField(field));
    }
    return `${sb}}\n`;
  }

  private printReserved(reserved: ReservedElement): string {
    const values = reserved.values.map((value) => {
      if (typeof value === 'string') return `"${value}"`;
      if (typeof value === 'number') return String(value);
      return this.printRange(value);
    });
    return `reserved ${values.join(', ')};\n`;
  }

  private printExtensions(extensions: ExtensionsElement): string {
    const values = extensions.values.map((value) => (typeof value === 'number' ? String(value) : this.printRange(value)));
    return `extensions ${values.join(', ')};\n`;
  }

  private printRange(range: IntRange): string {
    if (this.options.normalize && range.start === range.end) return String(range.start);
    return `${range.start} to ${range.end < MAX_TAG_VALUE ? range.end : 'max'}`;
  }

  private printField(field: FieldElement): string {
    let label = field.label;
    let fieldType = field.type;
    if (this.options.normalize) {
      if (!SCALAR_TYPES.has(fieldType) && !mapTypes(fieldType)) {
        const resolved = this.resolveType(fieldType);
        if (resolved !== undefined) {
          const info = this.types?.getType(resolved);
          fieldType =
            info?.isMap && info.key && info.value ? `map<${info.key.type}, ${info.value.type}>` : `.${resolved}`;
        }
      }
      const map = mapTypes(fieldType);
      if (map) {
        const value = this.resolveType(map.value);
        if (value !== undefined) fieldType = `map<${map.key}, .${value}>`;
        label = undefined;
      }
    }
    let sb = label ? `${label} ` : '';
    sb += `${fieldType} ${field.name} = ${field.tag}`;
    const special: OptionElement[] = [...field.options];
    if (field.defaultValue !== undefined) {
      special.push({ name: 'default', parenthesized: false, value: { kind: defaultKind(fieldType, field.defaultValue), value: field.defaultValue } });
    }
    if (field.jsonName !== undefined) {
      special.push({ name: 'json_name', parenthesized: false, value: { kind: 'STRING', value: field.jsonName } });
    }
    const options = this.filterOptions(special);
    if (options.length > 0) sb += ` ${this.appendOptions(options)}`;
    return `${sb};\n`;
  }

  private optionStatement(option: OptionElement): string {
    return `option ${this.printOption(option)};\n`;
  }

  private printOption(option: OptionElement): string {
    let sb = option.parenthesized ? `(${option.name})` : option.name;
    const value = option.value;
    switch (value.kind) {
      case 'STRING':
        sb += ` = "${escapeChars(value.value)}"`;
        break;
      case 'BOOLEAN':
      case 'ENUM':
        sb += ` = ${value.value}`;
        break;
      case 'NUMBER':
        sb += ` = ${this.formatNumber(value.value)}`;
        break;
      case 'OPTION':
        sb += `.${this.printOption(value.option)}`;
        break;
      case 'MAP':
        sb += ` = {\n${this.printOptionMap(value.entries)}}`;
        break;
      case 'LIST':
        sb += ` = ${this.appendOptions(value.items)}`;
        break;
    }
    return sb;
  }

  private printOptionMap(entries: ReadonlyArray<readonly [string, OptionValue]>): string {
    let list = entries;
    if (this.options.normalize) {
      const kept = new Map<string, OptionValue>();
      for (const [key, value] of entries) {
        if (value.kind === 'LIST' && value.items.length === 0) continue;
        let name = key;
        if (key.startsWith('[') && key.endsWith(']')) {
          const resolved = this.resolveExtension(key.slice(1, -1));
          if (resolved !== undefined) name = `[${resolved}]`;
        }
        if (!kept.has(name)) kept.set(name, value);
      }
      list = [...kept.entries()].sort(([a], [b]) => compareStrings(a, b));
    }
    let sb = '';
    list.forEach(([key, value], index) => {
      const separator = index < list.length - 1 ? ',' : '';
      sb += indent(`${key}: ${this.printValue(value)}${separator}`);
    });
    return sb;
  }

  private printValue(item: OptionItem): string {
    if (!('kind' in item)) return this.printOption(item);
    switch (item.kind) {
      case 'STRING':
        return `"${escapeChars(item.value)}"`;
      case 'BOOLEAN':
      case 'ENUM':
        return item.value;
      case 'NUMBER':
        return this.formatNumber(item.value);
      case 'MAP':
        return `{\n${this.printOptionMap(item.entries)}}`;
      case 'LIST': {
        if (this.options.normalize && item.items.length === 1) return this.printValue(item.items[0]);
        let sb = '[\n';
        item.items.forEach((value, index) => {
          sb += indent(`${this.printValue(value)}${index < item.items.length - 1 ? ',' : ''}`);
        });
        return `${sb}]`;
      }
      case 'OPTION':
        return this.printOption(item.option);
    }
  }

  /** `[a = 1]` on one line, several options one per line. */
  private appendOptions(items: readonly OptionItem[]): string {
    if (items.length === 1) return `[${this.printValue(items[0])}]`;
    let sb = '[\n';
    items.forEach((item, index) => {
      sb += indent(`${this.printValue(item)}${index < items.length - 1 ? ',' : ''}`);
    });
    return `${sb}]`;
  }

  private formatNumber(text: string): string {
    return this.options.normalize ? formatNormalizedNumber(text) : text;
  }

  private filterOptions(options: readonly OptionElement[]): OptionElement[] {
    let result = [...options];
    if (result.length === 0) return result;
    if (this.options.ignoreExtensions) {
      result = result.filter((o) => !o.parenthesized || o.name.startsWith(CONFLUENT_PREFIX));
    }
    if (!this.options.normalize) return result;
    const qualified = result.map((option) => {
      if (!option.parenthesized) return option;
      const resolved = this.resolveExtension(option.name);
      return resolved === undefined ? option : toMapOption({ ...option, name: resolved });
    });
    const groups = new Map<string, OptionElement[]>();
    for (const option of stableSort(qualified, (a, b) => compareStrings(a.name, b.name))) {
      const group = groups.get(option.name);
      if (group) group.push(option);
      else groups.set(option.name, [option]);
    }
    const merged: OptionElement[] = [];
    for (const [name, group] of groups) {
      const extension = this.types?.getExtendField(name);
      if (extension && !extension.repeated) merged.push(group.reduce(mergeOptions));
      else merged.push(...group);
    }
    return merged;
  }

  private filterTypes(types: readonly TypeElement[]): readonly TypeElement[] {
    if (!this.options.normalize) return types;
    return types.filter((type) => type.kind !== 'message' || !isMapEntry(type));
  }

  private byTag<T extends { readonly tag: number }>(items: readonly T[]): readonly T[] {
    return this.options.normalize ? stableSort(items, (a, b) => a.tag - b.tag) : items;
  }

  private sortedDistinct(names: readonly string[]): readonly string[] {
    return this.options.normalize ? [...new Set(names)].sort(compareStrings) : names;
  }

  /** Normalization splits each statement into one value per element, ordered by start. */
  private sortedReserveds(reserveds: readonly ReservedElement[]): readonly ReservedElement[] {
    if (!this.options.normalize) return reserveds;
    const split = reserveds.flatMap((r) => r.values.map((value) => ({ values: [value] })));
    return stableSort(split, (a, b) => {
      const x = a.values[0];
      const y = b.values[0];
      return rangeStart(x) - rangeStart(y) || compareStrings(javaToString(x), javaToString(y));
    });
  }

  private sortedExtensions(extensions: readonly ExtensionsElement[]): readonly ExtensionsElement[] {
    if (!this.options.normalize) return extensions;
    const split = extensions.flatMap((e) => e.values.map((value) => ({ values: [value] })));
    return stableSort(split, (a, b) => rangeStart(a.values[0]) - rangeStart(b.values[0]));
  }

  /** Normalization regroups extend blocks by their resolved extendee, fields sorted by tag. */
  private groupExtends(extendDeclarations: readonly ExtendElement[]): readonly ExtendElement[] {
    if (!this.options.normalize) return extendDeclarations;
    const groups = new Map<string, ExtendElement>();
    for (const extend of extendDeclarations) {
      const name = this.qualified(extend.name);
      const group = groups.get(name);
      groups.set(name, { name, position: extend.position, fields: [...(group?.fields ?? []), ...extend.fields] });
    }
    return [...groups.values()];
  }

  /** `.full.Name` for a type reference, or the name as written when it does not resolve. */
  private qualified(name: string): string {
    const resolved = this.resolveType(name);
    return resolved === undefined ? name : `.${resolved}`;
  }

  private resolveType(name: string): string | undefined {
    const types = this.types;
    if (!types) return undefined;
    return resolveName(name, this.packageName, this.scope, (full) => types.getType(full) !== undefined);
  }

  private resolveExtension(name: string): string | undefined {
    const types = this.types;
    if (!types) return undefined;
    return resolveName(name, this.packageName, this.scope, (full) => types.getExtendField(full) !== undefined);
  }

  private withName<T>(name: string, print: () => T): T {
    this.scope.push(name);
    try {
      return print();
    } finally {
      this.scope.pop();
    }
  }
}

/**
 * Wire's appendIndented with Java's `split("\n")`: trailing empty lines vanish, inner blank lines
 * keep their two spaces.
 */
function indent(value: string): string {
  const lines = value.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let sb = '';
  for (const line of lines) sb += `  ${line}\n`;
  return sb;
}

/** Confluent's escapeChars: C escapes for control characters, quotes and backslash. */
export function escapeChars(input: string): string {
  let out = '';
  for (const c of input) {
    switch (c) {
      case '\x07':
        out += '\\a';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\v':
        out += '\\v';
        break;
      case '\\':
        out += '\\\\';
        break;
      case "'":
        out += "\\'";
        break;
      case '"':
        out += '\\"';
        break;
      default:
        out += c;
    }
  }
  return out;
}

/**
 * The kind a `default` value is printed with, from the field's type (Confluent's toKind). Bytes
 * count as a number there, so their default is printed bare; when bare text would not parse
 * again (spaces, quotes, escapes) Charter quotes it instead.
 */
function defaultKind(type: string, value: string): 'STRING' | 'BOOLEAN' | 'ENUM' | 'NUMBER' {
  const simple = type.slice(type.lastIndexOf('.') + 1);
  if (simple === 'bool') return 'BOOLEAN';
  if (simple === 'string') return 'STRING';
  if (simple === 'bytes') return /^[A-Za-z0-9_.+-]+$/.test(value) ? 'NUMBER' : 'STRING';
  if (SCALAR_TYPES.has(simple)) return 'NUMBER';
  return 'ENUM';
}

/** `(foo).bar = 1` becomes `(foo) = { bar: 1 }` so options of one name can merge. */
function toMapOption(option: OptionElement): OptionElement {
  return option.value.kind === 'OPTION' ? { ...option, value: toMapValue(option.value.option) } : option;
}

function toMapValue(option: OptionElement): OptionValue {
  const value = option.value.kind === 'OPTION' ? toMapValue(option.value.option) : option.value;
  return { kind: 'MAP', entries: [[option.name, value]] };
}

/** Confluent's ProtobufSchema.merge: aggregates merge key by key, clashing values collect into a list. */
function mergeOptions(existing: OptionElement, next: OptionElement): OptionElement {
  const replacement = toMapOption(next);
  if (existing.value.kind !== 'MAP' || replacement.value.kind !== 'MAP') return replacement;
  const entries: Array<[string, OptionValue]> = existing.value.entries.map(([k, v]) => [k, v]);
  for (const [key, value] of replacement.value.entries) {
    const at = entries.findIndex(([k]) => k === key);
    if (at < 0) {
      entries.push([key, value]);
      continue;
    }
    const items: OptionValue[] = [];
    for (const candidate of [...listItems(entries[at][1]), ...listItems(value)]) {
      if (!items.some((item) => optionValuesEqual(item, candidate))) items.push(candidate);
    }
    entries[at] = [key, { kind: 'LIST', items }];
  }
  return { ...replacement, value: { kind: 'MAP', entries } };
}

function listItems(value: OptionValue): readonly OptionValue[] {
  return value.kind === 'LIST' ? value.items : [value];
}

/** Structural equality, maps compared without regard to key order (as Java's Map.equals). */
export function optionValuesEqual(a: OptionValue, b: OptionValue): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'MAP': {
      const other = b as typeof a;
      if (a.entries.length !== other.entries.length) return false;
      return a.entries.every(([key, value]) => {
        const match = other.entries.find(([k]) => k === key);
        return match !== undefined && optionValuesEqual(value, match[1]);
      });
    }
    case 'LIST': {
      const other = b as typeof a;
      return a.items.length === other.items.length && a.items.every((item, i) => optionValuesEqual(item, other.items[i]));
    }
    case 'OPTION': {
      const other = (b as typeof a).option;
      return a.option.name === other.name && a.option.parenthesized === other.parenthesized && optionValuesEqual(a.option.value, other.value);
    }
    default:
      return a.value === (b as typeof a).value;
  }
}

function rangeStart(value: number | IntRange | string): number {
  if (typeof value === 'number') return value;
  if (isIntRange(value)) return value.start;
  return Number.MAX_SAFE_INTEGER;
}

/** What Kotlin/Java print for a reserved value, the tie-breaker of Confluent's sort. */
function javaToString(value: number | IntRange | string): string {
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return `${value.start}..${value.end}`;
}

/** Java's String.compareTo (UTF-16 code units), not locale order. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function stableSort<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => compare(a.item, b.item) || a.index - b.index)
    .map(({ item }) => item);
}
