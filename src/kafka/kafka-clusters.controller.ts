import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { openApiSchema } from '../catalog/dto/openapi';
import { clusterInput } from './clusters/cluster-input';
import { ClustersService } from './clusters/clusters.service';
import { SchemaImportService } from './import/schema-import.service';
import { KafkaErrors } from './kafka-errors';
import { ScanService } from './scan/scan.service';

const clusterBody = { schema: openApiSchema(clusterInput) };

@ApiTags('kafka')
@Controller('kafka/clusters')
export class KafkaClustersController {
  constructor(
    private readonly clusters: ClustersService,
    private readonly scans: ScanService,
    private readonly imports: SchemaImportService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List Kafka clusters', description: 'Secrets are never returned: a password or TLS key shows as "****".' })
  list() {
    return this.clusters.list();
  }

  @Post()
  @ApiOperation({ summary: 'Add a Kafka cluster', description: 'Bootstrap servers, TLS (true, or PEM ca/cert/key), SASL (plain, scram-sha-256, scram-sha-512) and audit options.' })
  @ApiBody(clusterBody)
  create(@Body() body: unknown) {
    return this.clusters.create(body);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Read a Kafka cluster (secrets masked)' })
  get(@Param('name') name: string) {
    return this.clusters.get(name);
  }

  @Put(':name')
  @ApiOperation({ summary: 'Create or replace a Kafka cluster', description: 'A password or TLS key left out, or sent back as "****", keeps its stored value.' })
  @ApiBody(clusterBody)
  put(@Param('name') name: string, @Body() body: unknown) {
    return this.clusters.put(name, body);
  }

  @Delete(':name')
  @ApiOperation({ summary: 'Remove a Kafka cluster with its scans and findings' })
  async remove(@Param('name') name: string) {
    const removed = await this.clusters.remove(name);
    await this.scans.forget(name);
    return removed;
  }

  @Post(':name/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Connect to the cluster and describe it (proves the address and credentials)' })
  check(@Param('name') name: string) {
    return this.clusters.check(name);
  }

  @Post(':name/scan')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Scan the cluster now and audit it against the catalogue',
    description: 'Reads topics, configs, consumer groups with offsets and lag, and ACLs; stores the snapshot; opens new findings and resolves vanished ones.',
  })
  scan(@Param('name') name: string) {
    return this.scans.scan(name, 'manual');
  }

  @Get(':name/scans')
  @ApiOperation({ summary: 'Recent scans of the cluster, newest first (without snapshots)' })
  @ApiQuery({ name: 'limit', required: false })
  async listScans(@Param('name') name: string, @Query('limit') limit?: string) {
    await this.clusters.definition(name);
    const n = limit === undefined ? 20 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw KafkaErrors.invalidRequest('limit must be an integer from 1 to 1000');
    return this.scans.list(name, n);
  }

  @Get(':name/scans/:id')
  @ApiOperation({ summary: 'One scan with its snapshot (`latest`: the last successful one)' })
  getScan(@Param('name') name: string, @Param('id') id: string) {
    return this.scans.get(name, id);
  }

  @Post(':name/import-schemas')
  @HttpCode(200)
  @ApiOperation({
    summary: "Import a Confluent or Karapace registry from its _schemas topic",
    description: 'Every subject, version (with its id), soft and permanent delete, config, mode and context. Safe to run again: what is already there is left alone.',
  })
  @ApiQuery({ name: 'topic', required: false, description: 'The registry topic (default _schemas)' })
  importSchemas(@Param('name') name: string, @Query('topic') topic?: string) {
    const t = topic ?? '_schemas';
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(t)) throw KafkaErrors.invalidRequest('topic must be a Kafka topic name');
    return this.imports.importTopic(name, t);
  }
}
