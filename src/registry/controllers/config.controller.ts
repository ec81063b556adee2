import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfigService } from '../config.service';
import { ModeService } from '../mode.service';
import { flag } from '../query-params';
import { parseSubject } from '../subject-name';

@ApiTags('registry: config')
@Controller('config')
export class ConfigController {
  constructor(
    private readonly configs: ConfigService,
    private readonly modes: ModeService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Global compatibility config' })
  getGlobal() {
    return this.configs.get(undefined, true);
  }

  @Put()
  @ApiOperation({ summary: 'Set the global compatibility config' })
  putGlobal(@Body() body: unknown) {
    return this.configs.put(undefined, body);
  }

  @Delete()
  @ApiOperation({ summary: 'Reset the global compatibility config' })
  deleteGlobal() {
    return this.configs.remove(undefined);
  }

  @Get(':subject')
  @ApiOperation({ summary: "A subject's (or context's) compatibility config" })
  get(@Param('subject') subject: string, @Query('defaultToGlobal') defaultToGlobal?: string) {
    return this.configs.get(parseSubject(subject), flag(defaultToGlobal), subject);
  }

  @Put(':subject')
  @ApiOperation({ summary: "Set a subject's (or context's) compatibility config" })
  put(@Param('subject') subject: string, @Body() body: unknown) {
    const q = parseSubject(subject);
    if (q.name) this.modes.assertWritable(q);
    return this.configs.put(q, body);
  }

  @Delete(':subject')
  @ApiOperation({ summary: "Remove a subject's (or context's) compatibility config" })
  remove(@Param('subject') subject: string) {
    return this.configs.remove(parseSubject(subject), subject);
  }
}
