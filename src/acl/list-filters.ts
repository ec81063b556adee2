import { Inject, Injectable } from '@nestjs/common';
import { applyPage } from '../registry/query-params';
import { parseSubject } from '../registry/subject-name';
import { AUTHORIZER, type Authorizer } from './authorizer';
import { identitiesOf, type Principal } from './principal';
import { CATALOG, CLUSTER, patternTarget, type ResourcePattern, type Target } from './rbac';
import type { ListFilter } from './route-permissions';
import { SchemaSubjects } from './schema-subjects';

/** Filters whose lists Confluent pages with `offset` and `limit`: paging then happens after filtering. */
export const PAGED_FILTERS: ReadonlySet<ListFilter> = new Set(['subject-names', 'subject-items', 'schema-ids', 'context-ids', 'contexts']);

const subjectTarget = (raw: string): Target => {
  const q = parseSubject(raw);
  return { type: 'Subject', context: q.context, name: q.name };
};

const field = (item: unknown, name: string): unknown =>
  item && typeof item === 'object' ? (item as Record<string, unknown>)[name] : undefined;

/** Narrows list answers to what a principal may read (see ListFilter in route-permissions.ts). */
@Injectable()
export class ListFilters {
  constructor(
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    private readonly schemaSubjects: SchemaSubjects,
  ) {}

  /** Whether the principal sees the whole list, so it needs no filtering at all. */
  sees(kind: ListFilter, p: Principal): boolean {
    const a = this.authorizer;
    switch (kind) {
      case 'subject-names':
      case 'subject-items':
      case 'schema-ids':
      case 'context-ids':
      case 'contexts':
        return a.allowsAll(p, 'read', 'Subject');
      case 'topics':
        return a.allowsAll(p, 'read', 'Topic');
      case 'domains':
        return a.allowsAll(p, 'read', 'Domain');
      case 'catalog':
        return a.allows(p, 'read', CATALOG);
      case 'search':
        return a.allows(p, 'read', CLUSTER);
      case 'api-keys':
      case 'bindings':
        return a.allows(p, 'audit', CLUSTER) || a.allows(p, 'admin', CLUSTER);
    }
  }

  /** The items of `list` the principal may see, paged afterwards when `page` is given. */
  async apply(
    kind: ListFilter,
    list: unknown,
    p: Principal,
    ctx: { params: Record<string, string | undefined>; page?: { offset: number; limit: number } },
  ): Promise<unknown> {
    if (!Array.isArray(list)) return list;
    const kept: unknown[] = [];
    for (const item of list) if (await this.keeps(kind, item, p, ctx.params)) kept.push(item);
    return ctx.page ? applyPage(kept, ctx.page) : kept;
  }

  private async keeps(kind: ListFilter, item: unknown, p: Principal, params: Record<string, string | undefined>): Promise<boolean> {
    const a = this.authorizer;
    switch (kind) {
      case 'subject-names':
        return typeof item === 'string' && a.allows(p, 'read', subjectTarget(item));
      case 'subject-items': {
        const s = field(item, 'subject');
        return typeof s === 'string' && a.allows(p, 'read', subjectTarget(s));
      }
      case 'schema-ids':
        return typeof item === 'number' && this.readsSchema(p, parseSubject(params.subject ?? '').context, item);
      case 'context-ids': {
        const context = field(item, 'context');
        const id = field(item, 'id');
        return typeof context === 'string' && typeof id === 'number' && this.readsSchema(p, context, id);
      }
      case 'contexts':
        return typeof item === 'string' && (item === '.' || a.allowsInContext(p, 'read', item));
      case 'topics':
      case 'domains': {
        const name = field(item, 'name');
        return typeof name === 'string' && a.allows(p, 'read', { type: kind === 'topics' ? 'Topic' : 'Domain', name });
      }
      case 'catalog':
        return a.allows(p, 'read', CATALOG);
      case 'search': {
        const type = field(item, 'type');
        const key = field(item, 'key');
        if (typeof key !== 'string') return false;
        if (type === 'topic') return a.allows(p, 'read', { type: 'Topic', name: key });
        if (type === 'domain') return a.allows(p, 'read', { type: 'Domain', name: key });
        return a.allows(p, 'read', CATALOG);
      }
      case 'api-keys': {
        const own = p.kind === 'user' || p.kind === 'token' ? p.name : undefined;
        return (own !== undefined && field(item, 'owner') === own) || (p.kind === 'api-key' && field(item, 'id') === p.name);
      }
      case 'bindings': {
        const principal = field(item, 'principal');
        const resource = field(item, 'resource') as { type?: string; name?: string; patternType?: string } | undefined;
        if (typeof principal === 'string' && identitiesOf(p).includes(principal)) return true;
        if (!resource?.type) return false;
        const pattern = { type: resource.type, name: resource.name ?? '', pattern: resource.patternType ?? 'LITERAL' } as ResourcePattern;
        return a.allows(p, 'grant', patternTarget(pattern));
      }
    }
  }

  private async readsSchema(p: Principal, context: string, id: number): Promise<boolean> {
    if (this.authorizer.allowsAll(p, 'read', 'Subject', context)) return true;
    const subjects = await this.schemaSubjects.of(context, id);
    return subjects.some((s) => this.authorizer.allows(p, 'read', { type: 'Subject', context: s.context, name: s.name }));
  }
}
