import { Inject, Injectable } from '@nestjs/common';
import { BoundedCache } from '../common/bounded-cache';
import { Errors, RegistryError } from '../common/errors/registry-error';
import {
  SchemaParseError,
  type ParsedSchema,
  type ResolvedReference,
  type SchemaReference,
} from '../compatibility/schema-provider';
import { SchemaProviders } from '../compatibility/schema-providers';
import { isSchemaType, SCHEMA_TYPES, type SchemaType } from '../compatibility/schema-type';
import { RegistryCache } from './registry-cache.service';
import type { StoredSchema } from './registry.types';
import { parseSubject } from './subject-name';
import { LATEST } from './version-id';

/** A reference resolved to its place in the registry. */
export interface ReferenceTarget {
  readonly name: string;
  readonly context: string;
  readonly subject: string;
  readonly version: number;
}

export interface CandidateSchema {
  readonly schemaType: SchemaType;
  readonly parsed: ParsedSchema;
  /** The references as the client sent them (Confluent keeps them verbatim). */
  readonly references: readonly SchemaReference[];
  readonly targets: readonly ReferenceTarget[];
}

/** Deepest chain of references followed before giving up (guards against cycles). */
const MAX_REFERENCE_DEPTH = 64;

/**
 * Turns request bodies and stored rows into parsed schemas, resolving references through the
 * registry. New schemas are validated strictly, stored ones parsed leniently; both are cached.
 */
@Injectable()
export class SchemaParserService {
  // Parsed schemas weigh 20 to 40 times their text in memory, so these caches are bounded by the
  // length of the texts they hold: about 60 MB for stored schemas (a 1,000-version transitive
  // check of mid-sized records stays in memory) and a little for new ones.
  private readonly parsedNew = new BoundedCache<string, CandidateSchema>(2_000, 500_000);
  private readonly parsedStored = new BoundedCache<string, ParsedSchema>(20_000, 3_000_000);

  constructor(
    @Inject(SchemaProviders) readonly providers: SchemaProviders,
    private readonly cache: RegistryCache,
  ) {}

  /** Validates the `schema`, `schemaType` and `references` of a request body and parses the schema. */
  async parseRequest(context: string, body: Record<string, unknown>): Promise<CandidateSchema> {
    const schemaType = readSchemaType(body.schemaType);
    const text = body.schema;
    if (text === undefined || text === null || text === '') throw Errors.invalidSchema('Empty schema');
    if (typeof text !== 'string') throw Errors.invalidSchema('The field "schema" must be a string holding the schema text');
    const references = readReferences(body.references);
    const key = `${context}\u0000${schemaType}\u0000${text}\u0000${JSON.stringify(references)}`;
    const hit = this.parsedNew.get(key);
    if (hit) return hit;
    const resolved = await this.resolve(context, references, 0);
    const parsed = this.parseWith(schemaType, text, resolved.refs, 'new');
    const candidate: CandidateSchema = { schemaType, parsed, references, targets: resolved.targets };
    this.parsedNew.set(key, candidate, text.length);
    return candidate;
  }

  /** Parses a stored schema (leniently), resolving its references as they are now. */
  async parseStored(s: StoredSchema): Promise<ParsedSchema> {
    const key = `${s.context}\u0000${s.id}`;
    const hit = this.parsedStored.get(key);
    if (hit) return hit;
    const resolved = await this.resolve(s.context, s.references, 0);
    const parsed = this.parseWith(s.schemaType, s.schema, resolved.refs, 'stored');
    this.parsedStored.set(key, parsed, s.schema.length);
    return parsed;
  }

  /** The Confluent canonical text of a candidate, normalized when asked. */
  textOf(candidate: CandidateSchema, normalize: boolean): string {
    if (!normalize) return candidate.parsed.canonical;
    return this.providers.get(candidate.schemaType).normalize(candidate.parsed);
  }

  /** References sorted and de-duplicated, as Confluent does when normalizing. */
  static normalizeReferences(refs: readonly SchemaReference[]): SchemaReference[] {
    const seen = new Map<string, SchemaReference>();
    for (const r of refs) seen.set(`${r.name}\u0000${r.subject}\u0000${r.version}`, r);
    return [...seen.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.version - b.version,
    );
  }

  private parseWith(type: SchemaType, text: string, refs: readonly ResolvedReference[], mode: 'new' | 'stored'): ParsedSchema {
    try {
      return this.providers.get(type).parse(text, refs, { mode });
    } catch (e) {
      if (e instanceof SchemaParseError) {
        const where = e.line !== undefined ? ` (line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''})` : '';
        throw Errors.invalidSchema(`Invalid ${type} schema${where}: ${e.message}`);
      }
      if (e instanceof RegistryError) throw e;
      if (e instanceof RangeError) throw Errors.invalidSchema(`Invalid ${type} schema: nested too deeply to process`);
      throw Errors.invalidSchema(`Invalid ${type} schema: ${(e as Error).message}`);
    }
  }

  private async resolve(
    context: string,
    references: readonly SchemaReference[],
    depth: number,
  ): Promise<{ refs: ResolvedReference[]; targets: ReferenceTarget[] }> {
    if (!references.length) return { refs: [], targets: [] };
    if (depth > MAX_REFERENCE_DEPTH) throw Errors.invalidSchema('References are nested too deeply (or form a cycle)');
    const refs: ResolvedReference[] = [];
    const targets: ReferenceTarget[] = [];
    for (const r of references) {
      const q = r.subject.startsWith(':.') ? parseSubject(r.subject) : { context, name: r.subject };
      const state = await this.cache.subject(q.context, q.name);
      const live = state.versions.filter((v) => !v.deleted);
      const version =
        r.version === LATEST ? live[live.length - 1] : state.versions.find((v) => v.version === r.version);
      const schema = version ? state.schemas.get(version.schemaId) : undefined;
      if (!version || !schema) {
        throw Errors.invalidSchema(
          `Invalid schema: reference '${r.name}' names subject '${r.subject}' version ${r.version}, which does not exist`,
        );
      }
      const nested = await this.resolve(q.context, schema.references, depth + 1);
      refs.push({
        name: r.name,
        subject: r.subject,
        version: version.version,
        schemaType: schema.schemaType,
        schema: schema.schema,
        references: nested.refs,
      });
      targets.push({ name: r.name, context: q.context, subject: q.name, version: version.version });
    }
    return { refs, targets };
  }
}

function readSchemaType(value: unknown): SchemaType {
  if (value === undefined || value === null || value === '') return 'AVRO';
  const upper = typeof value === 'string' ? value.toUpperCase() : value;
  if (!isSchemaType(upper)) {
    throw Errors.invalidSchema(`Invalid schema type '${String(value)}'. Valid values are ${SCHEMA_TYPES.join(', ')}`);
  }
  return upper;
}

function readReferences(value: unknown): SchemaReference[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw Errors.invalidSchema('The field "references" must be an array of {name, subject, version}');
  return value.map((r, i) => {
    const ref = r as Record<string, unknown> | null;
    const version = typeof ref?.version === 'string' && /^-?\d+$/.test(ref.version) ? Number(ref.version) : ref?.version;
    if (
      !ref ||
      typeof ref.name !== 'string' ||
      !ref.name ||
      typeof ref.subject !== 'string' ||
      !ref.subject ||
      typeof version !== 'number' ||
      !Number.isInteger(version) ||
      (version < 1 && version !== LATEST)
    ) {
      throw Errors.invalidSchema(`Reference ${i} must have a non-empty name and subject and a version (1.. or -1 for latest)`);
    }
    return { name: ref.name, subject: ref.subject, version };
  });
}
