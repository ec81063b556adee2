import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import { flag } from '../registry/query-params';
import { SchemaReadService } from '../registry/schema-read.service';
import { ListFilters } from './list-filters';

/** GET /schemas answers at most this many versions at a time (Confluent's cap). */
const SCHEMAS_PAGE = 1000;

/**
 * Narrows list answers to what the principal may read, when AccessHooks marked the request for
 * it (a principal that sees everything gets the handler's answer untouched).
 */
@Injectable()
export class ListFilterInterceptor implements NestInterceptor {
  constructor(
    private readonly filters: ListFilters,
    private readonly schemas: SchemaReadService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const filter = req.access?.filter;
    const principal = req.principal;
    if (!filter || !principal) return next.handle();
    const params = (req.params ?? {}) as Record<string, string | undefined>;
    return next.handle().pipe(
      mergeMap((answer) =>
        from(
          (async () => {
            // GET /schemas stops at 1,000 versions; filtering must see all of them before paging.
            const list = req.routeOptions.url === '/schemas' && Array.isArray(answer) && answer.length >= SCHEMAS_PAGE ? await this.allSchemas(req) : answer;
            return this.filters.apply(filter.kind, list, principal, { params, page: filter.page });
          })(),
        ),
      ),
    );
  }

  private async allSchemas(req: FastifyRequest): Promise<unknown[]> {
    const q = (req.query ?? {}) as Record<string, string>;
    const all: unknown[] = [];
    for (let offset = 0; ; offset += SCHEMAS_PAGE) {
      const batch = await this.schemas.list({
        subjectPrefix: q.subjectPrefix,
        deleted: flag(q.deleted),
        latestOnly: flag(q.latestOnly),
        offset,
        limit: SCHEMAS_PAGE,
      });
      all.push(...batch);
      if (batch.length < SCHEMAS_PAGE) return all;
    }
  }
}
