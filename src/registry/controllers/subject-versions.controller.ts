import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { flag } from '../query-params';
import { RegistrationService } from '../registration.service';
import { SubjectService } from '../subject.service';

@ApiTags('registry: subjects')
@Controller('subjects/:subject/versions')
export class SubjectVersionsController {
  constructor(
    private readonly subjects: SubjectService,
    private readonly registration: RegistrationService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Version numbers of a subject' })
  list(@Param('subject') subject: string, @Query() q: Record<string, string>) {
    return this.subjects.listVersions(subject, {
      deleted: flag(q.deleted),
      deletedOnly: flag(q.deletedOnly),
      deletedAsNegative: flag(q.deletedAsNegative),
      offset: q.offset,
      limit: q.limit,
    });
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Register a schema under a subject' })
  register(@Param('subject') subject: string, @Body() body: unknown, @Query() q: Record<string, string>) {
    return this.registration.register(subject, body, { normalize: flag(q.normalize), force: flag(q.force) });
  }

  @Get(':version')
  @ApiOperation({ summary: 'A version of a subject (a number, latest or -1)' })
  get(@Param('subject') subject: string, @Param('version') version: string, @Query() q: Record<string, string>) {
    return this.subjects.versionBody(subject, version, { deleted: flag(q.deleted), format: q.format });
  }

  @Get(':version/schema')
  @ApiOperation({ summary: 'The schema text of a version' })
  raw(@Param('subject') subject: string, @Param('version') version: string, @Query() q: Record<string, string>) {
    return this.subjects.getRawSchema(subject, version, { deleted: flag(q.deleted), format: q.format });
  }

  @Get(':version/referencedby')
  @ApiOperation({ summary: 'Ids of schemas that reference this version' })
  referencedBy(@Param('subject') subject: string, @Param('version') version: string, @Query() q: Record<string, string>) {
    return this.subjects.referencedBy(subject, version, { deleted: flag(q.deleted), offset: q.offset, limit: q.limit });
  }

  @Delete(':version')
  @ApiOperation({ summary: 'Delete a version (soft, or permanent after a soft delete)' })
  remove(@Param('subject') subject: string, @Param('version') version: string, @Query('permanent') permanent?: string) {
    return this.subjects.deleteVersion(subject, version, { permanent: flag(permanent) });
  }
}
