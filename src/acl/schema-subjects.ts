import { Injectable } from '@nestjs/common';
import { BoundedCache } from '../common/bounded-cache';
import { RegistryError } from '../common/errors/registry-error';
import { RegistryChanges } from '../registry/registry-changes';
import { SchemaReadService } from '../registry/schema-read.service';
import { DEFAULT_CONTEXT, parseSubject, type QualifiedSubject } from '../registry/subject-name';

const key = (context: string, id: number) => `${context}\u0000${id}`;

/**
 * The subjects (soft-deleted versions included) that registered each schema id: a schema is
 * readable through any of them. Kept in memory for the fast lane, dropped on any subject change
 * (a registration may give an old id a new subject, a permanent delete may take one away).
 */
@Injectable()
export class SchemaSubjects {
  private readonly cache = new BoundedCache<string, readonly QualifiedSubject[]>(100_000);
  private generation = 0;

  constructor(
    private readonly reads: SchemaReadService,
    changes: RegistryChanges,
  ) {
    changes.subscribe((c) => {
      if (c.kind === 'subject' || c.kind === 'schemas-removed' || c.kind === 'all') {
        this.generation++;
        this.cache.clear();
      }
    });
  }

  /** The subjects if known in memory. */
  peek(context: string, id: number): readonly QualifiedSubject[] | undefined {
    return this.cache.get(key(context, id));
  }

  /** The subjects of a schema id; empty when the id does not exist. */
  async of(context: string, id: number): Promise<readonly QualifiedSubject[]> {
    const hit = this.cache.get(key(context, id));
    if (hit) return hit;
    const generation = this.generation;
    let subjects: QualifiedSubject[];
    try {
      const selector = context === DEFAULT_CONTEXT ? undefined : `:${context}:`;
      const versions = await this.reads.versionsOf(String(id), { subject: selector, deleted: true });
      subjects = [...new Set(versions.map((v) => v.subject))].map(parseSubject);
    } catch (e) {
      if (e instanceof RegistryError && e.errorCode === 40403) subjects = [];
      else throw e;
    }
    if (generation === this.generation) this.cache.set(key(context, id), subjects);
    return subjects;
  }

  /** The (context, id) pairs of a GUID; empty when there is none. */
  async idsOfGuid(guid: string): Promise<{ context: string; id: number }[]> {
    try {
      return await this.reads.idsOfGuid(guid);
    } catch (e) {
      if (e instanceof RegistryError && e.errorCode === 40403) return [];
      throw e;
    }
  }
}
