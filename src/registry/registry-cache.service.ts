import { Injectable } from '@nestjs/common';
import { BoundedCache } from '../common/bounded-cache';
import { RegistryChanges } from './registry-changes';
import { SchemaRepository } from './repositories/schema.repository';
import type { StoredSchema, StoredVersion } from './registry.types';

/** A subject's versions (oldest first) with the schemas they use. */
export interface SubjectState {
  readonly versions: readonly StoredVersion[];
  readonly schemas: ReadonlyMap<number, StoredSchema>;
  /** Memo of answers computed from this state (lookups by schema, rendered versions). */
  readonly memo: Map<string, unknown>;
}

/**
 * Hits and misses of each cache, as plain counts: the hot path pays one increment, and the
 * metrics endpoint reads them when it is scraped. A rendered body counts a miss when it had to
 * be built.
 */
export interface RegistryCacheStats {
  schemaHits: number;
  schemaMisses: number;
  subjectHits: number;
  subjectMisses: number;
  renderedHits: number;
  renderedMisses: number;
}

const idKey = (context: string, id: number) => `${context}\u0000${id}`;
const subjectKey = (context: string, subject: string) => `${context}\u0000${subject}`;

/**
 * What the registry reads most, kept in memory: schemas by id (their content never changes, so
 * they are only dropped when removed for good) and subject states (dropped on any change to the
 * subject). Every entry is invalidated through RegistryChanges, so other processes can drop
 * theirs too.
 */
@Injectable()
export class RegistryCache {
  // Bounded so that memory stays flat however large the registry grows: what is evicted is simply
  // read again. 50,000 of each hold the working set of a very large estate in ~100 MB.
  private readonly schemas = new BoundedCache<string, StoredSchema>(50_000, 40_000_000);
  private readonly rendered = new BoundedCache<string, Buffer>(50_000, 40_000_000);
  private readonly subjects = new BoundedCache<string, SubjectState>(20_000);
  /** Bumped on every change, so a subject load that raced with a change is not cached. */
  private generation = 0;
  /** Bumped when schemas may have been removed, so a schema load that raced with it is not cached. */
  private schemaGeneration = 0;
  readonly stats: RegistryCacheStats = {
    schemaHits: 0,
    schemaMisses: 0,
    subjectHits: 0,
    subjectMisses: 0,
    renderedHits: 0,
    renderedMisses: 0,
  };

  constructor(
    private readonly repository: SchemaRepository,
    changes: RegistryChanges,
  ) {
    changes.subscribe((c) => {
      this.generation++;
      if (c.kind === 'subject') this.subjects.delete(subjectKey(c.context, c.subject));
      else if (c.kind === 'schemas-removed') {
        this.schemaGeneration++;
        for (const id of c.ids) this.schemas.delete(idKey(c.context, id));
        this.rendered.clear();
        this.subjects.clear();
      } else if (c.kind === 'all') {
        this.schemaGeneration++;
        this.schemas.clear();
        this.rendered.clear();
        this.subjects.clear();
      }
    });
  }

  async schemaById(context: string, id: number): Promise<StoredSchema | undefined> {
    const key = idKey(context, id);
    const hit = this.schemas.get(key);
    if (hit) {
      this.stats.schemaHits++;
      return hit;
    }
    this.stats.schemaMisses++;
    const generation = this.schemaGeneration;
    const found = await this.repository.read((db) => this.repository.schemaById(db, context, id));
    if (found && generation === this.schemaGeneration) this.schemas.set(key, found, found.schema.length);
    return found;
  }

  /** A ready response body for a schema id, keyed by whatever else shapes the answer. */
  renderedById(context: string, id: number, variant: string): Buffer | undefined {
    const body = this.rendered.get(`${idKey(context, id)}\u0000${variant}`);
    if (body) this.stats.renderedHits++;
    return body;
  }

  /**
   * Keeps a body rendered from a schema read through `schemaById`. When the schema was removed
   * (here or on another node) while the body was being built, it is no longer cached, and the
   * body is not kept either: the fast lane must not serve a deleted schema.
   */
  storeRendered(context: string, id: number, variant: string, body: Buffer): void {
    this.stats.renderedMisses++;
    if (!this.schemas.get(idKey(context, id))) return;
    this.rendered.set(`${idKey(context, id)}\u0000${variant}`, body, body.length);
  }

  /** How many entries each cache holds. */
  sizes(): { schema: number; subject: number; rendered: number } {
    return { schema: this.schemas.size, subject: this.subjects.size, rendered: this.rendered.size };
  }

  /** The subject's state if it is in memory, without loading it. */
  peekSubject(context: string, subject: string): SubjectState | undefined {
    return this.subjects.get(subjectKey(context, subject));
  }

  async subject(context: string, subject: string): Promise<SubjectState> {
    const key = subjectKey(context, subject);
    const hit = this.subjects.get(key);
    if (hit) {
      this.stats.subjectHits++;
      return hit;
    }
    this.stats.subjectMisses++;
    const generation = this.generation;
    const state = await this.repository.read(async (db) => {
      const versions = await this.repository.versions(db, context, subject);
      const missing = [...new Set(versions.map((v) => v.schemaId))].filter((id) => !this.schemas.get(idKey(context, id)));
      const loaded = await this.repository.schemasByIds(db, context, missing);
      return { versions, loaded };
    });
    const schemas = new Map<number, StoredSchema>();
    for (const v of state.versions) {
      const s = this.schemas.get(idKey(context, v.schemaId)) ?? state.loaded.get(v.schemaId);
      if (s) {
        schemas.set(v.schemaId, s);
        if (generation === this.generation) this.schemas.set(idKey(context, v.schemaId), s, s.schema.length);
      }
    }
    const result: SubjectState = { versions: state.versions, schemas, memo: new Map() };
    if (generation === this.generation) this.subjects.set(key, result);
    return result;
  }

  /**
   * The state after this process appended a version to `previous`: saves the reload that the
   * change would otherwise cause. Only valid while the caller holds the subject's write lock.
   */
  appendVersion(previous: SubjectState, version: StoredVersion, schema: StoredSchema): void {
    const schemas = new Map(previous.schemas);
    schemas.set(schema.id, schema);
    this.schemas.set(idKey(schema.context, schema.id), schema, schema.schema.length);
    this.subjects.set(subjectKey(version.context, version.subject), {
      versions: [...previous.versions, version],
      schemas,
      memo: new Map(),
    });
  }

  /** Remembers a schema just written, so the first read of it is served from memory. */
  rememberSchema(s: StoredSchema): void {
    this.schemas.set(idKey(s.context, s.id), s, s.schema.length);
  }
}
