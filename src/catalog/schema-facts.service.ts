import { Injectable, Logger } from '@nestjs/common';
import { BoundedCache } from '../common/bounded-cache';
import type { ParsedSchema } from '../compatibility/schema-provider';
import { SchemaProviders } from '../compatibility/schema-providers';
import type { SchemaType } from '../compatibility/schema-type';
import { ConfigService } from '../registry/config.service';
import { RegistryCache } from '../registry/registry-cache.service';
import { RegistryChanges } from '../registry/registry-changes';
import type { StoredSchema } from '../registry/registry.types';
import { SchemaParserService } from '../registry/schema-parser.service';
import { formatSubject, parseSubject } from '../registry/subject-name';
import { fieldTagKey, normalizeSubject, type CatalogState } from './catalog-state';
import type { FieldFacts, SubjectFacts } from './policies/policy-engine';
import { schemaFields, type SchemaField } from './schema-fields';

/** A subject's latest live version, parsed, with its fields. */
export interface LatestSchema {
  readonly subject: string;
  readonly version: number;
  readonly schemaId: number;
  readonly stored: StoredSchema;
  readonly parsed: ParsedSchema;
  readonly fields: readonly SchemaField[];
}

/** A field with the tags the catalogue adds, and all of them together. */
export interface TaggedField extends SchemaField {
  readonly catalogTags: readonly string[];
  readonly tags: readonly string[];
}

/**
 * What the catalogue reads from the registry: a subject's latest schema and its fields, and the
 * subject's compatibility level. Latest schemas are remembered until the registry says the
 * subject changed.
 */
@Injectable()
export class SchemaFactsService {
  private readonly logger = new Logger('Catalog');
  /** Any subject can be asked about (GET /catalog/field-tags/{subject}), so the memo is bounded. */
  private readonly latestBySubject = new BoundedCache<string, Promise<LatestSchema | null>>(20_000);
  private readonly listeners: ((subject: string | null) => void)[] = [];

  constructor(
    private readonly cache: RegistryCache,
    private readonly parser: SchemaParserService,
    private readonly providers: SchemaProviders,
    private readonly configs: ConfigService,
    changes: RegistryChanges,
  ) {
    changes.subscribe((c) => {
      if (c.kind === 'subject') {
        const subject = formatSubject({ context: c.context, name: c.subject });
        this.latestBySubject.delete(subject);
        for (const l of this.listeners) l(subject);
      } else if (c.kind === 'schemas-removed' || c.kind === 'config' || c.kind === 'all') {
        this.latestBySubject.clear();
        for (const l of this.listeners) l(null);
      }
    });
  }

  /** Called when a subject's schemas (or, with null, any subject's) may have changed. */
  onSchemaChange(listener: (subject: string | null) => void): void {
    this.listeners.push(listener);
  }

  /** The latest live version of a subject, or null when it has none (or it cannot be parsed). */
  latest(subject: string): Promise<LatestSchema | null> {
    const key = normalizeSubject(subject);
    let hit = this.latestBySubject.get(key);
    if (!hit) {
      hit = this.loadLatest(key).catch((e: Error) => {
        this.logger.warn(`Could not read the schema of subject '${key}': ${e.message}`);
        this.latestBySubject.delete(key);
        return null;
      });
      this.latestBySubject.set(key, hit);
    }
    return hit;
  }

  /** The fields of a parsed schema (a candidate, or a stored one). */
  fieldsOf(schemaType: SchemaType, parsed: ParsedSchema, metadata: unknown): SchemaField[] {
    return schemaFields(this.providers.get(schemaType), parsed, metadata);
  }

  /** Adds the catalogue's tags for `subject` to schema fields. */
  tagged(state: CatalogState, subject: string, fields: readonly SchemaField[]): TaggedField[] {
    const key = normalizeSubject(subject);
    return fields.map((f) => {
      const catalogTags = state.get('field-tag', fieldTagKey(key, f.path))?.tags ?? [];
      return { ...f, catalogTags, tags: [...new Set([...f.schemaTags, ...f.metadataTags, ...catalogTags])] };
    });
  }

  /** The subject's compatibility level now (subject, context, global config or the default). */
  level(subject: string) {
    return this.configs.effective(parseSubject(normalizeSubject(subject))).level;
  }

  /** The facts schema rules judge a subject by, from its latest version and the catalogue in `state`. */
  async facts(state: CatalogState, subject: string): Promise<SubjectFacts> {
    const key = normalizeSubject(subject);
    const latest = await this.latest(key);
    const fields: FieldFacts[] = latest ? this.tagged(state, key, latest.fields) : [];
    return { subject: key, version: latest?.version ?? null, fields, level: this.level(key) };
  }

  /** Facts for several subjects. */
  async factsFor(state: CatalogState, subjects: Iterable<string>): Promise<Map<string, SubjectFacts>> {
    const result = new Map<string, SubjectFacts>();
    for (const s of new Set([...subjects].map(normalizeSubject))) result.set(s, await this.facts(state, s));
    return result;
  }

  private async loadLatest(subject: string): Promise<LatestSchema | null> {
    const q = parseSubject(subject);
    if (!q.name) return null;
    const state = await this.cache.subject(q.context, q.name);
    const live = state.versions.filter((v) => !v.deleted);
    const last = live[live.length - 1];
    const stored = last ? state.schemas.get(last.schemaId) : undefined;
    if (!last || !stored) return null;
    const parsed = await this.parser.parseStored(stored);
    return {
      subject,
      version: last.version,
      schemaId: stored.id,
      stored,
      parsed,
      fields: this.fieldsOf(stored.schemaType, parsed, stored.metadata),
    };
  }
}
