import { Injectable, Logger } from '@nestjs/common';
import { Errors } from '../common/errors/registry-error';
import type { RegistrationAttempt, RegistrationHook } from '../registry/registration-hooks';
import { formatSubject } from '../registry/subject-name';
import { CatalogStore } from './catalog-store.service';
import { SCHEMA_RULE_KINDS } from './catalog.types';
import { describeViolations } from './policies/policy-engine';
import { PolicyCheckService } from './policy-check.service';
import { SchemaFactsService } from './schema-facts.service';

/**
 * Runs the catalogue's schema rules when a new version is registered under a subject bound to a
 * topic: a blocking violation refuses it with 42201 (the registry's own answer to a schema it
 * will not take), a warning is logged and lets it through. Subjects no topic is bound to cost
 * one set lookup.
 */
@Injectable()
export class CatalogRegistrationHook implements RegistrationHook {
  private readonly logger = new Logger('Catalog');

  constructor(
    private readonly store: CatalogStore,
    private readonly facts: SchemaFactsService,
    private readonly policies: PolicyCheckService,
  ) {}

  async beforeRegister(attempt: RegistrationAttempt): Promise<void> {
    const subject = formatSubject(attempt.subject);
    if (!this.store.isBound(subject)) return;
    // From memory: the hook may run inside the registry's write transaction, and on SQLite a
    // query from there would wait for that transaction's own storage gate.
    const state = this.store.cached;
    if (!state.all('policy').some((p) => p.enabled && SCHEMA_RULE_KINDS.includes(p.kind))) return;
    const fields = this.facts.tagged(state, subject, this.facts.fieldsOf(attempt.schemaType, attempt.parsed, attempt.metadata));
    const violations = this.policies.forRegistration(
      state,
      subject,
      { subject, version: 'candidate', fields, level: this.facts.level(subject) },
      SCHEMA_RULE_KINDS,
    );
    const blocking = violations.filter((v) => v.severity === 'block');
    if (blocking.length) {
      throw Errors.invalidSchema(
        `Schema for subject "${subject}" breaks the catalogue's policies for topic(s) ` +
          `${[...new Set(blocking.map((v) => v.entity.key))].join(', ')}: ${describeViolations(blocking)}`,
      );
    }
    if (violations.length) this.logger.warn(`Registered under ${subject} with policy warnings: ${describeViolations(violations)}`);
  }
}
