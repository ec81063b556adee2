import type { ExtendElement, FieldElement, MessageElement, OptionElement, ProtoFileElement, TypeElement } from './proto-elements';

/** The registered subject and version a type was imported from. */
export interface RefIdentity {
  readonly subject: string;
  readonly version: number;
}

/** Types of the schema itself: the same identity on both sides, so they are never re-diffed as imports. */
export const LOCAL_REF: RefIdentity = Object.freeze({ subject: '', version: -1 });

/** A file the schema can see: its own text, a reference's or a built-in one. */
export interface ProtoSource {
  readonly file: ProtoFileElement;
  /** Direct references carry their subject and version; transitive and built-in files carry null. */
  readonly reference: RefIdentity | null;
}

export interface TypeInfo {
  readonly fullName: string;
  /** The package of the file that declares the type, '' when it has none. */
  readonly packageName: string;
  readonly reference: RefIdentity | null;
  readonly type: TypeElement;
  /** A synthetic `map_entry` message, as descriptors spell `map<K, V>` fields. */
  readonly isMap: boolean;
  readonly key?: FieldElement;
  readonly value?: FieldElement;
}

export interface ExtendFieldInfo {
  readonly fullName: string;
  readonly field: FieldElement;
  readonly repeated: boolean;
}

/**
 * Every type and extension field a schema can see, by fully-qualified name (no leading dot).
 * Files are added in order and a later file wins a clash, so the schema's own types shadow
 * imported ones, as in Confluent's diff context.
 */
export class TypeTable {
  private readonly types = new Map<string, TypeInfo>();
  private readonly extendFields = new Map<string, ExtendFieldInfo>();

  private constructor(private readonly base?: TypeTable) {}

  /** A table of `sources` in order, layered over `base` (which its own entries shadow). */
  static of(sources: Iterable<ProtoSource>, base?: TypeTable): TypeTable {
    const table = new TypeTable(base);
    for (const source of sources) table.add(source);
    return table;
  }

  private add(source: ProtoSource): void {
    const packageName = source.file.packageName ?? '';
    this.addExtends(packageName, [], source.file.extendDeclarations);
    this.addTypes(source, packageName, [], source.file.types);
  }

  getType(fullName: string): TypeInfo | undefined {
    const name = fullName.startsWith('.') ? fullName.slice(1) : fullName;
    return this.types.get(name) ?? this.base?.getType(name);
  }

  getExtendField(fullName: string): ExtendFieldInfo | undefined {
    const name = fullName.startsWith('.') ? fullName.slice(1) : fullName;
    return this.extendFields.get(name) ?? this.base?.getExtendField(name);
  }

  private addTypes(source: ProtoSource, packageName: string, path: string[], types: readonly TypeElement[]): void {
    for (const type of types) {
      const typePath = [...path, type.name];
      const fullName = qualify(packageName, typePath);
      let isMap = false;
      let key: FieldElement | undefined;
      let value: FieldElement | undefined;
      if (type.kind === 'message') {
        isMap = isMapEntry(type);
        key = type.fields.find((f) => f.name === 'key');
        value = type.fields.find((f) => f.name === 'value');
        this.addExtends(packageName, typePath, type.extendDeclarations);
        this.addTypes(source, packageName, typePath, type.nestedTypes);
      }
      this.types.set(fullName, { fullName, packageName, reference: source.reference, type, isMap, key, value });
    }
  }

  private addExtends(packageName: string, path: string[], extendDeclarations: readonly ExtendElement[]): void {
    for (const extend of extendDeclarations) {
      for (const field of extend.fields) {
        const fullName = qualify(packageName, [...path, field.name]);
        this.extendFields.set(fullName, { fullName, field, repeated: field.label === 'repeated' });
      }
    }
  }
}

export function qualify(packageName: string, path: readonly string[]): string {
  const local = path.join('.');
  return packageName ? `${packageName}.${local}` : local;
}

/** Whether a message is a descriptor-style map entry (`option map_entry = true`). */
export function isMapEntry(message: MessageElement): boolean {
  return message.options.some((o: OptionElement) => o.name === 'map_entry' && !o.parenthesized && o.value.kind === 'BOOLEAN' && o.value.value === 'true');
}

/**
 * Resolves a type name written inside `scope` (the enclosing message names) of a file in
 * `packageName`, the way protoc searches: innermost scope first, then outwards; a leading dot
 * means fully qualified. Returns the full name without a leading dot.
 */
export function resolveName(
  name: string,
  packageName: string,
  scope: readonly string[],
  exists: (fullName: string) => boolean,
): string | undefined {
  if (name.startsWith('.')) {
    const full = name.slice(1);
    return exists(full) ? full : undefined;
  }
  const prefix = [...(packageName ? packageName.split('.') : []), ...scope];
  while (prefix.length > 0) {
    const candidate = `${prefix.join('.')}.${name}`;
    if (exists(candidate)) return candidate;
    prefix.pop();
  }
  return exists(name) ? name : undefined;
}

/** The local name of a type: its full name without its file's package. */
export function localName(info: TypeInfo): string {
  return info.packageName && info.fullName.startsWith(`${info.packageName}.`)
    ? info.fullName.slice(info.packageName.length + 1)
    : info.fullName;
}
