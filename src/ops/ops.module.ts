import { DynamicModule, Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { PgChangeRelay } from './cluster/pg-change-relay';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { GracefulShutdown } from './lifecycle/graceful-shutdown';
import { HttpFront } from './lifecycle/http-front';
import { JSON_LOGGER, type JsonLogger } from './logging/json-logger';
import { RequestLog } from './logging/request-log';
import { MetricsModule } from './metrics/metrics.module';
import { RequestObserver } from './request-observer';

/**
 * Running Charter in production: metrics (/metrics), health probes (/health/live, /health/ready),
 * JSON request logs with request ids, graceful shutdown, and cache coherence between nodes on
 * one PostgreSQL database. See README.md, "Operations".
 */
@Module({})
export class OpsModule {
  static forRoot(logger: JsonLogger): DynamicModule {
    return {
      module: OpsModule,
      imports: [MetricsModule, RegistryModule],
      controllers: [HealthController],
      providers: [
        { provide: JSON_LOGGER, useValue: logger },
        RequestLog,
        RequestObserver,
        HttpFront,
        HealthService,
        PgChangeRelay,
        GracefulShutdown,
      ],
      exports: [JSON_LOGGER, HttpFront, RequestObserver, GracefulShutdown, PgChangeRelay],
    };
  }
}
