import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Errors, RegistryError } from '../common/errors/registry-error';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import { CompatibilityService } from './compatibility.service';
import { ConfigService } from './config.service';
import { mergeMetadata, mergeRuleSet, readMetadata, readRuleSet, sameJson } from './data-contracts';
import type { RegisterSchemaResponse, SchemaEntity } from './dto/schema.dto';
import { ModeService } from './mode.service';
import { RegistrationHooks, type RegistrationAttempt } from './registration-hooks';
import { RegistryCache, type SubjectState } from './registry-cache.service';
import { RegistryChanges } from './registry-changes';
import { REGISTRY_METRICS, type RegistryMetrics } from './registry-metrics';
import type { StoredSchema, StoredVersion } from './registry.types';
import { fingerprintOf, sameFingerprint, SchemaRepository } from './repositories/schema.repository';
import { registerResponse, schemaEntity } from './schema-entities';
import { schemaIdentity } from './schema-identity';
import { SchemaParserService, type CandidateSchema } from './schema-parser.service';
import { SubjectLocks } from './subject-locks';
import { formatSubject, parseSubject, validateSubject, type QualifiedSubject } from './subject-name';
import type { SchemaReference } from '../compatibility/schema-provider';

/** What a registration resolved to before it is written. */
interface Prepared {
  readonly candidate: CandidateSchema;
  readonly text: string;
  readonly references: readonly SchemaReference[];
  readonly metadata: unknown;
  readonly ruleSet: unknown;
  readonly md5: string;
  readonly guid: string;
}

type Decision = { existing: RegisterSchemaResponse } | { prepared: Prepared };

const MAX_ATTEMPTS = 20;

/**
 * POST /subjects/{s}/versions (register) and POST /subjects/{s} (look up by schema), with
 * Confluent's semantics: idempotent registration, ids shared by identical content within a
 * context, compatibility against live versions, IMPORT mode with explicit ids and versions.
 *
 * Concurrency: registrations of one subject queue on an in-process lock; across processes the
 * write transaction takes a PostgreSQL advisory lock and re-reads the subject, retrying when
 * another process got there first. Nothing is visible until the transaction commits.
 */
@Injectable()
export class RegistrationService {
  private readonly logger = new Logger('Registration');

  constructor(
    private readonly repository: SchemaRepository,
    private readonly cache: RegistryCache,
    private readonly parser: SchemaParserService,
    private readonly configs: ConfigService,
    private readonly modes: ModeService,
    private readonly compatibility: CompatibilityService,
    private readonly changes: RegistryChanges,
    private readonly hooks: RegistrationHooks,
    private readonly locks: SubjectLocks,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
    @Optional() @Inject(REGISTRY_METRICS) private readonly metrics?: RegistryMetrics,
  ) {}

  async register(rawSubject: string, body: unknown, opts: { normalize: boolean; force: boolean }): Promise<RegisterSchemaResponse> {
    try {
      return await this.registerVersion(rawSubject, body, opts);
    } catch (e) {
      const incompatible = e instanceof RegistryError && e.errorCode === this.config.INCOMPATIBLE_SCHEMA_ERROR_CODE;
      this.metrics?.registration(incompatible ? 'incompatible' : 'error');
      throw e;
    }
  }

  private async registerVersion(rawSubject: string, body: unknown, opts: { normalize: boolean; force: boolean }): Promise<RegisterSchemaResponse> {
    const q = parseSubject(rawSubject);
    validateSubject(q, rawSubject);
    const request = readBody(body);
    const explicitId = readOptionalInt(request.id, 'id');
    const explicitVersion = readOptionalInt(request.version, 'version');
    const importing = explicitId !== undefined && explicitId >= 0;

    const mode = this.modes.effective(q);
    const where = `Subject ${formatSubject(q)} in context ${q.context}`;
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw Errors.operationNotPermitted(`${where} is in read-only mode`);
    const importMode = mode === 'IMPORT' || mode === 'FORWARD';
    if (importing && !importMode) throw Errors.operationNotPermitted(`${where} is not in import mode`);
    if (!importing && mode !== 'READWRITE') throw Errors.operationNotPermitted(`${where} is not in read-write mode`);

    const cfg = this.configs.effective(q);
    const normalize = opts.normalize || cfg.normalize;
    const candidate = await this.parser.parseRequest(q.context, request);
    const requestMetadata = readMetadata(request.metadata);
    const requestRuleSet = readRuleSet(request.ruleSet);

    const attemptOf = (p: Prepared): RegistrationAttempt => ({
      subject: q,
      rawSubject,
      schemaType: p.candidate.schemaType,
      parsed: p.candidate.parsed,
      schema: p.text,
      metadata: p.metadata,
      ruleSet: p.ruleSet,
    });

    /** What to do given a subject's versions: answer with an identical version, or write `prepared`. */
    const decide = async (state: SubjectState): Promise<Decision> => {
      const prepared = this.prepare(state, candidate, normalize, requestMetadata, requestRuleSet, cfg);
      const existing = findIdentical(state, prepared.md5);
      if (existing) {
        const schema = state.schemas.get(existing.schemaId)!;
        if (importing && explicitId !== schema.id) {
          throw Errors.idMismatch(`The ID of an imported schema does not match the existing ID: imported ${explicitId}, existing ${schema.id}`);
        }
        return { existing: registerResponse(schema, existing.version) };
      }
      if (!importMode && !opts.force) {
        const result = await this.compatibility.check(state, candidate, prepared.metadata, cfg);
        if (!result.compatible) {
          throw Errors.incompatibleSchema(this.config.INCOMPATIBLE_SCHEMA_ERROR_CODE, formatSubject(q), [...result.messages]);
        }
      }
      await this.hooks.before(attemptOf(prepared));
      return { prepared };
    };

    return this.locks.run(q, async () => {
      for (let attempt = 1; ; attempt++) {
        const state = await this.cache.subject(q.context, q.name);
        const decision = await decide(state);
        if ('existing' in decision) {
          this.metrics?.registration('existing');
          return decision.existing;
        }
        try {
          const written = await this.write(q, state.versions, decision.prepared, decide, {
            explicitId: importing ? explicitId : undefined,
            explicitVersion,
            importMode,
          });
          if ('existing' in written) {
            this.metrics?.registration('existing');
            return written.existing;
          }
          this.changes.publish({ kind: 'subject', context: q.context, subject: q.name });
          if (!written.rebuilt) {
            this.cache.appendVersion(state, written.stored, written.schema);
          } else {
            this.cache.rememberSchema(written.schema);
          }
          await this.hooks.after(attemptOf(decision.prepared), { id: written.schema.id, version: written.version }, (e) =>
            this.logger.warn(`A registration hook failed after ${formatSubject(q)} version ${written.version}: ${(e as Error).message}`),
          );
          this.metrics?.registration('created');
          return registerResponse(written.schema, written.version);
        } catch (e) {
          // Two processes wrote the same new content at once: the loser retries and finds the winner's id.
          if (isUniqueViolation(e) && attempt < MAX_ATTEMPTS) {
            this.changes.publish({ kind: 'subject', context: q.context, subject: q.name });
            continue;
          }
          throw e;
        }
      }
    });
  }

  /**
   * POST /subjects/{s} as a ready JSON body. Serializers with auto-registration off send the same
   * bodies again and again: a found answer is kept with the subject's state (so any change to
   * the subject drops it) under the exact request text.
   */
  async lookupBody(rawSubject: string, rawBody: string | undefined, body: unknown, opts: { normalize: boolean; deleted: boolean }): Promise<Buffer> {
    const hit = rawBody === undefined ? undefined : this.peekLookup(rawSubject, rawBody, opts);
    if (hit) return hit;
    const q = parseSubject(rawSubject);
    const state = await this.cache.subject(q.context, q.name);
    const answer = Buffer.from(JSON.stringify(await this.lookup(rawSubject, body, opts, state)));
    if (rawBody !== undefined) state.memo.set(this.lookupKey(q, rawBody, opts), answer);
    return answer;
  }

  /** A remembered lookup answer, if this exact request was answered before for the current state. */
  peekLookup(rawSubject: string, rawBody: string, opts: { normalize: boolean; deleted: boolean }): Buffer | undefined {
    const q = parseSubject(rawSubject);
    const state = this.cache.peekSubject(q.context, q.name);
    return state?.memo.get(this.lookupKey(q, rawBody, opts)) as Buffer | undefined;
  }

  private lookupKey(q: QualifiedSubject, rawBody: string, opts: { normalize: boolean; deleted: boolean }): string {
    // The config can turn normalization on for the subject, so the effective flag is part of the key.
    const normalize = opts.normalize || this.configs.effective(q).normalize;
    return `lookup\u0000${normalize}\u0000${opts.deleted}\u0000${rawBody}`;
  }

  /** POST /subjects/{s}: the version of this subject holding this schema. */
  async lookup(
    rawSubject: string,
    body: unknown,
    opts: { normalize: boolean; deleted: boolean },
    known?: SubjectState,
  ): Promise<SchemaEntity> {
    const q = parseSubject(rawSubject);
    validateSubject(q, rawSubject);
    const request = readBody(body);
    const state = known ?? (await this.cache.subject(q.context, q.name));
    const candidates = opts.deleted ? state.versions : state.versions.filter((v) => !v.deleted);
    if (!candidates.length) throw Errors.subjectNotFound(rawSubject);
    const normalize = opts.normalize || this.configs.effective(q).normalize;
    const candidate = await this.parser.parseRequest(q.context, request);
    const text = this.parser.textOf(candidate, normalize);
    const references = normalize ? SchemaParserService.normalizeReferences(candidate.references) : candidate.references;
    const metadata = readMetadata(request.metadata);
    const ruleSet = readRuleSet(request.ruleSet);
    for (let i = candidates.length - 1; i >= 0; i--) {
      const v = candidates[i];
      const s = state.schemas.get(v.schemaId);
      if (!s || s.schemaType !== candidate.schemaType || s.schema !== text) continue;
      if (!sameJson(s.references, references)) continue;
      if (metadata != null && !sameJson(s.metadata, metadata)) continue;
      if (ruleSet != null && !sameJson(s.ruleSet, ruleSet)) continue;
      return schemaEntity(formatSubject(q), v.version, s, s.schema, v.deleted);
    }
    throw Errors.schemaNotFound();
  }

  private prepare(
    state: SubjectState,
    candidate: CandidateSchema,
    normalize: boolean,
    requestMetadata: unknown,
    requestRuleSet: unknown,
    cfg: ReturnType<ConfigService['effective']>,
  ): Prepared {
    const text = this.parser.textOf(candidate, normalize);
    const references = normalize ? SchemaParserService.normalizeReferences(candidate.references) : candidate.references;
    // Confluent carries metadata and rules forward from the latest version when a client sends
    // none, then applies the config's defaults beneath and overrides above.
    const latest = [...state.versions].reverse().find((v) => !v.deleted);
    const previous = latest ? state.schemas.get(latest.schemaId) : undefined;
    let metadata: unknown = requestMetadata ?? previous?.metadata ?? null;
    let ruleSet: unknown = requestRuleSet ?? previous?.ruleSet ?? null;
    metadata = mergeMetadata(mergeMetadata(cfg.defaultMetadata ?? null, metadata), cfg.overrideMetadata ?? null);
    ruleSet = mergeRuleSet(mergeRuleSet(cfg.defaultRuleSet ?? null, ruleSet), cfg.overrideRuleSet ?? null);
    if (ruleSet != null) readRuleSet(ruleSet);
    const { md5, guid } = schemaIdentity(text, references, metadata, ruleSet);
    return { candidate, text, references, metadata, ruleSet, md5, guid };
  }

  /**
   * Writes a decided registration in one transaction under the subject's lock. When another
   * process changed the subject since the decision (PostgreSQL with several nodes), the decision
   * is taken again inside the transaction against what is now committed.
   */
  private async write(
    q: QualifiedSubject,
    expected: readonly StoredVersion[],
    decided: Prepared,
    decide: (state: SubjectState) => Promise<Decision>,
    opts: { explicitId?: number; explicitVersion?: number; importMode: boolean },
  ): Promise<{ schema: StoredSchema; version: number; stored: StoredVersion; rebuilt: boolean } | { existing: RegisterSchemaResponse }> {
    if (this.repository.writesInOneStatement && opts.explicitId === undefined && !(opts.explicitVersion !== undefined && opts.explicitVersion > 0)) {
      const p = decided;
      const content = {
        context: q.context,
        guid: p.guid,
        schemaType: p.candidate.schemaType,
        schema: p.text,
        references: p.references,
        metadata: p.metadata,
        ruleSet: p.ruleSet,
        md5: p.md5,
      };
      const done = await this.repository.registerNewVersion(q.name, fingerprintOf(expected), { ...content, referenceTargets: p.candidate.targets });
      if (done) {
        // A schema found by md5 is read as stored (schemas never change once written).
        const schema = (!done.created && (await this.cache.schemaById(q.context, done.schemaId))) || { ...content, id: done.schemaId };
        const stored: StoredVersion = { context: q.context, subject: q.name, version: done.version, schemaId: done.schemaId, deleted: false, createdAt: new Date() };
        return { schema, version: done.version, stored, rebuilt: false };
      }
      // The subject changed since the decision: decide again in the full transaction below.
    }
    return this.repository.writeTransaction(async (tx) => {
      await this.repository.lockSubject(tx, q.context, q.name);
      // Reading a summary instead of every row keeps a write's cost flat as a subject's history grows.
      const unchanged = sameFingerprint(await this.repository.versionsFingerprint(tx, q.context, q.name), fingerprintOf(expected));
      const versions = unchanged ? expected : await this.repository.versions(tx, q.context, q.name);
      let p = decided;
      const rebuilt = !unchanged && !sameVersions(versions, expected);
      // SQLite has one process and every writer of a subject holds its lock, so the state cannot
      // have moved; deciding again here would also read through the storage gate this
      // transaction holds.
      if (rebuilt && tx.dialect === 'sqlite') throw new Error(`Subject ${formatSubject(q)} changed during its registration`);
      if (rebuilt) {
        const ids = [...new Set(versions.map((v) => v.schemaId))];
        const schemas = await this.repository.schemasByIds(tx, q.context, ids);
        const fresh: SubjectState = { versions, schemas, memo: new Map() };
        const again = await decide(fresh);
        if ('existing' in again) return again;
        p = again.prepared;
      }

      let schema = await this.repository.schemaByMd5(tx, q.context, p.md5);
      if (schema && opts.explicitId !== undefined && schema.id !== opts.explicitId) {
        throw Errors.idMismatch(`The ID of an imported schema does not match the existing ID: imported ${opts.explicitId}, existing ${schema.id}`);
      }
      if (!schema) {
        if (opts.explicitId !== undefined) {
          const taken = await this.repository.schemaById(tx, q.context, opts.explicitId);
          if (taken) {
            throw Errors.operationNotPermitted(`Overwrite new schema with id ${opts.explicitId} in context ${q.context} is not permitted.`);
          }
        }
        const id = await this.repository.allocateId(tx, q.context, opts.explicitId);
        schema = {
          context: q.context,
          id,
          guid: p.guid,
          schemaType: p.candidate.schemaType,
          schema: p.text,
          references: p.references,
          metadata: p.metadata,
          ruleSet: p.ruleSet,
          md5: p.md5,
        };
        await this.repository.insertSchema(tx, { ...schema, referenceTargets: p.candidate.targets });
      } else {
        await this.repository.ensureContext(tx, q.context);
      }

      const next = versions.length ? versions[versions.length - 1].version + 1 : 1;
      let version = next;
      if (opts.explicitVersion !== undefined && opts.explicitVersion > 0) {
        if (opts.importMode) {
          if (versions.some((v) => v.version === opts.explicitVersion)) {
            throw Errors.invalidSchema(`Version ${opts.explicitVersion} already exists in subject ${formatSubject(q)} with a different schema`);
          }
          version = opts.explicitVersion;
        } else if (opts.explicitVersion !== next) {
          throw Errors.invalidSchema('Version is not one more than previous version');
        }
      }
      await this.repository.insertVersion(tx, { context: q.context, subject: q.name, version, schemaId: schema.id });
      const stored: StoredVersion = { context: q.context, subject: q.name, version, schemaId: schema.id, deleted: false, createdAt: new Date() };
      return { schema, version, stored, rebuilt };
    });
  }

}

function readBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw Errors.invalidSchema('Request body must be a JSON object with a "schema" field');
  }
  return body as Record<string, unknown>;
}

function readOptionalInt(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw Errors.invalidSchema(`The field "${field}" must be an integer`);
  return n;
}

function findIdentical(state: SubjectState, md5: string): StoredVersion | undefined {
  for (let i = state.versions.length - 1; i >= 0; i--) {
    const v = state.versions[i];
    if (!v.deleted && state.schemas.get(v.schemaId)?.md5 === md5) return v;
  }
  return undefined;
}

function sameVersions(a: readonly StoredVersion[], b: readonly StoredVersion[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].version !== b[i].version || a[i].deleted !== b[i].deleted || a[i].schemaId !== b[i].schemaId) return false;
  }
  return true;
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'P2002' || /unique constraint/i.test(err?.message ?? '');
}

