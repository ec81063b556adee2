import { Inject, Injectable } from '@nestjs/common';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';

import { packageInfo } from '../common/package-info';

const pkg = packageInfo();

/** /v1/metadata/*: who this registry is. */
@Injectable()
export class MetadataService {
  constructor(@Inject(CHARTER_CONFIG) private readonly config: CharterConfig) {}

  clusterId() {
    return {
      id: '',
      scope: { path: [], clusters: { 'kafka-cluster': this.config.CLUSTER_ID, 'schema-registry-cluster': 'charter' } },
    };
  }

  version() {
    return { version: pkg.version, commitId: process.env.CHARTER_COMMIT ?? '' };
  }
}
