import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../../acl/principal';
import { fieldTagInput } from '../dto/catalog-entries.dto';
import { openApiSchema } from '../dto/openapi';
import { FieldTagsService } from '../field-tags.service';

@ApiTags('catalog: field tags')
@Controller('catalog/field-tags')
export class FieldTagsController {
  constructor(private readonly fieldTags: FieldTagsService) {}

  @Get()
  @ApiOperation({ summary: 'Tags given to schema fields in the catalogue' })
  @ApiQuery({ name: 'subject', required: false })
  list(@Query('subject') subject?: string) {
    return this.fieldTags.list(subject);
  }

  @Get(':subject')
  @ApiOperation({
    summary: "A subject's fields with their tags",
    description: 'Fields of the latest version, each with its schema tags (confluent:tags, Protobuf field_meta), metadata tags, catalogue tags and all of them together.',
  })
  ofSubject(@Param('subject') subject: string) {
    return this.fieldTags.ofSubject(subject);
  }

  @Put(':subject')
  @ApiOperation({ summary: "Set the catalogue's tags of one field", description: 'An empty list removes them. Policies judge the topics the subject is bound to.' })
  @ApiBody({ schema: openApiSchema(fieldTagInput) })
  put(@Param('subject') subject: string, @Body() body: unknown, @CurrentPrincipal() who: Principal) {
    return this.fieldTags.put(subject, body, who);
  }

  @Delete(':subject')
  @ApiOperation({ summary: "Remove the catalogue's tags of one field" })
  @ApiQuery({ name: 'path', required: true })
  remove(@Param('subject') subject: string, @Query('path') path: string | undefined, @CurrentPrincipal() who: Principal) {
    return this.fieldTags.remove(subject, path, who);
  }
}
