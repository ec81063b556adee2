import { parse as protobufjsParse } from 'protobufjs';
import { SchemaParseError } from '../schema-provider';
import type { EnumElement, FieldElement, MessageElement, ProtoFileElement, SourcePosition, TypeElement } from './proto-elements';
import { SCALAR_TYPES, isIntRange, mapTypes } from './proto-elements';
import { resolveName, type TypeTable } from './proto-types';

/**
 * Checks a new schema's text with protobufjs, whose parser enforces what protoc does beyond
 * Wire's grammar (duplicate names and numbers, labels per syntax, nesting depth), and reports
 * its message with the line it names.
 */
export function validateWithProtobufjs(text: string): void {
  try {
    protobufjsParse(text, { keepCase: true, alternateCommentMode: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /\bline (\d+)\)?/.exec(message);
    throw new SchemaParseError(message, line ? Number(line[1]) : undefined);
  }
}

/**
 * Every type a new schema names must resolve, as Confluent's validation (normalization)
 * requires: field and map value types, extended messages, rpc request and response types.
 */
export function checkTypeReferences(file: ProtoFileElement, types: TypeTable): void {
  const packageName = file.packageName ?? '';
  const exists = (full: string): boolean => types.getType(full) !== undefined;
  const require = (name: string, scope: readonly string[], what: string, position: SourcePosition): void => {
    if (resolveName(name, packageName, scope, exists) === undefined) {
      throw new SchemaParseError(
        `Could not resolve type '${name}' of ${what} (line ${position.line}, column ${position.column})`,
        position.line,
        position.column,
      );
    }
  };
  const checkField = (field: FieldElement, scope: readonly string[], owner: string): void => {
    const map = mapTypes(field.type);
    const named = map ? map.value : field.type;
    if (!SCALAR_TYPES.has(named)) require(named, scope, `field '${owner}.${field.name}'`, field.position);
  };

  // An explicit stack: nesting depth must not translate into call depth.
  const pending: Array<{ types: readonly TypeElement[]; scope: string[] }> = [{ types: file.types, scope: [] }];
  for (const extend of file.extendDeclarations) {
    require(extend.name, [], `extend '${extend.name}'`, extend.position);
    for (const field of extend.fields) checkField(field, [], `extend ${extend.name}`);
  }
  while (pending.length > 0) {
    const { types: level, scope } = pending.pop()!;
    for (const type of level) {
      if (type.kind !== 'message') continue;
      const inner = [...scope, type.name];
      const owner = qualifiedOwner(packageName, inner);
      for (const field of fieldsOf(type)) checkField(field, inner, owner);
      for (const extend of type.extendDeclarations) {
        require(extend.name, inner, `extend '${extend.name}'`, extend.position);
        for (const field of extend.fields) checkField(field, inner, `extend ${extend.name}`);
      }
      pending.push({ types: type.nestedTypes, scope: inner });
    }
  }
  for (const service of file.services) {
    for (const rpc of service.rpcs) {
      require(rpc.requestType, [], `rpc '${service.name}.${rpc.name}' request`, rpc.position);
      require(rpc.responseType, [], `rpc '${service.name}.${rpc.name}' response`, rpc.position);
    }
  }
}

function fieldsOf(message: MessageElement): FieldElement[] {
  return [
    ...message.fields,
    ...message.oneOfs.flatMap((o) => [...o.fields, ...o.groups.flatMap((g) => g.fields)]),
    ...message.groups.flatMap((g) => g.fields),
  ];
}

function qualifiedOwner(packageName: string, path: readonly string[]): string {
  return packageName ? `${packageName}.${path.join('.')}` : path.join('.');
}

/**
 * The declaration rules protoc enforces within one file, checked on the elements so they hold
 * whatever protobufjs managed to read: unique type names per scope, unique field names and
 * numbers per message, no field on a reserved number or name, unique enum names and numbers
 * (numbers may repeat under `allow_alias`).
 */
export function checkDeclarations(file: ProtoFileElement): void {
  const pending: Array<{ types: readonly TypeElement[]; scope: string }> = [{ types: file.types, scope: file.packageName ?? '' }];
  while (pending.length > 0) {
    const { types, scope } = pending.pop()!;
    const names = new Set<string>();
    for (const type of types) {
      const fullName = scope ? `${scope}.${type.name}` : type.name;
      if (names.has(type.name)) throw new SchemaParseError(`'${fullName}' is already defined`);
      names.add(type.name);
      if (type.kind === 'enum') {
        checkEnum(type, fullName);
      } else {
        checkMessage(type, fullName);
        pending.push({ types: type.nestedTypes, scope: fullName });
      }
    }
  }
}

function checkMessage(message: MessageElement, fullName: string): void {
  const byName = new Map<string, FieldElement>();
  const byTag = new Map<number, FieldElement>();
  const reservedNames = new Set(message.reserveds.flatMap((r) => r.values.filter((v): v is string => typeof v === 'string')));
  const reservedRanges = message.reserveds.flatMap((r) => r.values.filter((v) => typeof v !== 'string'));
  // A group's own fields belong to the group's message; the group takes a number here.
  const groups = [...message.groups, ...message.oneOfs.flatMap((o) => o.groups)];
  for (const group of groups) {
    if (groups.filter((g) => g.tag === group.tag).length > 1) {
      throw new SchemaParseError(`Field number ${group.tag} is used twice in message '${fullName}'`);
    }
  }
  const groupTags = new Set(groups.map((g) => g.tag));
  for (const field of [...message.fields, ...message.oneOfs.flatMap((o) => o.fields)]) {
    const at = `(line ${field.position.line}, column ${field.position.column})`;
    const fail = (message: string): never => {
      throw new SchemaParseError(`${message} ${at}`, field.position.line, field.position.column);
    };
    if (byName.has(field.name)) fail(`Field name '${field.name}' is used twice in message '${fullName}'`);
    if (groupTags.has(field.tag)) fail(`Field number ${field.tag} of '${field.name}' is also a group's in message '${fullName}'`);
    if (byTag.has(field.tag)) fail(`Field number ${field.tag} is used by both '${byTag.get(field.tag)!.name}' and '${field.name}' in message '${fullName}'`);
    if (reservedNames.has(field.name)) fail(`Field name '${field.name}' is reserved in message '${fullName}'`);
    if (reservedRanges.some((r) => (isIntRange(r) ? field.tag >= r.start && field.tag <= r.end : field.tag === r))) {
      fail(`Field number ${field.tag} of '${field.name}' is reserved in message '${fullName}'`);
    }
    byName.set(field.name, field);
    byTag.set(field.tag, field);
  }
}

function checkEnum(type: EnumElement, fullName: string): void {
  const allowAlias = type.options.some((o) => o.name === 'allow_alias' && !o.parenthesized && o.value.kind === 'BOOLEAN' && o.value.value === 'true');
  const names = new Set<string>();
  const numbers = new Map<number, string>();
  for (const constant of type.constants) {
    if (names.has(constant.name)) throw new SchemaParseError(`Enum value '${constant.name}' is defined twice in enum '${fullName}'`);
    if (!allowAlias && numbers.has(constant.tag)) {
      throw new SchemaParseError(
        `Enum values '${numbers.get(constant.tag)}' and '${constant.name}' of enum '${fullName}' share number ${constant.tag}; set option allow_alias = true to allow it`,
      );
    }
    names.add(constant.name);
    numbers.set(constant.tag, constant.name);
  }
}
