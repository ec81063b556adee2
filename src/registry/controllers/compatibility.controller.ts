import { Body, Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CompatibilityService } from '../compatibility.service';
import { flag } from '../query-params';

@ApiTags('registry: compatibility')
@Controller('compatibility/subjects/:subject/versions')
export class CompatibilityController {
  constructor(private readonly compatibility: CompatibilityService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "Check a schema against a subject's versions at the subject's level" })
  all(@Param('subject') subject: string, @Body() body: unknown, @Query() q: Record<string, string>) {
    return this.compatibility.checkRequest(subject, undefined, body, { verbose: flag(q.verbose) });
  }

  @Post(':version')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a schema against one version (a number, latest or -1)' })
  one(@Param('subject') subject: string, @Param('version') version: string, @Body() body: unknown, @Query() q: Record<string, string>) {
    return this.compatibility.checkRequest(subject, version, body, { verbose: flag(q.verbose) });
  }
}
