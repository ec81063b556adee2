import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AclModule } from './acl/acl.module';
import { CatalogModule } from './catalog/catalog.module';
import { RegistryExceptionFilter } from './common/errors/registry-exception.filter';
import type { CharterConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { KafkaModule } from './kafka/kafka.module';
import { createJsonLogger, type JsonLogger } from './ops/logging/json-logger';
import { OpsModule } from './ops/ops.module';
import { RegistryModule } from './registry/registry.module';
import { StorageModule } from './storage/storage.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forRoot(config: CharterConfig, logger: JsonLogger = createJsonLogger(config)): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), StorageModule, RegistryModule, CatalogModule, AclModule, KafkaModule, WebModule, OpsModule.forRoot(logger)],
      providers: [{ provide: APP_FILTER, useClass: RegistryExceptionFilter }],
    };
  }
}
