import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MetadataService } from '../metadata.service';

@ApiTags('registry: server')
@Controller()
export class RootController {
  constructor(private readonly metadata: MetadataService) {}

  @Get('/v1/metadata/id')
  @ApiOperation({ summary: 'Cluster ids of this registry' })
  id() {
    return this.metadata.clusterId();
  }

  @Get('/v1/metadata/version')
  @ApiOperation({ summary: 'Version of this registry' })
  version() {
    return this.metadata.version();
  }

  @Get('/')
  @ApiOperation({ summary: 'Liveness, as Confluent answers it: {}' })
  root() {
    return {};
  }

  @Post('/')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness, as Confluent answers it' })
  rootPost() {
    return {};
  }
}
