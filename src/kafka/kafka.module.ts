import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { CatalogAccess } from './catalog-access';
import { ClusterRepository } from './clusters/cluster.repository';
import { ClustersService } from './clusters/clusters.service';
import { GovernanceEvents } from './events/governance-events.service';
import { GovernanceFeeds } from './events/governance-feeds';
import { FindingRepository } from './findings/finding.repository';
import { FindingsService } from './findings/findings.service';
import { SchemaImportService } from './import/schema-import.service';
import { KafkaClustersController } from './kafka-clusters.controller';
import { KafkaFindingsController } from './kafka-findings.controller';
import { ProgressRepository } from './progress.repository';
import { ScanRepository } from './scan/scan.repository';
import { ScanService } from './scan/scan.service';

/**
 * Kafka under /kafka: cluster connections, scans and the ownership audit (catalogue vs ACLs vs
 * what the cluster shows), findings with history, import from a `_schemas` topic, and
 * governance events (CloudEvents) published to a topic.
 */
@Module({
  imports: [RegistryModule],
  controllers: [KafkaClustersController, KafkaFindingsController],
  providers: [
    ClusterRepository,
    ClustersService,
    ProgressRepository,
    ScanRepository,
    FindingRepository,
    FindingsService,
    CatalogAccess,
    GovernanceEvents,
    GovernanceFeeds,
    ScanService,
    SchemaImportService,
  ],
})
export class KafkaModule {}
