import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../../acl/principal';
import { Errors } from '../../common/errors/registry-error';
import type { ClientRole } from '../catalog.types';
import { clientInput, topicClassificationInput } from '../dto/catalog-entries.dto';
import { openApiSchema } from '../dto/openapi';
import { entryController } from './entry-controller.factory';

/** `producers` / `consumers` in URLs. */
const ROLES: Record<string, ClientRole> = { producers: 'producer', consumers: 'consumer' };
const roleOf = (plural: string): ClientRole => {
  const role = ROLES[plural];
  if (!role) throw Errors.notFound();
  return role;
};

@ApiTags('catalog: topics')
@Controller('catalog/topics')
export class TopicsController extends entryController('topic') {
  @Get(':name/subjects')
  @ApiOperation({ summary: "The subjects a topic's keys and values (and its events) are written with" })
  subjects(@Param('name') name: string) {
    return this.entries.subjectsOf(name);
  }

  @Put(':name/classification')
  @ApiOperation({
    summary: "Change a topic's classification and free tags",
    description: 'The data steward\'s write: needs the tag action on the topic (DataSteward, ResourceOwner), not write. Leave a field out to keep it.',
  })
  @ApiBody({ schema: openApiSchema(topicClassificationInput) })
  classify(@Param('name') name: string, @Body() body: unknown, @CurrentPrincipal() who: Principal) {
    return this.entries.classify(name, body, who);
  }

  @Get(':name/:role')
  @ApiOperation({ summary: 'The applications producing to, or consuming from, a topic' })
  @ApiParam({ name: 'role', enum: ['producers', 'consumers'] })
  clients(@Param('name') name: string, @Param('role') role: string) {
    return this.entries.clients(name, roleOf(role));
  }

  @Put(':name/:role/:application')
  @ApiOperation({ summary: 'Declare that an application produces to, or consumes from, a topic', description: 'Consumers may name one of the application\'s consumer groups.' })
  @ApiParam({ name: 'role', enum: ['producers', 'consumers'] })
  @ApiBody({ schema: openApiSchema(clientInput), required: false })
  putClient(
    @Param('name') name: string,
    @Param('role') role: string,
    @Param('application') application: string,
    @Body() body: unknown,
    @CurrentPrincipal() who: Principal,
  ) {
    return this.entries.putClient(name, roleOf(role), application, body, who);
  }

  @Delete(':name/:role/:application')
  @ApiOperation({ summary: 'Remove a producer or consumer of a topic' })
  @ApiParam({ name: 'role', enum: ['producers', 'consumers'] })
  removeClient(@Param('name') name: string, @Param('role') role: string, @Param('application') application: string, @CurrentPrincipal() who: Principal) {
    return this.entries.removeClient(name, roleOf(role), application, who);
  }
}
