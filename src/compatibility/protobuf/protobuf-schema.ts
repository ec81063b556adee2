import type { ParsedSchema, ResolvedReference } from '../schema-provider';
import { SchemaParseError } from '../schema-provider';
import type { ProtoFileElement } from './proto-elements';
import { parseProto } from './proto-parser';
import { LOCAL_REF, TypeTable, type ProtoSource } from './proto-types';
import { WELL_KNOWN_PROTOS } from './well-known-protos';

/** A parsed Protobuf schema: its own file and every file it can see. */
export class ProtobufSchema implements ParsedSchema {
  readonly schemaType = 'PROTOBUF' as const;
  private typeTable?: TypeTable;

  constructor(
    readonly file: ProtoFileElement,
    readonly canonical: string,
    readonly references: readonly ResolvedReference[],
    /** Every file reachable through `references`, by import path (not the built-in ones). */
    readonly dependencies: ReadonlyMap<string, ProtoSource>,
  ) {}

  /**
   * Types visible to the schema: the built-in files (always, whether imported or not, as
   * Confluent's diff context has them), then the referenced files, then its own.
   */
  get types(): TypeTable {
    if (this.typeTable === undefined) {
      const shadowed = [...this.dependencies.keys()].some((name) => WELL_KNOWN_PROTOS.has(name));
      const base = shadowed ? undefined : builtInTable();
      const sources: ProtoSource[] = [];
      if (shadowed) {
        for (const [name, file] of builtInFiles()) {
          if (!this.dependencies.has(name)) sources.push({ file, reference: null });
        }
      }
      sources.push(...this.dependencies.values(), { file: this.file, reference: LOCAL_REF });
      this.typeTable = TypeTable.of(sources, base);
    }
    return this.typeTable;
  }
}

let builtIns: ReadonlyMap<string, ProtoFileElement> | undefined;
let builtInTypes: TypeTable | undefined;

/** The built-in files, parsed once. */
export function builtInFiles(): ReadonlyMap<string, ProtoFileElement> {
  builtIns ??= new Map([...WELL_KNOWN_PROTOS].map(([name, text]) => [name, parseProto(text)]));
  return builtIns;
}

function builtInTable(): TypeTable {
  builtInTypes ??= TypeTable.of([...builtInFiles().values()].map((file) => ({ file, reference: null })));
  return builtInTypes;
}

/**
 * Flattens the reference tree into import path -> file, as Confluent's resolved references:
 * direct references carry their subject and version, deeper ones none. Each text is parsed
 * once; a reference that does not parse fails naming it.
 */
export function loadDependencies(references: readonly ResolvedReference[]): Map<string, ProtoSource> {
  const result = new Map<string, ProtoSource>();
  const pending: Array<{ reference: ResolvedReference; direct: boolean }> = references.map((reference) => ({ reference, direct: true }));
  while (pending.length > 0) {
    const { reference, direct } = pending.shift()!;
    if (result.has(reference.name)) continue;
    let file: ProtoFileElement;
    try {
      file = parseProto(reference.schema);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new SchemaParseError(`Invalid reference '${reference.name}' (subject '${reference.subject}' version ${reference.version}): ${detail}`);
    }
    result.set(reference.name, { file, reference: direct ? { subject: reference.subject, version: reference.version } : null });
    pending.push(...reference.references.map((nested) => ({ reference: nested, direct: false })));
  }
  return result;
}

/**
 * Every import of the schema and of its referenced files must be a reference or a built-in
 * file; the first that is neither fails, naming it.
 */
export function checkImports(file: ProtoFileElement, dependencies: ReadonlyMap<string, ProtoSource>): void {
  const check = (imports: readonly string[], importer: string): void => {
    for (const name of imports) {
      if (!dependencies.has(name) && !WELL_KNOWN_PROTOS.has(name)) {
        throw new SchemaParseError(
          `Import '${name}' of ${importer} cannot be resolved: it is neither a reference of the schema nor a well-known file`,
        );
      }
    }
  };
  check([...file.imports, ...file.publicImports], 'the schema');
  for (const [name, source] of dependencies) {
    check([...source.file.imports, ...source.file.publicImports], `reference '${name}'`);
  }
}
