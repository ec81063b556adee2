import { Body, Delete, Get, Inject, Param, Post, Put, Query, type Type } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../../acl/principal';
import { CatalogEntriesService } from '../catalog-entries.service';
import { ENTITY_LABELS } from '../catalog-state';
import { ENTRY_INPUTS, type NamedEntityType } from '../dto/catalog-entries.dto';
import { openApiSchema } from '../dto/openapi';

/** The routes every named entry type has. */
export interface EntryRoutes {
  readonly entries: CatalogEntriesService;
  list(domain?: string): Promise<unknown>;
  get(name: string): Promise<unknown>;
  create(body: unknown, who: Principal): Promise<unknown>;
  update(name: string, body: unknown, who: Principal): Promise<unknown>;
  remove(name: string, who: Principal): Promise<unknown>;
}

/**
 * The five routes of an entry type (list, read, create, replace, delete), written once: each
 * resource controller extends the class this returns under its own @Controller path.
 */
export function entryController(type: NamedEntityType): Type<EntryRoutes> {
  const label = ENTITY_LABELS[type].toLowerCase();
  const body = openApiSchema(ENTRY_INPUTS[type]);

  class EntryController implements EntryRoutes {
    // Explicit: a class without a class decorator carries no constructor metadata for Nest.
    constructor(@Inject(CatalogEntriesService) readonly entries: CatalogEntriesService) {}

    @Get()
    @ApiOperation({ summary: `List ${label}s`, description: 'Ordered by name.' })
    @ApiQuery({ name: 'domain', required: false, description: 'Only entries of this domain' })
    list(@Query('domain') domain?: string) {
      return this.entries.list(type, { domain });
    }

    @Get(':name')
    @ApiOperation({ summary: `Read a ${label}` })
    get(@Param('name') name: string) {
      return this.entries.get(type, name);
    }

    @Post()
    @ApiOperation({
      summary: `Create a ${label}`,
      description: 'Policies judge the new entry first: a blocking violation answers 422 (42280) with every violation and writes nothing; warnings come back in `warnings`.',
    })
    @ApiBody({ schema: body })
    create(@Body() input: unknown, @CurrentPrincipal() who: Principal) {
      return this.entries.create(type, input, who);
    }

    @Put(':name')
    @ApiOperation({ summary: `Replace a ${label}`, description: 'The whole entry; omitted fields take their defaults. Policies judge it as on create.' })
    @ApiBody({ schema: body })
    update(@Param('name') name: string, @Body() input: unknown, @CurrentPrincipal() who: Principal) {
      return this.entries.update(type, name, input, who);
    }

    @Delete(':name')
    @ApiOperation({ summary: `Delete a ${label}`, description: 'Refused with 409 (40981) while other entries name it.' })
    remove(@Param('name') name: string, @CurrentPrincipal() who: Principal) {
      return this.entries.remove(type, name, who);
    }
  }
  return EntryController;
}
