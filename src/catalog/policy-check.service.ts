import { Injectable } from '@nestjs/common';
import { normalizeSubject, type CatalogState } from './catalog-state';
import type { Change, EntityMap, PolicyKind } from './catalog.types';
import { evaluatePolicies, type PolicyTargetRef, type SubjectFacts, type Violation } from './policies/policy-engine';
import { SchemaFactsService } from './schema-facts.service';

const JUDGED = new Set(['domain', 'team', 'application', 'topic', 'event']);

/** Runs the policy engine with the facts it needs from the registry. */
@Injectable()
export class PolicyCheckService {
  constructor(private readonly facts: SchemaFactsService) {}

  /**
   * The violations a write would leave: every policy judges the entries it creates or updates,
   * and the topics whose schema rules it touches (a topic's events, a subject's field tags).
   */
  async forChanges(after: CatalogState, changes: readonly Change[]): Promise<Violation[]> {
    const targets = new Map<string, PolicyTargetRef>();
    const add = (t: PolicyTargetRef) => targets.set(`${t.type}\u0000${t.key}`, t);
    for (const c of changes) {
      if (!c.after) continue;
      if (JUDGED.has(c.type)) add({ type: c.type, key: c.key });
      if (c.type === 'event') add({ type: 'topic', key: (c.after as EntityMap['event']).topic });
      if (c.type === 'field-tag') {
        for (const b of after.bindingsOf((c.after as EntityMap['field-tag']).subject)) add({ type: 'topic', key: b.topic });
      }
    }
    // A removed field tag can only matter to the topics of its subject.
    for (const c of changes) {
      if (c.type === 'field-tag' && !c.after && c.before) {
        for (const b of after.bindingsOf((c.before as EntityMap['field-tag']).subject)) add({ type: 'topic', key: b.topic });
      }
    }
    return this.evaluate(after, [...targets.values()]);
  }

  /** Every violation in the catalogue (the findings report). */
  async all(state: CatalogState, opts: { domain?: string } = {}): Promise<Violation[]> {
    const targets: PolicyTargetRef[] = [];
    for (const type of ['domain', 'team', 'application', 'topic', 'event'] as const) {
      for (const e of state.all(type)) {
        if (opts.domain && state.domainOf(type, e) !== opts.domain) continue;
        targets.push({ type, key: e.name });
      }
    }
    return this.evaluate(state, targets);
  }

  /** The schema rules for a schema about to be registered under `subject`, judged with `facts` for it. */
  forRegistration(state: CatalogState, subject: string, facts: SubjectFacts, kinds: readonly PolicyKind[]): Violation[] {
    const key = normalizeSubject(subject);
    const targets = [...new Set(state.bindingsOf(key).map((b) => b.topic))].map((topic) => ({ type: 'topic' as const, key: topic }));
    return evaluatePolicies({ state, targets, facts: new Map([[key, facts]]), kinds, subjects: new Set([key]) });
  }

  private async evaluate(state: CatalogState, targets: PolicyTargetRef[]): Promise<Violation[]> {
    const needsSchemas = state.all('policy').some((p) => p.enabled && (p.kind === 'pii-tagging' || p.kind === 'compatibility'));
    const subjects = new Set<string>();
    if (needsSchemas) {
      for (const t of targets) if (t.type === 'topic') state.subjectsOf(t.key).forEach((b) => subjects.add(b.subject));
    }
    const facts = await this.facts.factsFor(state, subjects);
    return evaluatePolicies({ state, targets, facts });
  }
}
