import type {
  EnumConstantElement,
  EnumElement,
  ExtendElement,
  ExtensionsElement,
  FieldElement,
  FieldLabel,
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
  SourcePosition,
  TypeElement,
} from './proto-elements';
import type { SchemaParseError } from '../schema-provider';
import { MAX_TAG_VALUE } from './proto-elements';
import { ProtoReader } from './proto-reader';

/**
 * Deepest nesting of messages and option aggregates the parser follows. Far beyond protoc's
 * limit of 32 (which `new` schemas are held to), low enough that recursion stays off the edge
 * of the JavaScript stack.
 */
export const MAX_NESTING_DEPTH = 200;

type Context = 'FILE' | 'MESSAGE' | 'ENUM' | 'RPC' | 'EXTEND' | 'SERVICE';

type Declaration =
  | { kind: 'field'; field: FieldElement }
  | { kind: 'oneof'; oneOf: OneOfElement }
  | { kind: 'group'; group: GroupElement }
  | { kind: 'type'; type: TypeElement }
  | { kind: 'extensions'; extensions: ExtensionsElement }
  | { kind: 'option'; option: OptionElement }
  | { kind: 'extend'; extend: ExtendElement }
  | { kind: 'reserved'; reserved: ReservedElement }
  | { kind: 'service'; service: ServiceElement }
  | { kind: 'rpc'; rpc: RpcElement }
  | { kind: 'constant'; constant: EnumConstantElement }
  | undefined;

/**
 * Parses `.proto` text into Wire-shaped elements, accepting what Wire's ProtoParser accepts
 * (plus `edition` files). Throws SchemaParseError with line and column.
 */
export function parseProto(text: string): ProtoFileElement {
  return new ProtoParser(text).readProtoFile();
}

class ProtoParser {
  private readonly reader: ProtoReader;
  private declarationCount = 0;
  private syntax?: 'proto2' | 'proto3';
  private edition?: string;
  private packageName?: string;
  private readonly imports: string[] = [];
  private readonly publicImports: string[] = [];
  private readonly weakImports: string[] = [];
  private depth = 0;

  constructor(text: string) {
    this.reader = new ProtoReader(text);
  }

  readProtoFile(): ProtoFileElement {
    const types: TypeElement[] = [];
    const services: ServiceElement[] = [];
    const extendDeclarations: ExtendElement[] = [];
    const options: OptionElement[] = [];
    while (!this.reader.exhausted()) {
      const at = this.reader.position();
      const declaration = this.readDeclaration('FILE');
      if (declaration?.kind === 'type') {
        if (types.some((t) => t.name === declaration.type.name)) {
          throw this.errorAt(`${declaration.type.name} is already defined`, at);
        }
        types.push(declaration.type);
      } else if (declaration?.kind === 'service') {
        if (services.some((s) => s.name === declaration.service.name)) {
          throw this.errorAt(`${declaration.service.name} is already defined`, at);
        }
        services.push(declaration.service);
      } else if (declaration?.kind === 'option') {
        options.push(declaration.option);
      } else if (declaration?.kind === 'extend') {
        extendDeclarations.push(declaration.extend);
      }
    }
    return {
      syntax: this.syntax,
      edition: this.edition,
      packageName: this.packageName,
      imports: this.imports,
      publicImports: this.publicImports,
      weakImports: this.weakImports,
      types,
      services,
      extendDeclarations,
      options,
    };
  }

  private readDeclaration(context: Context): Declaration {
    const index = this.declarationCount++;
    // Stray semicolons, as after a nested message's closing brace, are allowed.
    if (this.reader.tryChar(';')) return undefined;

    const at = this.reader.position();
    const word = this.reader.readWord();

    if (word === 'package' && context === 'FILE') {
      if (this.packageName !== undefined) throw this.errorAt('too many package names', at);
      this.packageName = this.reader.readName();
      this.reader.require(';');
      return undefined;
    }
    if (word === 'import' && context === 'FILE') {
      const peeked = this.reader.peekChar();
      if (peeked === '"' || peeked === "'") {
        this.imports.push(this.reader.readQuotedString());
      } else {
        const modifier = this.reader.readWord();
        if (modifier === 'public') this.publicImports.push(this.reader.readQuotedString());
        else if (modifier === 'weak') this.weakImports.push(this.reader.readQuotedString());
        else throw this.errorAt('expected a quoted string after import', at);
      }
      this.reader.require(';');
      return undefined;
    }
    if ((word === 'syntax' || word === 'edition') && context === 'FILE') {
      this.readSyntax(word, index, at);
      return undefined;
    }
    if (word === 'option') {
      const option = this.readOption('=');
      this.reader.require(';');
      return { kind: 'option', option };
    }
    if (word === 'reserved' && (context === 'MESSAGE' || context === 'ENUM')) {
      return { kind: 'reserved', reserved: this.readReserved(at) };
    }
    if (word === 'message' && (context === 'FILE' || context === 'MESSAGE')) {
      return { kind: 'type', type: this.nested(() => this.readMessage()) };
    }
    if (word === 'enum' && (context === 'FILE' || context === 'MESSAGE')) {
      return { kind: 'type', type: this.readEnum() };
    }
    if (word === 'service' && context === 'FILE') {
      return { kind: 'service', service: this.readService() };
    }
    if (word === 'extend' && (context === 'FILE' || context === 'MESSAGE')) {
      return { kind: 'extend', extend: this.readExtend(at) };
    }
    if (word === 'rpc' && context === 'SERVICE') {
      return { kind: 'rpc', rpc: this.readRpc(at) };
    }
    if (word === 'oneof' && context === 'MESSAGE') {
      return { kind: 'oneof', oneOf: this.readOneOf() };
    }
    if (word === 'extensions' && context === 'MESSAGE') {
      return { kind: 'extensions', extensions: this.readExtensions(at) };
    }
    if (context === 'MESSAGE' || context === 'EXTEND') {
      return this.readLabelledField(word, at);
    }
    if (context === 'ENUM') {
      return { kind: 'constant', constant: this.readEnumConstant(word) };
    }
    throw this.errorAt(`unexpected label: ${word}`, at);
  }

  private readSyntax(word: string, index: number, at: SourcePosition): void {
    if (this.syntax !== undefined || this.edition !== undefined) {
      throw this.errorAt(`too many ${word} definitions`, at);
    }
    this.reader.require('=');
    if (index !== 0) throw this.errorAt(`'${word}' element must be the first declaration in a file`, at);
    const value = this.reader.readQuotedString();
    if (word === 'syntax') {
      if (value !== 'proto2' && value !== 'proto3') throw this.errorAt(`unexpected syntax: ${value}`, at);
      this.syntax = value;
    } else {
      if (!/^[0-9]{4}$/.test(value)) throw this.errorAt(`unexpected edition: ${value}`, at);
      this.edition = value;
    }
    this.reader.require(';');
  }

  private readMessage(): MessageElement {
    const name = this.reader.readName();
    const fields: FieldElement[] = [];
    const oneOfs: OneOfElement[] = [];
    const nestedTypes: TypeElement[] = [];
    const extensions: ExtensionsElement[] = [];
    const options: OptionElement[] = [];
    const reserveds: ReservedElement[] = [];
    const groups: GroupElement[] = [];
    const extendDeclarations: ExtendElement[] = [];
    this.reader.require('{');
    while (!this.reader.tryChar('}')) {
      this.requireMore();
      const declaration = this.readDeclaration('MESSAGE');
      switch (declaration?.kind) {
        case 'field':
          fields.push(declaration.field);
          break;
        case 'oneof':
          oneOfs.push(declaration.oneOf);
          break;
        case 'group':
          groups.push(declaration.group);
          break;
        case 'type':
          nestedTypes.push(declaration.type);
          break;
        case 'extensions':
          extensions.push(declaration.extensions);
          break;
        case 'option':
          options.push(declaration.option);
          break;
        case 'extend':
          extendDeclarations.push(declaration.extend);
          break;
        case 'reserved':
          reserveds.push(declaration.reserved);
          break;
        default:
          break;
      }
    }
    return { kind: 'message', name, options, reserveds, fields, oneOfs, groups, extensions, extendDeclarations, nestedTypes };
  }

  private readExtend(position: SourcePosition): ExtendElement {
    const name = this.reader.readName();
    const fields: FieldElement[] = [];
    this.reader.require('{');
    while (!this.reader.tryChar('}')) {
      this.requireMore();
      const declaration = this.readDeclaration('EXTEND');
      if (declaration?.kind === 'field') fields.push(declaration.field);
    }
    return { name, fields, position };
  }

  private readService(): ServiceElement {
    const name = this.reader.readName();
    const rpcs: RpcElement[] = [];
    const options: OptionElement[] = [];
    this.reader.require('{');
    while (!this.reader.tryChar('}')) {
      this.requireMore();
      const declaration = this.readDeclaration('SERVICE');
      if (declaration?.kind === 'rpc') rpcs.push(declaration.rpc);
      else if (declaration?.kind === 'option') options.push(declaration.option);
    }
    return { name, rpcs, options };
  }

  private readEnum(): EnumElement {
    const name = this.reader.readName();
    const constants: EnumConstantElement[] = [];
    const options: OptionElement[] = [];
    const reserveds: ReservedElement[] = [];
    this.reader.require('{');
    while (!this.reader.tryChar('}')) {
      this.requireMore();
      const declaration = this.readDeclaration('ENUM');
      if (declaration?.kind === 'constant') constants.push(declaration.constant);
      else if (declaration?.kind === 'option') options.push(declaration.option);
      else if (declaration?.kind === 'reserved') reserveds.push(declaration.reserved);
    }
    return { kind: 'enum', name, options, constants, reserveds };
  }

  private readLabelledField(word: string, at: SourcePosition): Declaration {
    let label: FieldLabel | undefined;
    let type: string;
    if (word === 'required' || word === 'optional' || word === 'repeated') {
      if (word === 'required' && this.syntax === 'proto3') {
        throw this.errorAt("'required' label forbidden in proto3 field declarations", at);
      }
      label = word;
      type = this.reader.readDataType();
    } else {
      const isMap = word === 'map' && this.reader.peekChar() === '<';
      if (!isMap && this.syntax !== 'proto3' && this.edition === undefined) {
        throw this.errorAt(`unexpected label: ${word}`, at);
      }
      type = this.reader.readDataType(word);
    }
    if (type.startsWith('map<') && label !== undefined) throw this.errorAt("'map' type cannot have label", at);
    if (type === 'group') return { kind: 'group', group: this.readGroup(label) };
    return { kind: 'field', field: this.readField(label, type, at) };
  }

  private readField(label: FieldLabel | undefined, type: string, position: SourcePosition): FieldElement {
    const name = this.reader.readName();
    this.reader.require('=');
    const tag = this.reader.readInt();
    const options = this.readOptions();
    const defaultValue = stripOption('default', options);
    const jsonName = stripOption('json_name', options);
    this.reader.require(';');
    return { label, type, name, tag, defaultValue, jsonName, options, position };
  }

  private readOneOf(): OneOfElement {
    const name = this.reader.readName();
    const fields: FieldElement[] = [];
    const groups: GroupElement[] = [];
    const options: OptionElement[] = [];
    this.reader.require('{');
    while (!this.reader.tryChar('}')) {
      this.requireMore();
      if (this.reader.tryChar(';')) continue;
      const at = this.reader.position();
      const type = this.reader.readDataType();
      if (type === 'group') {
        groups.push(this.readGroup(undefined));
      } else if (type === 'option') {
        options.push(this.readOption('='));
        this.reader.require(';');
      } else {
        fields.push(this.readField(undefined, type, at));
      }
    }
    return { name, fields, groups, options };
  }

  private readGroup(label: FieldLabel | undefined): GroupElement {
    const name = this.reader.readWord();
    this.reader.require('=');
    const tag = this.reader.readInt();
    this.readOptions();
    const fields: FieldElement[] = [];
    this.reader.require('{');
    while (!this.reader.tryChar('}')) {
      this.requireMore();
      if (this.reader.tryChar(';')) continue;
      const at = this.reader.position();
      const declaration = this.readLabelledField(this.reader.readWord(), at);
      if (declaration?.kind !== 'field') throw this.errorAt('expected a field declaration in a group', at);
      fields.push(declaration.field);
    }
    return { label, name, tag, fields };
  }

  private readReserved(at: SourcePosition): ReservedElement {
    const values: Array<number | IntRange | string> = [];
    for (;;) {
      const c = this.reader.peekChar();
      if (c === '"' || c === "'") {
        values.push(this.reader.readQuotedString());
      } else if (/[A-Za-z_]/.test(c) && this.edition !== undefined) {
        // Editions write reserved names as bare identifiers.
        values.push(this.reader.readWord());
      } else {
        values.push(this.readRangeValue(at));
      }
      const separator = this.reader.readChar();
      if (separator === ';') break;
      if (separator !== ',') throw this.reader.error("expected ',' or ';'");
    }
    return { values };
  }

  private readExtensions(at: SourcePosition): ExtensionsElement {
    const values: Array<number | IntRange> = [];
    for (;;) {
      values.push(this.readRangeValue(at));
      if (this.reader.peekChar() === '[') {
        // Extension declarations are not part of the schema's shape.
        this.readOptions();
        this.reader.require(';');
        break;
      }
      const separator = this.reader.readChar();
      if (separator === ';') break;
      if (separator !== ',') throw this.reader.error("expected ',' or ';'");
    }
    return { values };
  }

  private readRangeValue(at: SourcePosition): number | IntRange {
    const start = this.reader.readInt();
    const c = this.reader.peekChar();
    if (c === ',' || c === ';' || c === '[') return start;
    if (this.reader.readWord() !== 'to') throw this.errorAt("expected ',', ';' or 'to'", at);
    const endWord = /[A-Za-z]/.test(this.reader.peekChar()) ? this.reader.readWord() : undefined;
    let end: number;
    if (endWord !== undefined) {
      if (endWord.toLowerCase() !== 'max') throw this.errorAt(`expected an integer or 'max' but was ${endWord}`, at);
      end = MAX_TAG_VALUE;
    } else {
      end = this.reader.readInt();
    }
    return { start, end };
  }

  private readEnumConstant(name: string): EnumConstantElement {
    this.reader.require('=');
    const tag = this.reader.readInt();
    const options = this.readOptions();
    this.reader.require(';');
    return { name, tag, options };
  }

  private readRpc(position: SourcePosition): RpcElement {
    const name = this.reader.readName();
    const [requestType, requestStreaming] = this.readRpcType();
    const returns = this.reader.position();
    if (this.reader.readWord() !== 'returns') throw this.errorAt("expected 'returns'", returns);
    const [responseType, responseStreaming] = this.readRpcType();
    const options: OptionElement[] = [];
    if (this.reader.tryChar('{')) {
      while (!this.reader.tryChar('}')) {
        this.requireMore();
        const declaration = this.readDeclaration('RPC');
        if (declaration?.kind === 'option') options.push(declaration.option);
      }
    } else {
      this.reader.require(';');
    }
    return { name, requestType, responseType, requestStreaming, responseStreaming, options, position };
  }

  private readRpcType(): [string, boolean] {
    this.reader.require('(');
    const word = this.reader.readWord();
    const streaming = word === 'stream' && this.reader.peekChar() !== ')';
    const type = streaming ? this.reader.readDataType() : this.reader.readDataType(word);
    this.reader.require(')');
    return [type, streaming];
  }

  /** `[a = 1, (b).c = "x"]` after a field or enum constant; empty when there is none. */
  private readOptions(): OptionElement[] {
    if (!this.reader.tryChar('[')) return [];
    const result: OptionElement[] = [];
    for (;;) {
      result.push(this.readOption('='));
      if (this.reader.tryChar(']')) return result;
      if (!this.reader.tryChar(',')) throw this.reader.error("expected ',' or ']'");
    }
  }

  private readOption(separator: '=' | ':'): OptionElement {
    const isExtension = this.reader.peekChar() === '[';
    const parenthesized = this.reader.peekChar() === '(';
    let name = this.reader.readName();
    if (isExtension) name = `[${name}]`;
    // `(foo).bar.baz = 1` is foo's option bar's option baz: one nested option per segment.
    let subNames: string[] = [];
    let c = this.reader.readChar();
    if (c === '.') {
      subNames = this.reader.readName().split('.');
      c = this.reader.readChar();
    }
    if (separator === ':' && (c === '{' || c === '[')) {
      // Text format lets a message or list value omit the colon.
      this.reader.pushBack(c);
    } else if (c !== separator) {
      throw this.reader.error(`expected '${separator}' in option`);
    }
    let value = this.readOptionValue();
    for (const subName of subNames.reverse()) {
      value = { kind: 'OPTION', option: { name: subName, parenthesized: false, value } };
    }
    return { name, parenthesized, value };
  }

  private readOptionValue(): OptionValue {
    const peeked = this.reader.peekChar();
    if (peeked === '{') return this.nested(() => this.readOptionMap());
    if (peeked === '[') return this.nested(() => this.readOptionList());
    if (peeked === '"' || peeked === "'") return { kind: 'STRING', value: this.reader.readQuotedString() };
    if (/[0-9\-]/.test(peeked)) return { kind: 'NUMBER', value: this.reader.readWord() };
    const word = this.reader.readWord();
    if (word === 'true' || word === 'false') return { kind: 'BOOLEAN', value: word };
    return { kind: 'ENUM', value: word };
  }

  private readOptionMap(): OptionValue {
    this.reader.require('{');
    const entries: Array<[string, OptionValue]> = [];
    const positions = new Map<string, number>();
    // Lists grown from a repeated key, kept mutable so a long run of repeats stays linear.
    const grown = new Map<string, OptionValue[]>();
    const put = (key: string, value: OptionValue): void => {
      const at = positions.get(key);
      if (at === undefined) {
        positions.set(key, entries.length);
        entries.push([key, value]);
      } else {
        entries[at] = [key, value];
      }
    };
    while (!this.reader.tryChar('}')) {
      this.requireMore();
      const option = this.readOption(':');
      const key = option.name;
      const value = option.value;
      const at = positions.get(key);
      const previous = at === undefined ? undefined : entries[at][1];
      if (value.kind === 'OPTION') {
        // `a.b: 1` inside an aggregate sets `b` in the map under `a` (Wire replaces a non-map).
        const nested: Array<readonly [string, OptionValue]> = previous?.kind === 'MAP' ? [...previous.entries] : [];
        const entry = [value.option.name, value.option.value] as const;
        const index = nested.findIndex(([k]) => k === entry[0]);
        if (index >= 0) nested[index] = entry;
        else nested.push(entry);
        grown.delete(key);
        put(key, { kind: 'MAP', entries: nested });
      } else if (previous === undefined) {
        put(key, value);
      } else {
        // A repeated key collects its values into a list, as Wire does.
        let items = grown.get(key);
        if (items === undefined) {
          items = previous.kind === 'LIST' ? [...previous.items] : [previous];
          grown.set(key, items);
          put(key, { kind: 'LIST', items });
        }
        if (value.kind === 'LIST') items.push(...value.items);
        else items.push(value);
      }
      if (!this.reader.tryChar(',')) this.reader.tryChar(';');
    }
    return { kind: 'MAP', entries };
  }

  private readOptionList(): OptionValue {
    this.reader.require('[');
    const items: OptionValue[] = [];
    while (!this.reader.tryChar(']')) {
      this.requireMore();
      items.push(this.readOptionValue());
      if (!this.reader.tryChar(',') && this.reader.peekChar() !== ']') throw this.reader.error("expected ',' or ']'");
    }
    return { kind: 'LIST', items };
  }

  private nested<T>(read: () => T): T {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw this.reader.error(`nesting deeper than ${MAX_NESTING_DEPTH} levels`);
    }
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private requireMore(): void {
    if (this.reader.exhausted()) throw this.reader.error("expected '}' but was end of file");
  }

  private errorAt(message: string, at: SourcePosition): SchemaParseError {
    return this.reader.errorAtPosition(message, at);
  }
}

/** Removes every option named `name` and returns the last one's value text (Wire's stripValue). */
function stripOption(name: string, options: OptionElement[]): string | undefined {
  let result: string | undefined;
  for (let i = 0; i < options.length; ) {
    const option = options[i];
    if (option.name === name && !option.parenthesized && option.value.kind !== 'MAP' && option.value.kind !== 'LIST' && option.value.kind !== 'OPTION') {
      result = option.value.value;
      options.splice(i, 1);
    } else {
      i++;
    }
  }
  return result;
}
