import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors/registry-error';
import { CatalogStore } from './catalog-store.service';
import { SEVERITIES, type Severity } from './catalog.types';
import type { Violation } from './policies/policy-engine';
import { PolicyCheckService } from './policy-check.service';

/** The findings report: every policy judged against every entry, on demand. */
export interface FindingsReport {
  readonly revision: number;
  readonly counts: Readonly<Record<Severity, number>>;
  readonly findings: readonly Violation[];
}

@Injectable()
export class FindingsService {
  constructor(
    private readonly store: CatalogStore,
    private readonly policies: PolicyCheckService,
  ) {}

  async report(query: { domain?: string; severity?: string; policy?: string }): Promise<FindingsReport> {
    if (query.severity !== undefined && !SEVERITIES.includes(query.severity as Severity)) {
      throw Errors.invalidCatalogEntry(`severity must be one of ${SEVERITIES.join(', ')}`);
    }
    const state = await this.store.current();
    let findings = await this.policies.all(state, { domain: query.domain });
    if (query.severity) findings = findings.filter((f) => f.severity === query.severity);
    if (query.policy) findings = findings.filter((f) => f.policy === query.policy);
    return {
      revision: state.revision,
      counts: { warn: findings.filter((f) => f.severity === 'warn').length, block: findings.filter((f) => f.severity === 'block').length },
      findings,
    };
  }
}
