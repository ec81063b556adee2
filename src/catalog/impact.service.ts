import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { CompatibilityLevel } from '../compatibility/compatibility-level';
import { SCHEMA_TYPES } from '../compatibility/schema-type';
import { CompatibilityService } from '../registry/compatibility.service';
import { ConfigService } from '../registry/config.service';
import { readMetadata } from '../registry/data-contracts';
import { RegistryCache } from '../registry/registry-cache.service';
import { SchemaParserService } from '../registry/schema-parser.service';
import { formatSubject, parseSubject, validateSubject } from '../registry/subject-name';
import { CatalogStore } from './catalog-store.service';
import { SCHEMA_RULE_KINDS } from './catalog.types';
import { parseBody, subjectName } from './dto/catalog-entries.dto';
import type { Violation } from './policies/policy-engine';
import { PolicyCheckService } from './policy-check.service';
import { SchemaFactsService } from './schema-facts.service';

export const impactInput = z
  .object({
    subject: subjectName,
    schema: z.string().min(1),
    schemaType: z.enum(SCHEMA_TYPES).optional(),
    references: z.array(z.object({ name: z.string(), subject: z.string(), version: z.number().int() }).strict()).optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .strict();

/** One direction of compatibility between the proposed schema and the subject's live versions. */
export interface DirectionVerdict {
  readonly compatible: boolean;
  readonly messages: readonly string[];
}

export interface ImpactedClient {
  readonly application: string;
  readonly team: string | null;
  readonly consumerGroup: string | null;
  /** Whether it fails to read records written with the proposed schema. */
  readonly breaks: boolean;
}

export interface ImpactedTopic {
  readonly topic: string;
  readonly role: 'key' | 'value';
  readonly event?: string;
  readonly domain: string;
  readonly ownerTeam: string | null;
  readonly lifecycle: string;
  readonly producers: readonly ImpactedClient[];
  readonly consumers: readonly ImpactedClient[];
}

export interface ImpactReport {
  readonly subject: string;
  readonly schemaType: string;
  readonly compatibilityLevel: CompatibilityLevel;
  /** Whether the registry would register it now (its compatibility check at the subject's level). */
  readonly registrable: boolean;
  readonly messages: readonly string[];
  /** Consumers still reading with the subject's live versions, reading records written with the new schema. */
  readonly forward: DirectionVerdict;
  /** Consumers that upgrade to the new schema, reading records already in the topic. */
  readonly backward: DirectionVerdict;
  /** Whether a consumer breaks. */
  readonly breaking: boolean;
  readonly topics: readonly ImpactedTopic[];
  readonly applications: readonly { name: string; team: string | null; roles: string[]; topics: string[]; breaks: boolean }[];
  readonly teams: readonly { name: string; applications: string[]; breaks: boolean }[];
  /** The catalogue's schema rules on the new schema, as registering it would run them. */
  readonly policyViolations: readonly Violation[];
}

/** "Who breaks if I ship this?": a proposed schema against a subject and everyone reading it. */
@Injectable()
export class ImpactService {
  constructor(
    private readonly store: CatalogStore,
    private readonly cache: RegistryCache,
    private readonly parser: SchemaParserService,
    private readonly configs: ConfigService,
    private readonly compatibility: CompatibilityService,
    private readonly facts: SchemaFactsService,
    private readonly policies: PolicyCheckService,
  ) {}

  async analyse(body: unknown): Promise<ImpactReport> {
    const input = parseBody(impactInput, body, 'impact request');
    const q = parseSubject(input.subject);
    validateSubject(q, input.subject);
    const subject = formatSubject(q);
    const candidate = await this.parser.parseRequest(q.context, { schema: input.schema, schemaType: input.schemaType, references: input.references });
    const metadata = readMetadata(input.metadata ?? null);
    const registryState = await this.cache.subject(q.context, q.name);
    const cfg = this.configs.effective(q);
    const atLevel = await this.compatibility.check(registryState, candidate, metadata, cfg);
    // Transitive: a consumer may still read with any live version, and a replay meets every one.
    const forward = await this.compatibility.check(registryState, candidate, metadata, cfg, undefined, 'FORWARD_TRANSITIVE');
    const backward = await this.compatibility.check(registryState, candidate, metadata, cfg, undefined, 'BACKWARD_TRANSITIVE');
    const breaks = !forward.compatible || !backward.compatible;

    const state = await this.store.current();
    const teamOf = (application: string) => state.get('application', application)?.ownerTeam ?? null;
    const topics: ImpactedTopic[] = state.bindingsOf(subject).flatMap((b) => {
      const topic = state.get('topic', b.topic);
      if (!topic) return [];
      const clients = state.all('client').filter((c) => c.topic === b.topic);
      const describe = (c: (typeof clients)[number], consumer: boolean): ImpactedClient => ({
        application: c.application,
        team: teamOf(c.application),
        consumerGroup: c.consumerGroup,
        breaks: consumer && breaks,
      });
      return [
        {
          topic: b.topic,
          role: b.role,
          ...(b.event ? { event: b.event } : {}),
          domain: topic.domain,
          ownerTeam: topic.ownerTeam,
          lifecycle: topic.lifecycle,
          producers: clients.filter((c) => c.role === 'producer').map((c) => describe(c, false)),
          consumers: clients.filter((c) => c.role === 'consumer').map((c) => describe(c, true)),
        },
      ];
    });

    const applications = new Map<string, { name: string; team: string | null; roles: Set<string>; topics: Set<string>; breaks: boolean }>();
    for (const t of topics) {
      for (const [role, list] of [['producer', t.producers], ['consumer', t.consumers]] as const) {
        for (const c of list) {
          const a = applications.get(c.application) ?? { name: c.application, team: c.team, roles: new Set(), topics: new Set(), breaks: false };
          a.roles.add(role);
          a.topics.add(t.topic);
          a.breaks ||= c.breaks;
          applications.set(c.application, a);
        }
      }
    }
    const teams = new Map<string, { name: string; applications: string[]; breaks: boolean }>();
    for (const a of applications.values()) {
      if (!a.team) continue;
      const team = teams.get(a.team) ?? { name: a.team, applications: [], breaks: false };
      team.applications.push(a.name);
      team.breaks ||= a.breaks;
      teams.set(a.team, team);
    }

    let policyViolations: Violation[] = [];
    if (topics.length) {
      const fields = this.facts.tagged(state, subject, this.facts.fieldsOf(candidate.schemaType, candidate.parsed, metadata));
      policyViolations = this.policies.forRegistration(state, subject, { subject, version: 'candidate', fields, level: cfg.level }, SCHEMA_RULE_KINDS);
    }
    return {
      subject,
      schemaType: candidate.schemaType,
      compatibilityLevel: cfg.level,
      registrable: atLevel.compatible,
      messages: atLevel.messages,
      forward: { compatible: forward.compatible, messages: forward.messages },
      backward: { compatible: backward.compatible, messages: backward.messages },
      breaking: topics.some((t) => t.consumers.some((c) => c.breaks)),
      topics,
      applications: [...applications.values()]
        .map((a) => ({ name: a.name, team: a.team, roles: [...a.roles].sort(), topics: [...a.topics].sort(), breaks: a.breaks }))
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
      teams: [...teams.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
      policyViolations,
    };
  }
}
