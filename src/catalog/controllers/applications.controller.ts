import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { entryController } from './entry-controller.factory';

@ApiTags('catalog: applications')
@Controller('catalog/applications')
export class ApplicationsController extends entryController('application') {
  @Get(':name/topics')
  @ApiOperation({ summary: 'The topics an application produces to and consumes from' })
  topics(@Param('name') name: string) {
    return this.entries.clientsOf(name);
  }
}
