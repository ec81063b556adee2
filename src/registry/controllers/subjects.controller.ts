import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { flag, list } from '../query-params';
import { RegistrationService } from '../registration.service';
import { SubjectService } from '../subject.service';

@ApiTags('registry: subjects')
@Controller('subjects')
export class SubjectsController {
  constructor(
    private readonly subjects: SubjectService,
    private readonly registration: RegistrationService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Subjects, by prefix and deletion state, paged' })
  list(@Query() q: Record<string, string>) {
    return this.subjects.listSubjects({
      subjectPrefix: q.subjectPrefix,
      deleted: flag(q.deleted),
      deletedOnly: flag(q.deletedOnly),
      offset: q.offset,
      limit: q.limit,
    });
  }

  @Post(':subject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Find the version of a subject that holds a schema' })
  lookup(@Param('subject') subject: string, @Body() body: unknown, @Query() q: Record<string, string>, @Req() req: FastifyRequest) {
    return this.registration.lookupBody(subject, req.rawBodyText, body, { normalize: flag(q.normalize), deleted: flag(q.deleted) });
  }

  @Delete(':subject')
  @ApiOperation({ summary: 'Delete a subject (soft, or permanent after a soft delete)' })
  remove(@Param('subject') subject: string, @Query('permanent') permanent?: string) {
    return this.subjects.deleteSubject(subject, { permanent: flag(permanent) });
  }

  @Get(':subject/metadata')
  @ApiOperation({ summary: 'The latest version whose metadata properties match' })
  metadata(@Param('subject') subject: string, @Query() q: Record<string, string | string[]>) {
    return this.subjects.latestWithMetadata(subject, list(q.key), list(q.value), {
      deleted: flag(q.deleted),
      format: typeof q.format === 'string' ? q.format : undefined,
    });
  }
}
