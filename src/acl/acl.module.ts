import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import { FastLane } from '../registry/fast-lane';
import { RegistryModule } from '../registry/registry.module';
import { AccessHooks } from './access-hooks';
import { AccessGuard } from './access.guard';
import { SignInOptionsService } from './sign-in-options.service';
import { AclAdminService } from './acl-admin.service';
import { AclStore } from './acl-store.service';
import { AuditLogService } from './audit-log.service';
import { AuthenticationService } from './authentication.service';
import { AllowAllAuthorizer, AUTHORIZER, RbacAuthorizer } from './authorizer';
import { AccessController } from './controllers/access.controller';
import { ApiKeysController } from './controllers/api-keys.controller';
import { AuditController } from './controllers/audit.controller';
import { RoleBindingsController } from './controllers/role-bindings.controller';
import { UsersController } from './controllers/users.controller';
import { ListFilterInterceptor } from './list-filter.interceptor';
import { ListFilters } from './list-filters';
import { AclRepository } from './repositories/acl.repository';
import { AuditRepository } from './repositories/audit.repository';
import { ResourceResolver } from './resource-resolver';
import { SchemaSubjects } from './schema-subjects';

/**
 * Access: authentication (passwords, API keys, OpenID Connect tokens), role-based authorization
 * of every route (route-permissions.ts), the audit log, and the API that manages them.
 */
@Module({
  imports: [RegistryModule],
  controllers: [AccessController, UsersController, ApiKeysController, RoleBindingsController, AuditController],
  providers: [
    AclRepository,
    AuditRepository,
    AclStore,
    AuthenticationService,
    AuditLogService,
    SchemaSubjects,
    ResourceResolver,
    ListFilters,
    AccessHooks,
    AclAdminService,
    SignInOptionsService,
    {
      provide: AUTHORIZER,
      inject: [CHARTER_CONFIG, AclStore],
      useFactory: (config: CharterConfig, store: AclStore) =>
        config.AUTH_ENABLED ? new RbacAuthorizer(() => store.bindings) : new AllowAllAuthorizer(),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: ListFilterInterceptor },
  ],
  exports: [AccessHooks, AuditLogService, AUTHORIZER],
})
export class AclModule implements OnModuleInit {
  constructor(
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
    private readonly store: AclStore,
    private readonly admin: AclAdminService,
    private readonly hooks: AccessHooks,
    private readonly fastLane: FastLane,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.start();
    await this.admin.bootstrap();
    // Cached reads skip Fastify and Nest: they are served only to principals allowed from memory.
    if (this.config.AUTH_ENABLED) this.fastLane.addGuard(this.hooks.fastLaneGuard);
  }
}
