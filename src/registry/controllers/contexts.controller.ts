import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContextService } from '../context.service';

@ApiTags('registry: contexts')
@Controller('contexts')
export class ContextsController {
  constructor(private readonly contexts: ContextService) {}

  @Get()
  @ApiOperation({ summary: 'Contexts, the default one first' })
  list(@Query() q: Record<string, string>) {
    return this.contexts.list({ contextPrefix: q.contextPrefix, offset: q.offset, limit: q.limit });
  }

  @Delete(':context')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an empty context' })
  async remove(@Param('context') context: string): Promise<void> {
    await this.contexts.remove(context);
  }
}
