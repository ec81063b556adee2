import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ModeService } from '../mode.service';
import { flag } from '../query-params';
import { parseSubject } from '../subject-name';

@ApiTags('registry: mode')
@Controller('mode')
export class ModeController {
  constructor(private readonly modes: ModeService) {}

  @Get()
  @ApiOperation({ summary: 'Global mode' })
  getGlobal() {
    return this.modes.get(undefined, true);
  }

  @Put()
  @ApiOperation({ summary: 'Set the global mode (IMPORT needs force=true when subjects exist)' })
  putGlobal(@Body() body: unknown, @Query('force') force?: string) {
    return this.modes.put(undefined, body, flag(force));
  }

  @Delete()
  @ApiOperation({ summary: 'Reset the global mode' })
  deleteGlobal(@Query('recursive') recursive?: string) {
    return this.modes.remove(undefined, flag(recursive));
  }

  @Get(':subject')
  @ApiOperation({ summary: "A subject's (or context's) mode" })
  get(@Param('subject') subject: string, @Query('defaultToGlobal') defaultToGlobal?: string) {
    return this.modes.get(parseSubject(subject), flag(defaultToGlobal), subject);
  }

  @Put(':subject')
  @ApiOperation({ summary: "Set a subject's (or context's) mode" })
  put(@Param('subject') subject: string, @Body() body: unknown, @Query('force') force?: string) {
    return this.modes.put(parseSubject(subject), body, flag(force));
  }

  @Delete(':subject')
  @ApiOperation({ summary: "Remove a subject's (or context's) mode" })
  remove(@Param('subject') subject: string, @Query('recursive') recursive?: string) {
    return this.modes.remove(parseSubject(subject), flag(recursive), subject);
  }
}
