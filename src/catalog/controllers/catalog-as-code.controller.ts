import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import YAML from 'yaml';
import { CurrentPrincipal, type Principal } from '../../acl/principal';
import { Errors } from '../../common/errors/registry-error';
import { CatalogAsCodeService, IMPORT_MODES, type ImportBody, type ImportMode } from '../catalog-as-code/catalog-as-code.service';
import { AsyncApiService, type ServerInfo } from '../catalog-as-code/asyncapi.service';

const YAML_TYPE = 'application/yaml; charset=utf-8';

@Controller('catalog')
export class CatalogAsCodeController {
  constructor(
    private readonly code: CatalogAsCodeService,
    private readonly asyncapi: AsyncApiService,
  ) {}

  @Get('export')
  @ApiTags('catalog: as code')
  @ApiOperation({
    summary: 'Export the catalogue as YAML',
    description:
      'One document per domain (kind: Domain) and one for global policies and field tags of unbound subjects (kind: Global). ' +
      'By default a YAML stream whose documents are headed `--- # <file>`; with layout=files, JSON {"files": {"<domain>.yaml": "<yaml>"}} to write into a repository.',
  })
  @ApiQuery({ name: 'domain', required: false })
  @ApiQuery({ name: 'layout', required: false, enum: ['stream', 'files'] })
  async export(@Res({ passthrough: true }) reply: FastifyReply, @Query('domain') domain?: string, @Query('layout') layout?: string) {
    if (layout === 'files') return { files: await this.code.exportFiles(domain) };
    if (layout !== undefined && layout !== 'stream') throw Errors.invalidCatalogEntry('layout must be stream or files');
    void reply.header('content-type', YAML_TYPE);
    return this.code.exportStream(domain);
  }

  @Post('import')
  @HttpCode(200)
  @ApiTags('catalog: as code')
  @ApiOperation({
    summary: 'Import YAML documents: validate, plan or apply',
    description:
      'Body: YAML (Content-Type: application/yaml) with one or more documents, or JSON {"files": {"<name>.yaml": "<yaml>"}}. ' +
      'Each domain named by a document becomes exactly what it says: entries it leaves out are deleted; other domains are untouched. ' +
      'validate checks the documents and the policies; plan also lists the create/update/delete operations; apply performs them in one transaction ' +
      '(a blocking policy violation answers 422 with every violation and changes nothing).',
  })
  @ApiQuery({ name: 'mode', required: false, enum: [...IMPORT_MODES] })
  @ApiBody({ schema: { type: 'string', description: 'YAML documents' } })
  import(@Body() body: ImportBody, @CurrentPrincipal() who: Principal, @Query('mode') mode = 'plan') {
    if (!IMPORT_MODES.includes(mode as ImportMode)) throw Errors.invalidCatalogEntry(`mode must be one of ${IMPORT_MODES.join(', ')}`);
    return this.code.import(body, mode as ImportMode, who);
  }

  @Get('asyncapi/domains/:domain')
  @ApiTags('catalog: as code')
  @ApiOperation({ summary: "AsyncAPI 3.0 document of a domain's topics, with Kafka bindings and schemas inline" })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'yaml'] })
  @ApiQuery({ name: 'server', required: false, description: 'Kafka bootstrap host:port to name in `servers` (default localhost:9092)' })
  async domain(@Param('domain') domain: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query('format') format?: string, @Query('server') server?: string) {
    return render(await this.asyncapi.forDomain(domain, serverInfo(req, server)), reply, format);
  }

  @Get('asyncapi/applications/:application')
  @ApiTags('catalog: as code')
  @ApiOperation({ summary: 'AsyncAPI 3.0 document of the topics an application produces to and consumes from' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'yaml'] })
  @ApiQuery({ name: 'server', required: false })
  async application(
    @Param('application') application: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('format') format?: string,
    @Query('server') server?: string,
  ) {
    return render(await this.asyncapi.forApplication(application, serverInfo(req, server)), reply, format);
  }
}

function serverInfo(req: FastifyRequest, server?: string): ServerInfo {
  return { host: server || 'localhost:9092', schemaRegistryUrl: `${req.protocol}://${req.headers.host ?? 'localhost:8081'}` };
}

function render(document: Record<string, unknown>, reply: FastifyReply, format = 'json'): unknown {
  if (format === 'json') return document;
  if (format !== 'yaml') throw Errors.invalidCatalogEntry('format must be json or yaml');
  void reply.header('content-type', YAML_TYPE);
  return YAML.stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}
