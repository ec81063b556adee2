import { Injectable } from '@nestjs/common';
import type { Principal } from '../acl/principal';
import { Errors } from '../common/errors/registry-error';
import { CatalogStore } from './catalog-store.service';
import { fieldTagKey, normalizeSubject } from './catalog-state';
import type { FieldTagEntry } from './catalog.types';
import { CatalogWriterService } from './catalog-writer.service';
import { fieldTagInput, parseBody, subjectName } from './dto/catalog-entries.dto';
import type { Written } from './catalog-entries.service';
import { SchemaFactsService, type TaggedField } from './schema-facts.service';

/** A subject's fields with their tags, as GET /catalog/field-tags/{subject} shows them. */
export interface SubjectFieldTags {
  readonly subject: string;
  /** The version the fields come from; null when the subject has no live version. */
  readonly version: number | null;
  readonly schemaType: string | null;
  readonly fields: readonly TaggedField[];
  /** Catalogue tags on paths the latest schema no longer has. */
  readonly orphans: readonly FieldTagEntry[];
  /** Topics the subject is bound to. */
  readonly topics: readonly string[];
}

/**
 * Field tags: read from the schemas (inline and metadata tags) and added to in the catalogue.
 * Catalogue tags are keyed by subject and field path, so they carry over to later versions.
 */
@Injectable()
export class FieldTagsService {
  constructor(
    private readonly store: CatalogStore,
    private readonly writer: CatalogWriterService,
    private readonly facts: SchemaFactsService,
  ) {}

  /** The catalogue's own tags, optionally of one subject. */
  async list(subject?: string): Promise<FieldTagEntry[]> {
    const state = await this.store.current();
    const key = subject === undefined ? undefined : normalizeSubject(subject);
    return state.all('field-tag').filter((t) => key === undefined || t.subject === key);
  }

  async ofSubject(rawSubject: string): Promise<SubjectFieldTags> {
    const subject = normalizeSubject(parseBody(subjectName, rawSubject, 'subject'));
    const state = await this.store.current();
    const latest = await this.facts.latest(subject);
    const fields = latest ? this.facts.tagged(state, subject, latest.fields) : [];
    const paths = new Set(fields.map((f) => f.path));
    return {
      subject,
      version: latest?.version ?? null,
      schemaType: latest?.stored.schemaType ?? null,
      fields,
      orphans: state.all('field-tag').filter((t) => t.subject === subject && !paths.has(t.path)),
      topics: [...new Set(state.bindingsOf(subject).map((b) => b.topic))],
    };
  }

  /** Sets the catalogue's tags of one field; an empty list removes them. Policies judge the subject's topics. */
  async put(rawSubject: string, body: unknown, who: Principal): Promise<Written<FieldTagEntry>> {
    const subject = normalizeSubject(parseBody(subjectName, rawSubject, 'subject'));
    const input = parseBody(fieldTagInput, body, 'field tags');
    const key = fieldTagKey(subject, input.path);
    const entry: FieldTagEntry = { subject, path: input.path, tags: input.tags };
    const written = await this.writer.write((state) => {
      const before = state.get('field-tag', key) ?? null;
      if (!before && !entry.tags.length) return { changes: [], result: () => entry };
      return { changes: [{ type: 'field-tag', key, before, after: entry.tags.length ? entry : null }], result: () => entry };
    }, who);
    return { ...written.result, warnings: written.warnings };
  }

  async remove(rawSubject: string, path: string | undefined, who: Principal): Promise<FieldTagEntry> {
    const subject = normalizeSubject(parseBody(subjectName, rawSubject, 'subject'));
    if (!path) throw Errors.invalidCatalogEntry('Give the field with ?path=');
    const key = fieldTagKey(subject, path);
    const written = await this.writer.write((state) => {
      const before = state.get('field-tag', key);
      if (!before) throw Errors.catalogEntryNotFound('Field tag', key);
      return { changes: [{ type: 'field-tag', key, before, after: null }], result: () => before };
    }, who);
    return written.result;
  }
}
