import { Module } from '@nestjs/common';
import { SchemaProviders } from '../compatibility/schema-providers';
import { createSchemaProviders } from '../compatibility/providers';
import { CompatibilityService } from './compatibility.service';
import { ConfigService } from './config.service';
import { ContextService } from './context.service';
import { CompatibilityController } from './controllers/compatibility.controller';
import { ConfigController } from './controllers/config.controller';
import { ContextsController } from './controllers/contexts.controller';
import { ModeController } from './controllers/mode.controller';
import { RootController } from './controllers/root.controller';
import { SchemasController } from './controllers/schemas.controller';
import { SubjectVersionsController } from './controllers/subject-versions.controller';
import { SubjectsController } from './controllers/subjects.controller';
import { FastLane } from './fast-lane';
import { MetadataService } from './metadata.service';
import { ModeService } from './mode.service';
import { RegistrationHooks } from './registration-hooks';
import { RegistrationService } from './registration.service';
import { RegistryCache } from './registry-cache.service';
import { RegistryChanges } from './registry-changes';
import { ConfigRepository } from './repositories/config.repository';
import { ModeRepository } from './repositories/mode.repository';
import { SchemaRepository } from './repositories/schema.repository';
import { SchemaFormatService } from './schema-format.service';
import { SchemaParserService } from './schema-parser.service';
import { SchemaReadService } from './schema-read.service';
import { SubjectLocks } from './subject-locks';
import { SubjectService } from './subject.service';

@Module({
  controllers: [
    RootController,
    SchemasController,
    SubjectsController,
    SubjectVersionsController,
    CompatibilityController,
    ConfigController,
    ModeController,
    ContextsController,
  ],
  providers: [
    { provide: SchemaProviders, useFactory: createSchemaProviders },
    SchemaRepository,
    ConfigRepository,
    ModeRepository,
    RegistryChanges,
    RegistryCache,
    SchemaParserService,
    SchemaFormatService,
    ConfigService,
    ModeService,
    CompatibilityService,
    RegistrationService,
    RegistrationHooks,
    SubjectLocks,
    SubjectService,
    SchemaReadService,
    ContextService,
    MetadataService,
    FastLane,
  ],
  exports: [
    FastLane,
    SchemaProviders,
    RegistrationHooks,
    SchemaFormatService,
    RegistryChanges,
    RegistryCache,
    SchemaParserService,
    SchemaReadService,
    SubjectService,
    RegistrationService,
    CompatibilityService,
    ConfigService,
    ModeService,
    SchemaRepository,
  ],
})
export class RegistryModule {}
