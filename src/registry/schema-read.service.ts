import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors/registry-error';
import type { SchemaEntity, SchemaStringEntity, SubjectVersionEntity } from './dto/schema.dto';
import { applyPage, page } from './query-params';
import { RegistryCache } from './registry-cache.service';
import type { StoredSchema } from './registry.types';
import { SchemaRepository } from './repositories/schema.repository';
import { schemaEntity, schemaStringEntity } from './schema-entities';
import { SchemaFormatService } from './schema-format.service';
import { DEFAULT_CONTEXT, formatSubject, parseSubject, parseSubjectPrefix } from './subject-name';

/** Reads of schemas by id and guid, and GET /schemas. */
@Injectable()
export class SchemaReadService {
  constructor(
    private readonly repository: SchemaRepository,
    private readonly cache: RegistryCache,
    private readonly formats: SchemaFormatService,
  ) {}

  /** The context a `?subject=` selects: the subject's own, or the default one. */
  static contextOf(subject: string | undefined): string {
    return subject ? parseSubject(subject).context : DEFAULT_CONTEXT;
  }

  async schema(rawId: string, subject: string | undefined): Promise<StoredSchema> {
    const id = parseSchemaId(rawId);
    const s = await this.cache.schemaById(SchemaReadService.contextOf(subject), id);
    if (!s) throw Errors.schemaNotFound(String(id));
    return s;
  }

  /**
   * GET /schemas/ids/{id} as a ready JSON body. The default rendering of each id is built once and
   * served from memory afterwards: serializers ask for the same ids over and over.
   */
  async byIdBody(rawId: string, q: { subject?: string; format?: string; fetchMaxId?: boolean }): Promise<Buffer> {
    const id = parseSchemaId(rawId);
    const context = SchemaReadService.contextOf(q.subject);
    const cacheable = !q.fetchMaxId;
    const variant = q.format ?? '';
    if (cacheable) {
      const hit = this.cache.renderedById(context, id, variant);
      if (hit) return hit;
    }
    const s = await this.cache.schemaById(context, id);
    if (!s) throw Errors.schemaNotFound(String(id));
    const maxId = q.fetchMaxId ? await this.repository.read((db) => this.repository.maxSchemaId(db, context)) : undefined;
    const body = Buffer.from(JSON.stringify(schemaStringEntity(s, await this.formats.render(s, q.format), maxId)));
    if (cacheable) this.cache.storeRendered(context, id, variant, body);
    return body;
  }

  async rawById(rawId: string, q: { subject?: string; format?: string }): Promise<string> {
    const s = await this.schema(rawId, q.subject);
    return this.formats.render(s, q.format);
  }

  /** GET /schemas/ids/{id}/subjects. */
  async subjectsOf(rawId: string, q: { subject?: string; deleted: boolean; offset?: unknown; limit?: unknown }): Promise<string[]> {
    const versions = await this.versionsOfId(rawId, q);
    return applyPage([...new Set(versions.map((v) => v.subject))], page(q.offset, q.limit));
  }

  /** GET /schemas/ids/{id}/versions. */
  async versionsOf(rawId: string, q: { subject?: string; deleted: boolean; offset?: unknown; limit?: unknown }): Promise<SubjectVersionEntity[]> {
    return applyPage(await this.versionsOfId(rawId, q), page(q.offset, q.limit));
  }

  private async versionsOfId(rawId: string, q: { subject?: string; deleted: boolean }): Promise<SubjectVersionEntity[]> {
    const s = await this.schema(rawId, q.subject);
    const versions = await this.repository.read((db) => this.repository.versionsOfSchema(db, s.context, s.id));
    return versions
      .filter((v) => q.deleted || !v.deleted)
      .map((v) => ({ subject: formatSubject({ context: v.context, name: v.subject }), version: v.version }));
  }

  /** GET /schemas/guids/{guid}. */
  async byGuid(guid: string, format: string | undefined): Promise<SchemaStringEntity> {
    const found = await this.repository.read((db) => this.repository.schemasByGuid(db, guid));
    const s = found.find((x) => x.context === DEFAULT_CONTEXT) ?? found[0];
    if (!s) throw Errors.schemaNotFound(guid);
    return schemaStringEntity(s, await this.formats.render(s, format));
  }

  /** GET /schemas/guids/{guid}/ids. */
  async idsOfGuid(guid: string): Promise<{ context: string; id: number }[]> {
    const found = await this.repository.read((db) => this.repository.schemasByGuid(db, guid));
    if (!found.length) throw Errors.schemaNotFound(guid);
    return found.map((s) => ({ context: s.context, id: s.id }));
  }

  /** GET /schemas: subject versions with their schemas, paged (at most 1,000 at a time, like Confluent). */
  async list(q: { subjectPrefix?: string; deleted: boolean; latestOnly: boolean; offset?: unknown; limit?: unknown }): Promise<SchemaEntity[]> {
    const p = page(q.offset, q.limit, 1000);
    const prefix = parseSubjectPrefix(q.subjectPrefix);
    const versions = await this.repository.read((db) =>
      this.repository.versionsWhere(db, { context: prefix.context, subjectPrefix: prefix.prefix || undefined }),
    );
    let chosen = versions.filter((v) => q.deleted || !v.deleted);
    if (q.latestOnly) {
      const latest = new Map<string, (typeof chosen)[number]>();
      for (const v of chosen) latest.set(`${v.context}\u0000${v.subject}`, v);
      chosen = [...latest.values()];
    }
    const pageOf = applyPage(chosen, p);
    const out: SchemaEntity[] = [];
    for (const v of pageOf) {
      const s = await this.cache.schemaById(v.context, v.schemaId);
      if (s) out.push(schemaEntity(formatSubject({ context: v.context, name: v.subject }), v.version, s, s.schema, v.deleted));
    }
    return out;
  }
}

export function parseSchemaId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > 2 ** 31 - 1) throw Errors.schemaNotFound(raw);
  return Number(raw);
}
