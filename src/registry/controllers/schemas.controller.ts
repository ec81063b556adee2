import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { flag } from '../query-params';
import { SchemaReadService } from '../schema-read.service';

@ApiTags('registry: schemas')
@Controller('schemas')
export class SchemasController {
  constructor(private readonly schemas: SchemaReadService) {}

  @Get()
  @ApiOperation({ summary: 'Subject versions with their schemas, paged (max 1,000)' })
  list(@Query() q: Record<string, string>) {
    return this.schemas.list({
      subjectPrefix: q.subjectPrefix,
      deleted: flag(q.deleted),
      latestOnly: flag(q.latestOnly),
      offset: q.offset,
      limit: q.limit,
    });
  }

  @Get('types')
  @ApiOperation({ summary: 'Schema types this registry accepts' })
  types() {
    return ['JSON', 'PROTOBUF', 'AVRO'];
  }

  @Get('ids/:id')
  @ApiOperation({ summary: 'A schema by its id' })
  byId(@Param('id') id: string, @Query() q: Record<string, string>) {
    return this.schemas.byIdBody(id, { subject: q.subject, format: q.format, fetchMaxId: flag(q.fetchMaxId) });
  }

  @Get('ids/:id/schema')
  @ApiOperation({ summary: 'The text of a schema by its id' })
  rawById(@Param('id') id: string, @Query() q: Record<string, string>) {
    return this.schemas.rawById(id, { subject: q.subject, format: q.format });
  }

  @Get('ids/:id/subjects')
  @ApiOperation({ summary: 'Subjects that registered a schema id' })
  subjects(@Param('id') id: string, @Query() q: Record<string, string>) {
    return this.schemas.subjectsOf(id, { subject: q.subject, deleted: flag(q.deleted), offset: q.offset, limit: q.limit });
  }

  @Get('ids/:id/versions')
  @ApiOperation({ summary: 'Subject versions that registered a schema id' })
  versions(@Param('id') id: string, @Query() q: Record<string, string>) {
    return this.schemas.versionsOf(id, { subject: q.subject, deleted: flag(q.deleted), offset: q.offset, limit: q.limit });
  }

  @Get('guids/:guid')
  @ApiOperation({ summary: 'A schema by its GUID' })
  byGuid(@Param('guid') guid: string, @Query('format') format?: string) {
    return this.schemas.byGuid(guid, format);
  }

  @Get('guids/:guid/ids')
  @ApiOperation({ summary: 'The (context, id) pairs of a GUID' })
  idsOfGuid(@Param('guid') guid: string) {
    return this.schemas.idsOfGuid(guid);
  }
}
