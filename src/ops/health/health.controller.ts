import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService, type Readiness } from './health.service';

/** Probes for orchestrators and balancers. Confluent's own `GET /` keeps answering `{}`. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Liveness: 200 while the process answers' })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Readiness: 200 once migrations are applied and the database answers, 503 otherwise and while stopping' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ready' | 'unavailable' } & Pick<Readiness, 'checks'>> {
    const r = await this.health.readiness();
    void reply.code(r.ready ? 200 : 503);
    return { status: r.ready ? 'ready' : 'unavailable', checks: r.checks };
  }
}
