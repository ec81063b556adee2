import { Global, Module } from '@nestjs/common';
import { REGISTRY_METRICS } from '../../registry/registry-metrics';
import { RegistryModule } from '../../registry/registry.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Metrics, global so that the registry finds its optional REGISTRY_METRICS sink without
 * depending on this folder, and so the catalogue can inject MetricsService (policy findings).
 */
@Global()
@Module({
  imports: [RegistryModule],
  controllers: [MetricsController],
  providers: [MetricsService, { provide: REGISTRY_METRICS, useExisting: MetricsService }],
  exports: [MetricsService, REGISTRY_METRICS],
})
export class MetricsModule {}
