import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Errors } from '../../common/errors/registry-error';
import { CatalogEntriesService } from '../catalog-entries.service';
import { ENTITY_TYPES, type EntityType } from '../catalog.types';
import { openApiSchema } from '../dto/openapi';
import { FindingsService } from '../findings.service';
import { HistoryService } from '../history.service';
import { ImpactService, impactInput } from '../impact.service';
import { SearchService } from '../search.service';

/** Reads across the whole catalogue: search, findings, history, every producer and consumer, and impact. */
@Controller('catalog')
export class InsightsController {
  constructor(
    private readonly searches: SearchService,
    private readonly findings: FindingsService,
    private readonly history: HistoryService,
    private readonly impact: ImpactService,
    private readonly entries: CatalogEntriesService,
  ) {}

  @Get('clients')
  @ApiTags('catalog: topics')
  @ApiOperation({
    summary: 'Every producer and consumer binding, of every topic',
    description: 'What the lineage graph is drawn from, in one answer: `{topic, application, role, consumerGroup}` each.',
  })
  clients() {
    return this.entries.allClients();
  }

  @Get('search')
  @ApiTags('catalog: search')
  @ApiOperation({
    summary: 'Full-text search',
    description: 'Over names, descriptions, tags (topic and field tags) and the field names of the schemas bound to topics and events. Every word must match the start of a word of the entry.',
  })
  @ApiQuery({ name: 'q', required: true })
  @ApiQuery({ name: 'type', required: false, description: 'Comma-separated entry types: domain, team, application, topic, event' })
  @ApiQuery({ name: 'domain', required: false })
  @ApiQuery({ name: 'limit', required: false })
  search(@Query('q') q?: string, @Query('type') type?: string, @Query('domain') domain?: string, @Query('limit') limit?: string) {
    if (!q || !q.trim()) throw Errors.invalidCatalogEntry('Give the words to search for with ?q=');
    const types = type ? type.split(',').map((t) => t.trim()) : undefined;
    const unknown = types?.filter((t) => !ENTITY_TYPES.includes(t as EntityType));
    if (unknown?.length) throw Errors.invalidCatalogEntry(`Unknown entry type(s): ${unknown.join(', ')}`);
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw Errors.invalidCatalogEntry('limit must be an integer from 1 to 1000');
    return this.searches.search(q, { types: types as EntityType[] | undefined, domain, limit: n });
  }

  @Get('findings')
  @ApiTags('catalog: policies')
  @ApiOperation({ summary: 'Every policy violation in the catalogue', description: 'All enabled policies judged against every entry, schema rules against the latest version of each bound subject.' })
  @ApiQuery({ name: 'domain', required: false })
  @ApiQuery({ name: 'severity', required: false, enum: ['warn', 'block'] })
  @ApiQuery({ name: 'policy', required: false })
  report(@Query('domain') domain?: string, @Query('severity') severity?: string, @Query('policy') policy?: string) {
    return this.findings.report({ domain, severity, policy });
  }

  @Get('history')
  @ApiTags('catalog: history')
  @ApiOperation({ summary: 'Who changed what, when', description: 'Every catalogue write, newest first, with the entry before and after. Page with ?before=<id>.' })
  @ApiQuery({ name: 'type', required: false, enum: [...ENTITY_TYPES] })
  @ApiQuery({ name: 'key', required: false })
  @ApiQuery({ name: 'principal', required: false })
  @ApiQuery({ name: 'before', required: false })
  @ApiQuery({ name: 'limit', required: false })
  changes(
    @Query('type') type?: string,
    @Query('key') key?: string,
    @Query('principal') principal?: string,
    @Query('before') before?: string,
    @Query('limit') limit?: string,
  ) {
    return this.history.list({ type, key, principal, before, limit });
  }

  @Post('impact')
  @HttpCode(200)
  @ApiTags('catalog: impact')
  @ApiOperation({
    summary: 'Who breaks if I ship this schema?',
    description:
      'Checks a proposed schema against the subject (as registering it would, and in both directions transitively) and lists the topics bound to the subject with their producers, consumers and teams.',
  })
  @ApiBody({ schema: openApiSchema(impactInput) })
  analyse(@Body() body: unknown) {
    return this.impact.analyse(body);
  }
}
