import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors/registry-error';
import type { Principal } from '../acl/principal';
import { checkIntegrity } from './catalog-integrity';
import { CatalogStore } from './catalog-store.service';
import type { CatalogState } from './catalog-state';
import type { Change } from './catalog.types';
import { blocks, type Violation } from './policies/policy-engine';
import { PolicyCheckService } from './policy-check.service';

const MAX_ATTEMPTS = 10;

/** The changes a write decided on, and what they would leave. */
export interface PlannedWrite {
  readonly changes: readonly Change[];
  readonly before: CatalogState;
  readonly after: CatalogState;
  readonly violations: readonly Violation[];
}

/** A write that went through: the state it left and the warnings it raised. */
export interface WriteResult<R> {
  readonly result: R;
  readonly changes: readonly Change[];
  readonly warnings: readonly Violation[];
  readonly state: CatalogState;
}

/**
 * Every catalogue write goes through here: the changes are decided on the current state,
 * checked on the state they would leave (references, then policies), and only then written,
 * with their history, in one transaction. A refused write writes nothing.
 */
@Injectable()
export class CatalogWriterService {
  constructor(
    private readonly store: CatalogStore,
    private readonly policies: PolicyCheckService,
  ) {}

  /**
   * Decides the changes with `decide` (which may throw, e.g. 404 or 409), checks and writes
   * them. `decide` runs again if another process wrote in between.
   */
  async write<R>(
    decide: (state: CatalogState) => { changes: Change[]; result: (after: CatalogState) => R },
    who: Principal,
  ): Promise<WriteResult<R>> {
    return this.store.exclusive(async () => {
      for (let attempt = 1; ; attempt++) {
        const before = await this.store.current();
        const decision = decide(before);
        const planned = await this.plan(before, decision.changes);
        if (blocks(planned.violations)) {
          const blocking = planned.violations.filter((v) => v.severity === 'block');
          throw Errors.policyViolation(
            `The change breaks ${blocking.length} blocking polic${blocking.length === 1 ? 'y' : 'ies'}: ` +
              blocking.map((v) => `${v.policy} (${v.message})`).join('; '),
            planned.violations,
          );
        }
        if (!planned.changes.length) return { result: decision.result(before), changes: [], warnings: planned.violations, state: before };
        const state = await this.store.commit(before, planned.changes, who.name);
        if (state) return { result: decision.result(state), changes: planned.changes, warnings: planned.violations, state };
        if (attempt >= MAX_ATTEMPTS) throw Errors.storeError('the catalogue kept changing during the write; try again');
      }
    });
  }

  /**
   * What `changes` would leave, checked: unknown references give 422 (42281), deleting an entry
   * still in use gives 409 (40981); policy violations are returned, not thrown.
   */
  async plan(before: CatalogState, changes: readonly Change[]): Promise<PlannedWrite> {
    const after = before.with(changes);
    const integrity = checkIntegrity(before, after, changes);
    if (integrity.invalid.length) {
      throw Errors.invalidCatalogEntry(
        integrity.invalid.join('; '),
        integrity.invalid.map((message) => ({ message })),
      );
    }
    if (integrity.inUse.length) throw Errors.catalogEntryInUse(integrity.inUse.join('; '));
    const violations = await this.policies.forChanges(after, changes);
    return { changes, before, after, violations };
  }
}
