import { Injectable } from '@nestjs/common';
import { AsyncMutex } from '../common/async-mutex';
import { CatalogStore } from './catalog-store.service';
import { normalizeSubject, type CatalogState } from './catalog-state';
import type { EntityType } from './catalog.types';
import { SchemaFactsService } from './schema-facts.service';
import { SearchIndex, type SearchDocument, type SearchHit } from './search-index';

const SEARCHABLE: readonly EntityType[] = ['domain', 'team', 'application', 'topic', 'event'];

/**
 * Full-text search over the catalogue and the fields of the schemas bound to it. The index
 * lives in memory and is rebuilt on the first search after the catalogue or a bound subject
 * changed, so it answers the same on SQLite and PostgreSQL.
 */
@Injectable()
export class SearchService {
  private index?: { revision: number; generation: number; index: SearchIndex };
  /** Bumped when a schema changes; an index built before is stale. */
  private generation = 0;
  private readonly builds = new AsyncMutex();

  constructor(
    private readonly store: CatalogStore,
    private readonly facts: SchemaFactsService,
  ) {
    facts.onSchemaChange((subject) => {
      if (subject === null || this.store.isBound(subject)) this.generation++;
    });
  }

  async search(query: string, opts: { types?: EntityType[]; domain?: string; limit: number }): Promise<SearchHit[]> {
    const index = await this.current();
    return index.search(query, { ...opts, types: opts.types?.length ? opts.types : SEARCHABLE });
  }

  private async current(): Promise<SearchIndex> {
    const state = await this.store.current();
    const fresh = () => this.index && this.index.revision === state.revision && this.index.generation === this.generation;
    if (fresh()) return this.index!.index;
    return this.builds.run(async () => {
      if (fresh()) return this.index!.index;
      const generation = this.generation;
      const index = new SearchIndex(await this.documents(state));
      this.index = { revision: state.revision, generation, index };
      return index;
    });
  }

  private async documents(state: CatalogState): Promise<SearchDocument[]> {
    const fieldsOf = async (subject: string) => {
      const latest = await this.facts.latest(subject);
      if (!latest) return [];
      return this.facts.tagged(state, subject, latest.fields);
    };
    const docs: SearchDocument[] = [];
    for (const d of state.all('domain')) {
      docs.push({ type: 'domain', key: d.name, domain: d.name, texts: [{ field: 'name', text: d.name }, { field: 'description', text: d.description ?? '' }] });
    }
    for (const t of state.all('team')) {
      docs.push({
        type: 'team',
        key: t.name,
        domain: t.domain,
        texts: [{ field: 'name', text: t.name }, { field: 'description', text: t.description ?? '' }, ...t.contacts.map((c) => ({ field: 'other' as const, text: c.value }))],
      });
    }
    for (const a of state.all('application')) {
      docs.push({
        type: 'application',
        key: a.name,
        domain: a.domain,
        texts: [
          { field: 'name', text: a.name },
          { field: 'description', text: a.description ?? '' },
          ...[...a.principals, ...a.consumerGroups].map((text) => ({ field: 'other' as const, text })),
        ],
      });
    }
    for (const t of state.all('topic')) {
      const texts: SearchDocument['texts'][number][] = [
        { field: 'name', text: t.name },
        { field: 'description', text: t.description ?? '' },
        ...t.tags.map((text) => ({ field: 'tag' as const, text })),
        { field: 'other', text: [t.classification ?? '', t.lifecycle].join(' ') },
      ];
      for (const b of state.subjectsOf(t.name)) {
        texts.push({ field: 'subject', text: b.subject });
        for (const f of await fieldsOf(normalizeSubject(b.subject))) {
          texts.push({ field: 'field', text: f.name });
          texts.push(...f.tags.map((text) => ({ field: 'tag' as const, text })));
        }
      }
      docs.push({ type: 'topic', key: t.name, domain: t.domain, texts });
    }
    for (const e of state.all('event')) {
      const fields = await fieldsOf(normalizeSubject(e.subject));
      docs.push({
        type: 'event',
        key: e.name,
        domain: state.domainOf('event', e),
        texts: [
          { field: 'name', text: e.name },
          { field: 'description', text: e.description ?? '' },
          { field: 'subject', text: e.subject },
          ...fields.map((f) => ({ field: 'field' as const, text: f.name })),
          ...fields.flatMap((f) => f.tags.map((text) => ({ field: 'tag' as const, text }))),
        ],
      });
    }
    return docs;
  }
}
