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
  private readonly schemas = new BoundedCache<string, StoredSchema>(200_000);
  private readonly rendered = new BoundedCache<string, Buffer>(100_000);
  private readonly subjects = new BoundedCache<string, SubjectState>(50_000);
  /** Bumped on every subject change, so a load that raced with a change is not cached. */
  private generation = 0;

  constructor(
    private readonly repository: SchemaRepository,
    changes: RegistryChanges,
  ) {
    changes.subscribe((c) => {
      this.generation++;
      if (c.kind === 'subject') this.subjects.delete(subjectKey(c.context, c.subject));
      else if (c.kind === 'schemas-removed') {
        for (const id of c.ids) this.schemas.delete(idKey(c.context, id));
        this.rendered.clear();
        this.subjects.clear();
      }
    });
  }

  async schemaById(context: string, id: number): Promise<StoredSchema | undefined> {
    const key = idKey(context, id);
    const hit = this.schemas.get(key);
    if (hit) return hit;
    const found = await this.repository.read((db) => this.repository.schemaById(db, context, id));
    if (found) this.schemas.set(key, found);
    return found;
  }

  /** A ready response body for a schema id, keyed by whatever else shapes the answer. */
  renderedById(context: string, id: number, variant: string): Buffer | undefined {
    return this.rendered.get(`${idKey(context, id)}\u0000${variant}`);
  }

  storeRendered(context: string, id: number, variant: string, body: Buffer): void {
    this.rendered.set(`${idKey(context, id)}\u0000${variant}`, body);
  }

  async subject(context: string, subject: string): Promise<SubjectState> {
    const key = subjectKey(context, subject);
    const hit = this.subjects.get(key);
    if (hit) return hit;
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
        this.schemas.set(idKey(context, v.schemaId), s);
      }
    }
    const result: SubjectState = { versions: state.versions, schemas, memo: new Map() };
    if (generation === this.generation) this.subjects.set(key, result);
    return result;
  }

  /** Remembers a schema just written, so the first read of it is served from memory. */
  rememberSchema(s: StoredSchema): void {
    this.schemas.set(idKey(s.context, s.id), s);
  }
}
