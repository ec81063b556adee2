import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { RegistrationHooks } from '../registry/registration-hooks';
import { RegistryModule } from '../registry/registry.module';
import { AsyncApiService } from './catalog-as-code/asyncapi.service';
import { CatalogAsCodeService } from './catalog-as-code/catalog-as-code.service';
import { CatalogEntriesService } from './catalog-entries.service';
import { CatalogRegistrationHook } from './catalog-registration.hook';
import { CatalogStore } from './catalog-store.service';
import { CatalogWriterService } from './catalog-writer.service';
import { ApplicationsController } from './controllers/applications.controller';
import { CatalogAsCodeController } from './controllers/catalog-as-code.controller';
import { DomainsController } from './controllers/domains.controller';
import { EventsController } from './controllers/events.controller';
import { FieldTagsController } from './controllers/field-tags.controller';
import { InsightsController } from './controllers/insights.controller';
import { PoliciesController } from './controllers/policies.controller';
import { TeamsController } from './controllers/teams.controller';
import { TopicsController } from './controllers/topics.controller';
import { FieldTagsService } from './field-tags.service';
import { FindingsService } from './findings.service';
import { HistoryService } from './history.service';
import { ImpactService } from './impact.service';
import { PolicyCheckService } from './policy-check.service';
import { CatalogRepository } from './repositories/catalog.repository';
import { SchemaFactsService } from './schema-facts.service';
import { SearchService } from './search.service';

/** Media types POST /catalog/import reads as YAML text. */
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** The event catalogue under /catalog: entries, policies, impact, search, history, catalogue as code. */
@Module({
  imports: [RegistryModule],
  controllers: [
    DomainsController,
    TeamsController,
    ApplicationsController,
    TopicsController,
    EventsController,
    PoliciesController,
    FieldTagsController,
    InsightsController,
    CatalogAsCodeController,
  ],
  providers: [
    CatalogRepository,
    CatalogStore,
    SchemaFactsService,
    PolicyCheckService,
    CatalogWriterService,
    CatalogEntriesService,
    FieldTagsService,
    CatalogRegistrationHook,
    SearchService,
    FindingsService,
    HistoryService,
    ImpactService,
    CatalogAsCodeService,
    AsyncApiService,
  ],
})
export class CatalogModule implements OnModuleInit {
  constructor(
    private readonly hooks: RegistrationHooks,
    private readonly registrationHook: CatalogRegistrationHook,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.hooks.add(this.registrationHook);
    // POST /catalog/import takes YAML as it is kept in git; the registry reads only JSON.
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.hasContentTypeParser('application/yaml')) {
      fastify.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));
    }
  }
}
