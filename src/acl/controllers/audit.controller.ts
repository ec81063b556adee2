import { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditLogService } from '../audit-log.service';
import { auditQueryInput, parseAclBody } from '../dto/acl.dto';

const FILTERS = ['principal', 'action', 'resource', 'outcome', 'from', 'to'] as const;

@ApiTags('access: audit')
@Controller('acl/audit')
export class AuditController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  @ApiOperation({
    summary: 'Audit records, newest first',
    description: '`action` and `resource` match as prefixes; `from` and `to` are ISO 8601 times. Page with `before=<next>`.',
  })
  @ApiQuery({ name: 'principal', required: false, example: 'User:alice' })
  @ApiQuery({ name: 'action', required: false, example: 'schema.register' })
  @ApiQuery({ name: 'resource', required: false, example: 'Subject:orders-' })
  @ApiQuery({ name: 'outcome', required: false, enum: ['allowed', 'denied', 'error'] })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'before', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async list(@Query() query: Record<string, string>) {
    const q = parseAclBody(auditQueryInput, query, 'audit query');
    const records = await this.audit.query({ ...pick(q), beforeSeq: q.before, order: 'desc', limit: q.limit });
    return { records: records.map((r) => this.audit.toView(r)), next: records.length === q.limit ? records[records.length - 1].seq : null };
  }

  @Get('export')
  @ApiOperation({ summary: 'Audit records as CloudEvents 1.0, one JSON object per line, oldest first', description: 'Same filters as the list; `after=<seq>` resumes.' })
  export(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const q = parseAclBody(auditQueryInput, query, 'audit query');
    const audit = this.audit;
    void reply.header('content-type', 'application/x-ndjson; charset=utf-8');
    return Readable.from(
      (async function* () {
        for await (const r of audit.scan({ ...pick(q), afterSeq: q.after })) yield `${JSON.stringify(audit.toCloudEvent(r))}\n`;
      })(),
    );
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the hash chain: reports the first record changed, removed or out of order' })
  verify() {
    return this.audit.verify();
  }
}

function pick(q: Partial<Record<(typeof FILTERS)[number], string>>) {
  return Object.fromEntries(FILTERS.filter((k) => q[k] !== undefined).map((k) => [k, q[k]]));
}
