import type { CompatibilityPolicy } from './compatibility-level';
import type { Difference } from './difference';
import type { SchemaType } from './schema-type';

/** A reference as registered: `name` is the Avro full name, Protobuf import path or JSON `$ref` URL. */
export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A reference with the referenced schema's text and, recursively, its own references. */
export interface ResolvedReference extends SchemaReference {
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly ResolvedReference[];
}

/** Thrown by a provider when a schema does not parse or is invalid; the registry answers 42201. */
export class SchemaParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'SchemaParseError';
  }
}

/** Tagged field found in a schema (`confluent:tags` in Avro/JSON, Confluent's field options in Protobuf). */
export interface SchemaFieldTag {
  /** Path of the field, e.g. `io.acme.Order.customer.email` or `#/properties/email`. */
  readonly path: string;
  readonly field: string;
  readonly tags: readonly string[];
}

/** A parsed schema. Opaque to everything but its provider, apart from these members. */
export interface ParsedSchema {
  readonly schemaType: SchemaType;
  /** The text Charter stores and returns (Confluent's canonicalString). */
  readonly canonical: string;
  /** The references it was parsed with. */
  readonly references: readonly ResolvedReference[];
}

export interface ParseOptions {
  /**
   * `new`: validate strictly, as for a schema being registered (Confluent's validateAsNew).
   * `stored`: parse leniently, as for a schema already in the registry.
   */
  readonly mode: 'new' | 'stored';
}

/**
 * One implementation per format. Providers are pure: no I/O, no Nest, no Prisma.
 */
export interface SchemaProvider {
  readonly schemaType: SchemaType;

  /** Parses `text` with its resolved references; throws SchemaParseError when it is invalid. */
  parse(text: string, references: readonly ResolvedReference[], options: ParseOptions): ParsedSchema;

  /** Confluent's normalized form of the schema (used with `normalize=true`). */
  normalize(schema: ParsedSchema): string;

  /**
   * Every difference met when `update` reads data written with `original`, each classified
   * as compatible or not under `policy`. The pair is compatible when all are compatible.
   */
  diff(original: ParsedSchema, update: ParsedSchema, policy: CompatibilityPolicy): Difference[];

  /**
   * The schema in another `format` (`?format=` on reads: Avro `resolved`, Protobuf `serialized`
   * or `ignore_extensions`); undefined when the format does not apply, which means the default.
   */
  format?(schema: ParsedSchema, format: string): string | undefined;

  /**
   * Confluent's message string for one difference, with the sides named `reader` and `writer`
   * ("new"/"old"). Formats quote differently in Confluent; without this, the Avro style
   * `{errorType:'...', description:'...', additionalInfo:'...'}` is used.
   */
  formatDifference?(d: Difference, reader: string, writer: string): string;

  /** Field-level tags declared in the schema itself (for the catalogue). */
  fieldTags?(schema: ParsedSchema): SchemaFieldTag[];

  /** Field names with their paths (for search and PII checks in the catalogue). */
  fieldNames?(schema: ParsedSchema): { path: string; name: string }[];
}
