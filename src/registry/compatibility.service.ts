import { Inject, Injectable, Optional } from '@nestjs/common';
import { Errors, RegistryError } from '../common/errors/registry-error';
import { checkCompatibility, type CompatibilityResult, type PreviousVersion } from '../compatibility/compatibility-checker';
import type { CompatibilityLevel } from '../compatibility/compatibility-level';
import { ConfigService, type EffectiveConfig } from './config.service';
import { metadataProperty, readMetadata } from './data-contracts';
import { RegistryCache, type SubjectState } from './registry-cache.service';
import { REGISTRY_METRICS, type RegistryMetrics } from './registry-metrics';
import { SchemaParserService, type CandidateSchema } from './schema-parser.service';
import { parseSubject, validateSubject, type QualifiedSubject } from './subject-name';
import { LATEST, parseVersionId } from './version-id';

export interface CompatibilityAnswer {
  is_compatible: boolean;
  messages?: string[];
}

/** Checks a candidate against a subject's versions with the subject's level: the check register runs too. */
@Injectable()
export class CompatibilityService {
  constructor(
    private readonly cache: RegistryCache,
    private readonly parser: SchemaParserService,
    private readonly configs: ConfigService,
    @Optional() @Inject(REGISTRY_METRICS) private readonly metrics?: RegistryMetrics,
  ) {}

  /**
   * The check itself: `state`'s live versions (newest first, filtered by compatibilityGroup)
   * against the candidate at `level` (the subject's by default).
   */
  async check(
    state: SubjectState,
    candidate: CandidateSchema,
    candidateMetadata: unknown,
    cfg: EffectiveConfig,
    only?: number,
    level: CompatibilityLevel = cfg.level,
  ): Promise<CompatibilityResult> {
    let live = state.versions.filter((v) => !v.deleted);
    if (only !== undefined) live = live.filter((v) => v.version === only);
    if (cfg.compatibilityGroup) {
      const group = metadataProperty(candidateMetadata, cfg.compatibilityGroup);
      live = live.filter((v) => metadataProperty(state.schemas.get(v.schemaId)?.metadata, cfg.compatibilityGroup!) === group);
    }
    if (level === 'NONE' || !live.length) return this.counted({ compatible: true, failures: [], messages: [] });
    const newestFirst = [...live].reverse();
    const targets = level.endsWith('_TRANSITIVE') || only !== undefined ? newestFirst : newestFirst.slice(0, 1);
    const previous: PreviousVersion[] = [];
    for (const v of targets) {
      const stored = state.schemas.get(v.schemaId);
      if (!stored) continue;
      const parsed = stored.schemaType === candidate.schemaType ? await this.parser.parseStored(stored) : undefined;
      previous.push({ version: v.version, schemaType: stored.schemaType, text: stored.schema, schema: () => parsed! });
    }
    return this.counted(
      checkCompatibility(
        { level, policy: cfg.policy, candidate: candidate.parsed, previous, validateFields: cfg.validateFields },
        (t) => this.parser.providers.get(t),
      ),
    );
  }

  private counted(result: CompatibilityResult): CompatibilityResult {
    this.metrics?.compatibilityCheck(result.compatible ? 'compatible' : 'incompatible');
    return result;
  }

  /** POST /compatibility/subjects/{s}/versions[/{v}]. */
  async checkRequest(
    rawSubject: string,
    rawVersion: string | undefined,
    body: unknown,
    opts: { verbose: boolean },
  ): Promise<CompatibilityAnswer> {
    const q: QualifiedSubject = parseSubject(rawSubject);
    validateSubject(q, rawSubject);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw Errors.invalidSchema('Request body must be a JSON object with a "schema"');
    const version = rawVersion === undefined ? undefined : parseVersionId(rawVersion);
    const cfg = this.configs.effective(q);
    let candidate: CandidateSchema;
    try {
      candidate = await this.parser.parseRequest(q.context, body as Record<string, unknown>);
    } catch (e) {
      if (opts.verbose && e instanceof RegistryError && e.errorCode === 42201) return { is_compatible: false, messages: [e.message] };
      throw e;
    }
    const state = await this.cache.subject(q.context, q.name);
    let only: number | undefined;
    if (version !== undefined) {
      const live = state.versions.filter((v) => !v.deleted);
      if (version === LATEST) {
        if (!live.length) return { is_compatible: true, ...(opts.verbose ? { messages: [] } : {}) };
        only = live[live.length - 1].version;
      } else {
        if (!state.versions.length) throw Errors.subjectNotFound(rawSubject);
        if (!live.some((v) => v.version === version)) throw Errors.versionNotFound(version);
        only = version;
      }
    }
    const metadata = readMetadata((body as Record<string, unknown>).metadata);
    const result = await this.check(state, candidate, metadata, cfg, only);
    return opts.verbose ? { is_compatible: result.compatible, messages: [...result.messages] } : { is_compatible: result.compatible };
  }
}
