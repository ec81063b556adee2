import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Errors } from '../common/errors/registry-error';
import {
  parseCompatibilityLevel,
  parseCompatibilityPolicy,
  type CompatibilityLevel,
  type CompatibilityPolicy,
} from '../compatibility/compatibility-level';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import { ConfigRepository, type ScopeKey } from './repositories/config.repository';
import { RegistryChanges } from './registry-changes';
import type { ConfigBody } from './registry.types';
import { DEFAULT_CONTEXT, type QualifiedSubject } from './subject-name';

/** The settings in force for one subject, after subject, context and global configs are merged. */
export interface EffectiveConfig {
  readonly level: CompatibilityLevel;
  readonly policy: CompatibilityPolicy;
  readonly normalize: boolean;
  readonly validateFields: boolean;
  readonly compatibilityGroup?: string;
  readonly defaultMetadata?: unknown;
  readonly overrideMetadata?: unknown;
  readonly defaultRuleSet?: unknown;
  readonly overrideRuleSet?: unknown;
}

const GLOBAL: ScopeKey = { context: '', subject: '' };
const keyOf = (k: ScopeKey) => `${k.context}\u0000${k.subject}`;

/** Fields of a PUT /config body and how each is checked. */
const BOOLEAN_FIELDS = ['normalize', 'validateFields', 'validateRules', 'validateNewSchemas'] as const;
const STRING_FIELDS = ['compatibilityGroup', 'alias', 'aliasForDeks'] as const;
const OBJECT_FIELDS = ['defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet'] as const;

/** Compatibility config per scope: global, context, subject. Held in memory, written through. */
@Injectable()
export class ConfigService implements OnModuleInit {
  private readonly logger = new Logger('Config');
  private configs = new Map<string, ConfigBody>();
  private readonly effectiveCache = new Map<string, EffectiveConfig>();
  /** Reloads may overlap (changes from other nodes arrive at any time): only the latest applies. */
  private reloads = 0;

  constructor(
    private readonly repository: ConfigRepository,
    private readonly changes: RegistryChanges,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {
    changes.subscribe((c) => {
      if (c.kind === 'config' || c.kind === 'all') {
        this.reload().catch((e) => this.logger.warn(`Could not reload configs: ${(e as Error).message}`));
      }
    });
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<void> {
    const reload = ++this.reloads;
    const rows = await this.repository.all();
    if (reload === this.reloads) {
      this.configs = new Map(rows.map((r) => [keyOf(r.key), r.body]));
      this.effectiveCache.clear();
    }
  }

  private scopeOf(q: QualifiedSubject | undefined): ScopeKey {
    if (!q) return GLOBAL;
    return { context: q.context, subject: q.name };
  }

  /** The config stored at exactly this scope, if any. */
  stored(q: QualifiedSubject | undefined): ConfigBody | undefined {
    return this.configs.get(keyOf(this.scopeOf(q)));
  }

  /** Subject, then context, then global, then the server default: merged field by field. */
  effective(q: QualifiedSubject): EffectiveConfig {
    // Asked on every lookup and registration: remembered until any config changes.
    const key = keyOf({ context: q.context, subject: q.name });
    const known = this.effectiveCache.get(key);
    if (known) return known;
    const computed = this.computeEffective(q);
    if (this.effectiveCache.size > 10_000) this.effectiveCache.clear();
    this.effectiveCache.set(key, computed);
    return computed;
  }

  private computeEffective(q: QualifiedSubject): EffectiveConfig {
    const merged: ConfigBody = {
      ...this.configs.get(keyOf(GLOBAL)),
      ...this.configs.get(keyOf({ context: q.context, subject: '' })),
      ...(q.name ? this.configs.get(keyOf({ context: q.context, subject: q.name })) : undefined),
    };
    return {
      level: parseCompatibilityLevel(merged.compatibilityLevel) ?? this.config.SCHEMA_COMPATIBILITY_LEVEL,
      policy: parseCompatibilityPolicy(merged.compatibilityPolicy) ?? 'STRICT',
      normalize: merged.normalize === true,
      validateFields: merged.validateFields === true,
      compatibilityGroup: typeof merged.compatibilityGroup === 'string' ? merged.compatibilityGroup : undefined,
      defaultMetadata: merged.defaultMetadata ?? undefined,
      overrideMetadata: merged.overrideMetadata ?? undefined,
      defaultRuleSet: merged.defaultRuleSet ?? undefined,
      overrideRuleSet: merged.overrideRuleSet ?? undefined,
    };
  }

  /** GET /config and GET /config/{s}: Confluent's Config entity. */
  get(q: QualifiedSubject | undefined, defaultToGlobal: boolean, rawSubject?: string): ConfigBody {
    if (!q || (q.context === DEFAULT_CONTEXT && !q.name)) {
      const body = this.stored(undefined) ?? {};
      return toEntity({ ...body, compatibilityLevel: body.compatibilityLevel ?? this.config.SCHEMA_COMPATIBILITY_LEVEL });
    }
    const own = this.stored(q);
    if (own && !defaultToGlobal) return toEntity(own);
    if (!defaultToGlobal) throw Errors.subjectConfigNotFound(rawSubject ?? q.name);
    const e = this.effective(q);
    const merged: ConfigBody = {
      ...this.configs.get(keyOf(GLOBAL)),
      ...this.configs.get(keyOf({ context: q.context, subject: '' })),
      ...own,
    };
    return toEntity({ ...merged, compatibilityLevel: e.level });
  }

  /** PUT /config[/{s}]: validates, merges into the stored config, answers with the request as Confluent does. */
  async put(q: QualifiedSubject | undefined, body: unknown): Promise<ConfigBody> {
    const update = validateUpdate(body);
    const scope = q && !(q.context === DEFAULT_CONTEXT && !q.name) ? this.scopeOf(q) : GLOBAL;
    // Merged with the stored config, not this node's copy, which another node may have changed.
    const next = await this.repository.merge(scope, update.stored);
    this.configs.set(keyOf(scope), next);
    this.effectiveCache.clear();
    this.changes.publish({ kind: 'config' });
    return update.echo;
  }

  /** DELETE /config[/{s}]: removes the scope's config and answers with what it was. */
  async remove(q: QualifiedSubject | undefined, rawSubject?: string): Promise<ConfigBody> {
    const scope = q && !(q.context === DEFAULT_CONTEXT && !q.name) ? this.scopeOf(q) : GLOBAL;
    const current = this.configs.get(keyOf(scope));
    if (!current) {
      if (scope === GLOBAL) return toEntity({ compatibilityLevel: this.config.SCHEMA_COMPATIBILITY_LEVEL });
      throw Errors.subjectNotFound(rawSubject ?? scope.subject);
    }
    await this.repository.remove(scope);
    this.configs.delete(keyOf(scope));
    this.effectiveCache.clear();
    this.changes.publish({ kind: 'config' });
    return toEntity(current);
  }

  /** Drops a subject's config when the subject is permanently deleted. */
  forget(q: QualifiedSubject): void {
    this.configs.delete(keyOf(this.scopeOf(q)));
    this.effectiveCache.clear();
  }
}

/** The Config entity in Confluent's field order, without empty fields. */
function toEntity(body: ConfigBody): ConfigBody {
  const out: ConfigBody = {};
  const order = [
    'alias', 'aliasForDeks', 'normalize', 'validateFields', 'validateRules', 'validateNewSchemas',
    'compatibilityLevel', 'compatibilityPolicy', 'compatibilityGroup',
    'defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet',
  ];
  for (const k of order) if (body[k] != null) out[k] = body[k];
  for (const [k, v] of Object.entries(body)) if (!(k in out) && v != null && !order.includes(k)) out[k] = v;
  return out;
}

/** Checks a ConfigUpdateRequest. `stored` maps stored field names to values (null clears). */
function validateUpdate(body: unknown): { stored: Record<string, unknown>; echo: ConfigBody } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw Errors.badRequest('Request body must be a JSON object such as {"compatibility": "BACKWARD"}');
  }
  const b = body as Record<string, unknown>;
  const stored: Record<string, unknown> = {};
  const echo: ConfigBody = {};
  const level = b.compatibility ?? b.compatibilityLevel;
  if (level !== undefined && level !== null) {
    const parsed = parseCompatibilityLevel(level);
    if (!parsed) throw Errors.invalidCompatibilityLevel();
    stored.compatibilityLevel = parsed;
    echo.compatibility = parsed;
  }
  if (b.compatibilityPolicy !== undefined && b.compatibilityPolicy !== null) {
    const policy = parseCompatibilityPolicy(b.compatibilityPolicy);
    if (!policy) throw Errors.invalidCompatibilityPolicy();
    stored.compatibilityPolicy = policy;
    echo.compatibilityPolicy = policy;
  }
  for (const f of BOOLEAN_FIELDS) {
    const v = b[f];
    if (v === undefined) continue;
    if (v !== null && typeof v !== 'boolean') throw Errors.badRequest(`Config field '${f}' must be true or false`);
    stored[f] = v;
    if (v !== null) echo[f] = v;
  }
  for (const f of STRING_FIELDS) {
    const v = b[f];
    if (v === undefined) continue;
    if (v !== null && typeof v !== 'string') throw Errors.badRequest(`Config field '${f}' must be a string`);
    stored[f] = v;
    if (v !== null) echo[f] = v;
  }
  for (const f of OBJECT_FIELDS) {
    const v = b[f];
    if (v === undefined) continue;
    if (v !== null && (typeof v !== 'object' || Array.isArray(v))) {
      if (f.endsWith('RuleSet')) throw Errors.invalidRuleSet(`Config field '${f}' must be a rule set object`);
      throw Errors.badRequest(`Config field '${f}' must be an object`);
    }
    stored[f] = v;
    if (v !== null) echo[f] = v;
  }
  return { stored, echo };
}
