import { parse as protobufjsParse } from 'protobufjs';
import { SchemaParseError } from '../schema-provider';
import type { FieldElement, MessageElement, ProtoFileElement, SourcePosition, TypeElement } from './proto-elements';
import { SCALAR_TYPES, mapTypes } from './proto-elements';
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
