import type { CompatibilityPolicy } from '../compatibility-level';
import { describe, type Difference } from '../difference';
import {
  type ParsedSchema,
  type ParseOptions,
  type ResolvedReference,
  type SchemaFieldTag,
  SchemaParseError,
  type SchemaProvider,
} from '../schema-provider';
import { type Dialect, dialectOf } from './dialect';
import { compatibleChanges, describeDifference } from './difference-types';
import { diffSchemas } from './json-schema-diff';
import { checkReferencesAndPatterns, compileSchema, MAX_COMPILE_DEPTH, schemaDepth, validateAgainstMetaSchema } from './json-schema-validator';
import { type JsonNode, JsonSyntaxError, MAX_JSON_DEPTH, parseJson } from './json-text';
import { writeJson } from './json-writer';
import { listFields, listFieldTags } from './schema-fields';
import { SchemaLoader } from './schema-loader';
import type { SchemaNode } from './schema-model';
import { type ReferencedDocument, ResourceIndex } from './schema-resources';

/**
 * A parsed JSON Schema. Everything costly (the reference index, the typed model the diff
 * walks) is built on first use and kept, so a schema parsed once serves many diffs.
 */
export class JsonSchemaDocument implements ParsedSchema {
  readonly schemaType = 'JSON' as const;
  /** Jackson's compact form of the document: Confluent's `canonicalString`. */
  readonly canonical: string;
  private indexCache: ResourceIndex | undefined;
  private modelCache: SchemaNode | undefined;

  constructor(
    /** The document as parsed, key order and number text intact. */
    readonly json: JsonNode,
    readonly references: readonly ResolvedReference[],
    private readonly referencedDocuments: readonly ReferencedDocument[],
  ) {
    this.canonical = writeJson(json);
  }

  /** The draft the document is written in (from `$schema`; draft-07 when absent, as Confluent). */
  get dialect(): Dialect {
    return dialectOf(this.json);
  }

  /** The document, its references and the resources within them, by URI. */
  get index(): ResourceIndex {
    return (this.indexCache ??= new ResourceIndex(this.json, this.referencedDocuments));
  }

  /** The typed model the diff compares. */
  get model(): SchemaNode {
    return (this.modelCache ??= new SchemaLoader(this.index).root());
  }
}

/**
 * JSON Schema (drafts 4, 6, 7, 2019-09 and 2020-12) with Confluent's canonical form,
 * normalization and compatibility diff (`json/diff/SchemaDiff`).
 */
export class JsonSchemaProvider implements SchemaProvider {
  readonly schemaType = 'JSON' as const;

  /**
   * Parses a schema. `new` checks it as Confluent does a schema being registered: its dialect's
   * meta-schema, every `$ref` resolving (locally or to a reference, whose `name` is the URL
   * the schema uses), patterns being regular expressions, and ajv compiling it. `stored` only
   * needs well-formed JSON: unknown keywords, unresolvable references and the like are read
   * leniently. Documents nested deeper than {@link MAX_JSON_DEPTH} are refused in both modes.
   */
  parse(text: string, references: readonly ResolvedReference[], options: ParseOptions): JsonSchemaDocument {
    const json = parseText(text, 'schema');
    if (json.type !== 'object' && json.type !== 'boolean') {
      throw new SchemaParseError('A JSON Schema must be an object or a boolean', 1, 1);
    }
    const document = new JsonSchemaDocument(json, references, readReferences(references, new Set()));
    if (options.mode === 'new') {
      const { dialect } = document;
      validateAgainstMetaSchema(json, dialect, text);
      checkReferencesAndPatterns(document.index, text);
      if (schemaDepth(json, dialect) <= MAX_COMPILE_DEPTH) compileSchema(document.index);
    }
    return document;
  }

  /** Confluent's normalized form: every object's keys sorted, compact. */
  normalize(schema: ParsedSchema): string {
    return writeJson(asDocument(schema).json, { sortKeys: true });
  }

  /** Confluent's JSON Schema rendering, quirk included: the description closes with a single quote. */
  formatDifference(d: Difference, reader: string, writer: string): string {
    return `{errorType:"${d.type}", description:"${describe(d, reader, writer)}'}`;
  }

  diff(original: ParsedSchema, update: ParsedSchema, policy: CompatibilityPolicy): Difference[] {
    const compatible = compatibleChanges(policy);
    return diffSchemas(asDocument(original).model, asDocument(update).model, policy).map(({ type, path }) => ({
      type,
      path,
      compatible: compatible.has(type),
      description: describeDifference(type, path),
    }));
  }

  fieldTags(schema: ParsedSchema): SchemaFieldTag[] {
    const document = asDocument(schema);
    return listFieldTags(document.json, document.dialect);
  }

  fieldNames(schema: ParsedSchema): { path: string; name: string }[] {
    const document = asDocument(schema);
    return listFields(document.json, document.dialect).map(({ path, name }) => ({ path, name }));
  }
}

function asDocument(schema: ParsedSchema): JsonSchemaDocument {
  if (schema instanceof JsonSchemaDocument) return schema;
  throw new TypeError(`Not a JSON Schema parsed by this provider (schemaType ${schema.schemaType})`);
}

function parseText(text: string, what: string): JsonNode {
  try {
    return parseJson(text, MAX_JSON_DEPTH);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      throw new SchemaParseError(`${e.tooDeep ? 'Too deeply nested' : 'Invalid JSON in'} ${what}: ${e.message}`, e.line, e.column);
    }
    throw e;
  }
}

// References are parsed leniently: they were checked when they were registered.
function readReferences(references: readonly ResolvedReference[], seen: Set<ResolvedReference>): ReferencedDocument[] {
  return references.flatMap((ref) => {
    if (seen.has(ref)) return [];
    seen.add(ref);
    return [{ name: ref.name, root: parseText(ref.schema, `reference '${ref.name}'`), references: readReferences(ref.references, seen) }];
  });
}
