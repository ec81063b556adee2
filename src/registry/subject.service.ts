import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors/registry-error';
import { ConfigService } from './config.service';
import type { SchemaEntity } from './dto/schema.dto';
import { ModeService } from './mode.service';
import { applyPage, page } from './query-params';
import { RegistryCache, type SubjectState } from './registry-cache.service';
import { RegistryChanges } from './registry-changes';
import type { StoredVersion } from './registry.types';
import { SchemaRepository } from './repositories/schema.repository';
import { ConfigRepository } from './repositories/config.repository';
import { ModeRepository } from './repositories/mode.repository';
import { schemaEntity } from './schema-entities';
import { SchemaFormatService } from './schema-format.service';
import { SubjectLocks } from './subject-locks';
import { formatSubject, parseSubject, parseSubjectPrefix, validateSubject, type QualifiedSubject } from './subject-name';
import { LATEST, parseVersionId } from './version-id';

const versionKey = (rawVersion: string, deleted: boolean) => `version\u0000${rawVersion.toLowerCase()}\u0000${deleted}`;

/** Subjects and their versions: listing, reading, deleting (soft and permanent). */
@Injectable()
export class SubjectService {
  constructor(
    private readonly repository: SchemaRepository,
    private readonly configRepository: ConfigRepository,
    private readonly modeRepository: ModeRepository,
    private readonly cache: RegistryCache,
    private readonly configs: ConfigService,
    private readonly modes: ModeService,
    private readonly changes: RegistryChanges,
    private readonly formats: SchemaFormatService,
    private readonly locks: SubjectLocks,
  ) {}

  /** GET /subjects. */
  async listSubjects(opts: { subjectPrefix?: string; deleted: boolean; deletedOnly: boolean; offset?: unknown; limit?: unknown }): Promise<string[]> {
    const p = page(opts.offset, opts.limit);
    const prefix = parseSubjectPrefix(opts.subjectPrefix);
    const versions = await this.repository.read((db) =>
      this.repository.versionsWhere(db, { context: prefix.context, subjectPrefix: prefix.prefix || undefined }),
    );
    const bySubject = new Map<string, { context: string; subject: string; live: boolean; deleted: boolean }>();
    for (const v of versions) {
      const key = `${v.context}\u0000${v.subject}`;
      const e = bySubject.get(key) ?? { context: v.context, subject: v.subject, live: false, deleted: false };
      if (v.deleted) e.deleted = true;
      else e.live = true;
      bySubject.set(key, e);
    }
    const names: string[] = [];
    for (const e of bySubject.values()) {
      const include = opts.deletedOnly ? e.deleted && !e.live : opts.deleted ? true : e.live;
      if (include) names.push(formatSubject({ context: e.context, name: e.subject }));
    }
    names.sort();
    return applyPage(names, p);
  }

  /** GET /subjects/{s}/versions. */
  async listVersions(
    rawSubject: string,
    opts: { deleted: boolean; deletedOnly: boolean; deletedAsNegative: boolean; offset?: unknown; limit?: unknown },
  ): Promise<number[]> {
    const q = this.subject(rawSubject);
    const p = page(opts.offset, opts.limit);
    const state = await this.cache.subject(q.context, q.name);
    const chosen = state.versions.filter((v) => (opts.deletedOnly ? v.deleted : opts.deleted || opts.deletedAsNegative || !v.deleted));
    if (!chosen.length && !(opts.deletedOnly && state.versions.length)) throw Errors.subjectNotFound(rawSubject);
    return applyPage(
      chosen.map((v) => (opts.deletedAsNegative && v.deleted ? -v.version : v.version)),
      p,
    );
  }

  /** GET /subjects/{s}/versions/{v}. */
  async getVersion(rawSubject: string, rawVersion: string, opts: { deleted: boolean; format?: string }): Promise<SchemaEntity> {
    const q = this.subject(rawSubject);
    const { state, version } = await this.resolveVersion(q, rawSubject, rawVersion, opts.deleted);
    const s = state.schemas.get(version.schemaId);
    if (!s) throw Errors.versionNotFound(version.version);
    const text = await this.formats.render(s, opts.format);
    return schemaEntity(formatSubject(q), version.version, s, text, version.deleted);
  }

  /**
   * GET /subjects/{s}/versions/{v} as a ready JSON body: the default rendering is kept with the
   * subject's state (dropped on any change), since `latest` is what serializers poll.
   */
  async versionBody(rawSubject: string, rawVersion: string, opts: { deleted: boolean; format?: string }): Promise<Buffer> {
    const hit = opts.format ? undefined : this.peekVersion(rawSubject, rawVersion, opts.deleted);
    if (hit) return hit;
    const q = this.subject(rawSubject);
    const state = await this.cache.subject(q.context, q.name);
    const body = Buffer.from(JSON.stringify(await this.getVersion(rawSubject, rawVersion, opts)));
    if (!opts.format && this.cache.peekSubject(q.context, q.name) === state) state.memo.set(versionKey(rawVersion, opts.deleted), body);
    return body;
  }

  /** A remembered GET version answer for the subject's current state, if any. */
  peekVersion(rawSubject: string, rawVersion: string, deleted: boolean): Buffer | undefined {
    const q = parseSubject(rawSubject);
    return this.cache.peekSubject(q.context, q.name)?.memo.get(versionKey(rawVersion, deleted)) as Buffer | undefined;
  }

  /** GET /subjects/{s}/versions/{v}/schema: the schema text alone. */
  async getRawSchema(rawSubject: string, rawVersion: string, opts: { deleted: boolean; format?: string }): Promise<string> {
    return (await this.getVersion(rawSubject, rawVersion, opts)).schema;
  }

  /** GET /subjects/{s}/versions/{v}/referencedby: ids of schemas that import this version. */
  async referencedBy(rawSubject: string, rawVersion: string, opts: { deleted: boolean; offset?: unknown; limit?: unknown }): Promise<number[]> {
    const q = this.subject(rawSubject);
    const p = page(opts.offset, opts.limit);
    const { version } = await this.resolveVersion(q, rawSubject, rawVersion, true);
    const referrers = await this.repository.read((db) =>
      this.repository.referrers(db, { context: q.context, subject: q.name, version: version.version }),
    );
    const ids = referrers.filter((r) => (opts.deleted ? r.used : r.live)).map((r) => r.schemaId);
    return applyPage([...new Set(ids)].sort((a, b) => a - b), p);
  }

  /** GET /subjects/{s}/metadata: the latest version whose metadata properties match every key=value. */
  async latestWithMetadata(rawSubject: string, keys: string[], values: string[], opts: { deleted: boolean; format?: string }): Promise<SchemaEntity> {
    const q = this.subject(rawSubject);
    const state = await this.cache.subject(q.context, q.name);
    const versions = state.versions.filter((v) => opts.deleted || !v.deleted);
    if (!versions.length) throw Errors.subjectNotFound(rawSubject);
    for (let i = versions.length - 1; i >= 0; i--) {
      const s = state.schemas.get(versions[i].schemaId);
      const props = ((s?.metadata as { properties?: Record<string, string> } | null)?.properties ?? {}) as Record<string, string>;
      if (s && keys.every((k, j) => props[k] === values[j])) {
        return schemaEntity(formatSubject(q), versions[i].version, s, await this.formats.render(s, opts.format), versions[i].deleted);
      }
    }
    throw Errors.schemaNotFound();
  }

  /** DELETE /subjects/{s}: soft by default; permanent only after a soft delete. Returns the versions deleted. */
  async deleteSubject(rawSubject: string, opts: { permanent: boolean }): Promise<number[]> {
    const q = this.subject(rawSubject);
    this.modes.assertWritable(q);
    const result = await this.locks.run(q, () => this.repository.transaction(async (tx) => {
      await this.repository.lockSubject(tx, q.context, q.name);
      const versions = await this.repository.versions(tx, q.context, q.name);
      if (!versions.length) throw Errors.subjectNotFound(rawSubject);
      const live = versions.filter((v) => !v.deleted);
      if (!opts.permanent) {
        if (!live.length) throw Errors.subjectSoftDeleted(rawSubject);
        await this.assertNotReferenced(tx, q, live, rawSubject, false);
        await this.repository.markDeleted(tx, q.context, q.name, live.map((v) => v.version));
        return { deleted: live.map((v) => v.version), removedIds: [] as number[] };
      }
      if (live.length) throw Errors.subjectNotSoftDeleted(rawSubject);
      await this.assertNotReferenced(tx, q, versions, rawSubject, true);
      const all = versions.map((v) => v.version);
      const removedIds = await this.repository.deleteVersions(tx, q.context, q.name, all);
      await this.configRepository.removeIn(tx, { context: q.context, subject: q.name });
      await this.modeRepository.removeIn(tx, [{ context: q.context, subject: q.name }]);
      return { deleted: all, removedIds };
    }));
    this.afterDelete(q, result.removedIds, opts.permanent);
    return result.deleted;
  }

  /** DELETE /subjects/{s}/versions/{v}: soft by default; permanent only after a soft delete. */
  async deleteVersion(rawSubject: string, rawVersion: string, opts: { permanent: boolean }): Promise<number> {
    const q = this.subject(rawSubject);
    const requested = parseVersionId(rawVersion);
    this.modes.assertWritable(q);
    const result = await this.locks.run(q, () => this.repository.transaction(async (tx) => {
      await this.repository.lockSubject(tx, q.context, q.name);
      const versions = await this.repository.versions(tx, q.context, q.name);
      if (!versions.length) throw Errors.subjectNotFound(rawSubject);
      const live = versions.filter((v) => !v.deleted);
      const target =
        requested === LATEST
          ? (opts.permanent ? versions : live)[(opts.permanent ? versions : live).length - 1]
          : versions.find((v) => v.version === requested);
      if (!target) {
        if (requested === LATEST) throw Errors.subjectNotFound(rawSubject);
        throw Errors.versionNotFound(requested);
      }
      if (!opts.permanent) {
        if (target.deleted) throw Errors.versionSoftDeleted(formatSubject(q), target.version);
        await this.assertNotReferenced(tx, q, [target], rawSubject, false);
        await this.repository.markDeleted(tx, q.context, q.name, [target.version]);
        return { version: target.version, removedIds: [] as number[], empty: false };
      }
      if (!target.deleted) throw Errors.versionNotSoftDeleted(formatSubject(q), target.version);
      await this.assertNotReferenced(tx, q, [target], rawSubject, true);
      const removedIds = await this.repository.deleteVersions(tx, q.context, q.name, [target.version]);
      const empty = versions.length === 1;
      if (empty) {
        await this.configRepository.removeIn(tx, { context: q.context, subject: q.name });
        await this.modeRepository.removeIn(tx, [{ context: q.context, subject: q.name }]);
      }
      return { version: target.version, removedIds, empty };
    }));
    this.afterDelete(q, result.removedIds, result.empty);
    return result.version;
  }

  private afterDelete(q: QualifiedSubject, removedIds: number[], forgetSettings: boolean): void {
    if (forgetSettings) {
      this.configs.forget(q);
      this.modes.forget(q);
      this.changes.publish({ kind: 'config' });
      this.changes.publish({ kind: 'mode' });
    }
    this.changes.publish({ kind: 'subject', context: q.context, subject: q.name });
    if (removedIds.length) this.changes.publish({ kind: 'schemas-removed', context: q.context, ids: removedIds });
  }

  /**
   * 42206 when another subject's schema imports one of these versions. A soft delete only
   * counts live referrers; a permanent one counts soft-deleted ones too, which would dangle.
   * References from the subject itself do not count (Confluent).
   */
  private async assertNotReferenced(
    tx: Parameters<Parameters<SchemaRepository['transaction']>[0]>[0],
    q: QualifiedSubject,
    versions: readonly StoredVersion[],
    rawSubject: string,
    permanent: boolean,
  ): Promise<void> {
    for (const v of versions) {
      const referrers = await this.repository.referrers(tx, { context: q.context, subject: q.name, version: v.version });
      for (const r of referrers) {
        if (!(permanent ? r.used : r.live)) continue;
        const users = await this.repository.versionsOfSchema(tx, r.context, r.schemaId);
        const foreign = users.some((u) => (permanent || !u.deleted) && !(u.context === q.context && u.subject === q.name));
        if (foreign) throw Errors.referenceExists(`${rawSubject} version ${v.version}`);
      }
    }
  }

  private subject(raw: string): QualifiedSubject {
    const q = parseSubject(raw);
    validateSubject(q, raw);
    return q;
  }

  private async resolveVersion(
    q: QualifiedSubject,
    rawSubject: string,
    rawVersion: string,
    includeDeleted: boolean,
  ): Promise<{ state: SubjectState; version: StoredVersion }> {
    const requested = parseVersionId(rawVersion);
    const state = await this.cache.subject(q.context, q.name);
    const visible = includeDeleted ? state.versions : state.versions.filter((v) => !v.deleted);
    if (!visible.length) throw Errors.subjectNotFound(rawSubject);
    const version = requested === LATEST ? visible[visible.length - 1] : visible.find((v) => v.version === requested);
    if (!version) throw Errors.versionNotFound(requested);
    return { state, version };
  }
}
