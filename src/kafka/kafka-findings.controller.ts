import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FINDING_KINDS } from './audit/finding';
import { FindingsService } from './findings/findings.service';

@ApiTags('kafka')
@Controller('kafka/findings')
export class KafkaFindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Get()
  @ApiOperation({ summary: "The ownership audit's findings, newest first", description: 'Open ones unless `status` says otherwise.' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'resolved', 'all'] })
  @ApiQuery({ name: 'kind', required: false, enum: [...FINDING_KINDS] })
  @ApiQuery({ name: 'topic', required: false })
  @ApiQuery({ name: 'cluster', required: false })
  @ApiQuery({ name: 'team', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'before', required: false, description: 'Only findings with smaller ids (the next page)' })
  list(
    @Query('status') status?: string,
    @Query('kind') kind?: string,
    @Query('topic') topic?: string,
    @Query('cluster') cluster?: string,
    @Query('team') team?: string,
    @Query('limit') limit?: string,
    @Query('before') before?: string,
  ) {
    return this.findings.list({ status, kind, topic, cluster, team, limit, before });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One finding with its history' })
  get(@Param('id') id: string) {
    return this.findings.get(id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: "A finding's history: opened, changed, resolved, reopened, scan by scan" })
  history(@Param('id') id: string) {
    return this.findings.history(id);
  }
}
