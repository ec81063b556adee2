import type { CompatibilityPolicy } from '../compatibility-level';
import { describe, type Difference } from '../difference';
import { formatDifference } from '../compatibility-checker';
import {
  SchemaParseError,
  type ParseOptions,
  type ParsedSchema,
  type ResolvedReference,
  type SchemaFieldTag,
  type SchemaProvider,
} from '../schema-provider';
import { printAvroSchema } from './avro-canonical';
import { AmbiguousFieldError, checkReaderWriterCompatibility } from './avro-compatibility';
import { toDifference, unexpectedExceptionDifference } from './avro-difference';
import { avroFieldNames, avroFieldTags } from './avro-fields';
import { normalizedAvroText } from './avro-normalize';
import { AvroNameRegistry, parseAvroSchema } from './avro-parser';
import { isNamed, type AvroSchema } from './avro-schema';

/** An Avro schema parsed by {@link AvroProvider}, with the model the provider works on. */
export class AvroParsedSchema implements ParsedSchema {
  readonly schemaType = 'AVRO' as const;
  private normalized?: string;

  constructor(
    /** The schema graph, with the named types of its references resolved into it. */
    readonly root: AvroSchema,
    readonly canonical: string,
    readonly references: readonly ResolvedReference[],
    /** Full names of the references' top-level types: written by name only in `canonical`. */
    readonly referenceNames: readonly string[],
    readonly mode: ParseOptions['mode'],
  ) {}

  /** @internal the provider's cache of the normalized text. */
  normalizedWith(compute: () => string): string {
    this.normalized ??= compute();
    return this.normalized;
  }
}

/**
 * Avro for Charter, behaving as Confluent's `AvroSchema` on Java Avro 1.12.1: the stored text is
 * Java's `Schema.toString()`, normalization is `AvroSchemaUtils.toNormalizedString`, and
 * compatibility is `SchemaCompatibility.checkReaderWriterCompatibility` with Confluent's messages.
 * Pure and synchronous.
 *
 * Nesting depth is not limited: every walk over a schema keeps its own stack, so a 5,000-level
 * schema parses, prints, normalizes and diffs like a flat one. This is more lenient than
 * Confluent, whose Jackson refuses JSON nested deeper than 1,000 levels ("Document nesting depth
 * (1001) exceeds the maximum allowed (1000)"), which Java clients would also refuse to read.
 */
export class AvroProvider implements SchemaProvider {
  readonly schemaType = 'AVRO' as const;

  /**
   * Parses `text` after its references, which are flattened depth first (a reference's own
   * references before it) and de-duplicated by name, as Confluent resolves them. In `new` mode
   * field defaults must match their types, in the references as in the schema itself.
   */
  parse(text: string, references: readonly ResolvedReference[], options: ParseOptions): AvroParsedSchema {
    const parseOptions = { validateDefaults: options.mode === 'new' };
    const names = new AvroNameRegistry();
    const referenceNames: string[] = [];
    for (const reference of flattenReferences(references)) {
      let schema: AvroSchema;
      try {
        schema = parseAvroSchema(reference.schema, names, parseOptions);
      } catch (error) {
        if (!(error instanceof SchemaParseError)) throw error;
        throw new SchemaParseError(
          `Invalid reference "${reference.name}" (subject "${reference.subject}", version ${reference.version}): ${error.message}`,
        );
      }
      if (isNamed(schema)) referenceNames.push(schema.name.full);
    }
    const root = parseAvroSchema(text, names, parseOptions);
    return new AvroParsedSchema(root, printAvroSchema(root, referenceNames), references, referenceNames, options.mode);
  }

  /** Confluent's normalized form: the normalizer's text parsed again, printed canonically. */
  normalize(schema: ParsedSchema): string {
    const avro = this.asAvro(schema);
    return avro.normalizedWith(() => {
      const text = normalizedAvroText(avro.root, avro.referenceNames);
      return this.parse(text, avro.references, { mode: avro.mode }).canonical;
    });
  }

  /**
   * Avro's reader/writer check with `update` as the reader and `original` as the writer. Every
   * difference is incompatible; the policy changes nothing for Avro.
   */
  /** Avro's style; an unexpected exception is printed as its bare text, as Confluent does. */
  formatDifference(d: Difference, reader: string, writer: string): string {
    if (d.type === 'UNEXPECTED_EXCEPTION') return describe(d, reader, writer);
    return formatDifference(d, reader, writer);
  }

  diff(original: ParsedSchema, update: ParsedSchema, _policy: CompatibilityPolicy): Difference[] {
    const writer = this.asAvro(original).root;
    const reader = this.asAvro(update).root;
    try {
      return checkReaderWriterCompatibility(reader, writer).map(toDifference);
    } catch (error) {
      if (error instanceof AmbiguousFieldError) return [unexpectedExceptionDifference(error.message)];
      throw error;
    }
  }

  /** `resolved`: the schema with the types of its references written inline. */
  format(schema: ParsedSchema, format: string): string | undefined {
    if (format.trim().toLowerCase() !== 'resolved') return undefined;
    return printAvroSchema(this.asAvro(schema).root);
  }

  fieldTags(schema: ParsedSchema): SchemaFieldTag[] {
    return avroFieldTags(this.asAvro(schema).root);
  }

  fieldNames(schema: ParsedSchema): { path: string; name: string }[] {
    return avroFieldNames(this.asAvro(schema).root);
  }

  /** A schema parsed elsewhere (deserialised, say) is parsed again from its stored text. */
  private asAvro(schema: ParsedSchema): AvroParsedSchema {
    if (schema instanceof AvroParsedSchema) return schema;
    if (schema.schemaType !== 'AVRO') throw new Error(`Not an Avro schema: ${schema.schemaType}`);
    return this.parse(schema.canonical, schema.references, { mode: 'stored' });
  }
}

/** Confluent's `resolveReferences`: dependencies first, each name once, cycles cut. */
function flattenReferences(references: readonly ResolvedReference[]): ResolvedReference[] {
  const ordered: ResolvedReference[] = [];
  const visited = new Set<string>();
  // Each frame walks one reference list; a reference is emitted after its own list is done.
  const stack: Array<{ list: readonly ResolvedReference[]; index: number; owner?: ResolvedReference }> = [
    { list: references, index: 0 },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.index >= frame.list.length) {
      stack.pop();
      if (frame.owner) ordered.push(frame.owner);
      continue;
    }
    const reference = frame.list[frame.index++];
    if (visited.has(reference.name)) continue;
    visited.add(reference.name);
    stack.push({ list: reference.references, index: 0, owner: reference });
  }
  return ordered;
}
