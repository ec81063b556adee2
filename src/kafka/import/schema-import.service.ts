import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { RegistryError } from '../../common/errors/registry-error';
import { ConfigService } from '../../registry/config.service';
import { ModeService } from '../../registry/mode.service';
import { RegistrationService } from '../../registry/registration.service';
import { RegistryChanges } from '../../registry/registry-changes';
import { SchemaRepository } from '../../registry/repositories/schema.repository';
import { SubjectService } from '../../registry/subject.service';
import { formatSubject, type QualifiedSubject } from '../../registry/subject-name';
import type { ConfigBody } from '../../registry/registry.types';
import { describeKafkaError } from '../clusters/cluster-connection';
import { ClustersService } from '../clusters/clusters.service';
import type { ClusterDefinition } from '../clusters/cluster.types';
import { KafkaErrors } from '../kafka-errors';
import {
  registrationOrder,
  replaySchemasTopic,
  type ImportedVersion,
  type Scope,
  type SchemasTopicCounts,
  type SchemasTopicRecord,
} from './schemas-topic';

/** How long reading the topic to its end may take. */
const READ_TIMEOUT_MS = 120_000;

/** What an import did. A second import of the same topic changes nothing: every count but `unchanged` is 0. */
export interface ImportReport {
  readonly cluster: string;
  readonly topic: string;
  readonly records: SchemasTopicCounts;
  readonly subjects: number;
  readonly versions: {
    readonly total: number;
    /** Registered with the source's id and version. */
    readonly imported: number;
    /** Already there with the same id. */
    readonly unchanged: number;
    /** Soft-deleted as in the source. */
    readonly softDeleted: number;
    readonly failed: number;
  };
  readonly configs: { readonly set: number; readonly unchanged: number; readonly failed: number };
  readonly modes: { readonly set: number; readonly unchanged: number; readonly failed: number };
  readonly contexts: { readonly created: number; readonly existing: number };
  /** What could not be imported, and why. */
  readonly errors: readonly { readonly subject: string; readonly version?: number; readonly message: string }[];
  readonly skippedRecords: readonly { readonly partition: number; readonly offset: string; readonly reason: string }[];
}

/**
 * Imports a Confluent or Karapace `_schemas` topic into Charter: reads it from the beginning to
 * its end offset, replays it into the state it holds (schemas-topic.ts) and writes that state
 * through the registry's own services, keeping every id and version so serializers keep
 * working: the subjects it writes to are switched to IMPORT mode (their previous mode restored
 * after), versions are registered with explicit ids in reference order, soft deletes are
 * applied, permanently deleted versions are absent, configs and modes are set. What is already
 * there with the same id is left alone, so a second run changes nothing.
 */
@Injectable()
export class SchemaImportService {
  private readonly logger = new Logger('SchemaImport');

  constructor(
    private readonly clusters: ClustersService,
    private readonly registration: RegistrationService,
    private readonly subjects: SubjectService,
    private readonly configs: ConfigService,
    private readonly modes: ModeService,
    private readonly schemas: SchemaRepository,
    private readonly changes: RegistryChanges,
  ) {}

  async importTopic(clusterName: string, topic: string): Promise<ImportReport> {
    const cluster = await this.clusters.definition(clusterName);
    const records = await this.read(cluster, topic);
    const state = replaySchemasTopic(records);
    const errors: { subject: string; version?: number; message: string }[] = [];

    const contexts = await this.ensureContexts(state.contexts);
    const versions = await this.importVersions(registrationOrder(state.versions), errors);
    const configs = { set: 0, unchanged: 0, failed: 0 };
    for (const c of state.configs) {
      try {
        (await this.applyConfig(c.scope, c.body)) ? configs.set++ : configs.unchanged++;
      } catch (e) {
        configs.failed++;
        errors.push({ subject: scopeName(c.scope), message: `config: ${messageOf(e)}` });
      }
    }
    const modes = { set: 0, unchanged: 0, failed: 0 };
    for (const m of state.modes) {
      try {
        (await this.applyMode(m.scope, m.mode)) ? modes.set++ : modes.unchanged++;
      } catch (e) {
        modes.failed++;
        errors.push({ subject: scopeName(m.scope), message: `mode: ${messageOf(e)}` });
      }
    }
    const report: ImportReport = {
      cluster: clusterName,
      topic,
      records: state.counts,
      subjects: new Set(state.versions.map((v) => v.subject)).size,
      versions: { total: state.versions.length, ...versions },
      configs,
      modes,
      contexts,
      errors,
      skippedRecords: state.skipped,
    };
    this.logger.log(
      `Imported ${topic} from Kafka cluster '${clusterName}': ${versions.imported} version(s) registered, ${versions.unchanged} unchanged, ` +
        `${versions.softDeleted} soft-deleted, ${versions.failed} failed; ${configs.set} config(s) and ${modes.set} mode(s) set`,
    );
    return report;
  }

  /** Every record from the beginning to the end offsets the topic had when the import began. */
  private async read(cluster: ClusterDefinition, topic: string): Promise<SchemasTopicRecord[]> {
    const ends = await this.clusters.withAdmin(cluster, async (admin) => {
      if (!(await admin.listTopics()).includes(topic)) throw KafkaErrors.topicNotFound(cluster.name, topic);
      return admin.fetchTopicOffsets(topic);
    });
    const pending = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
    if (!pending.size) return [];
    const kafka = this.clusters.client(cluster);
    // A group of its own that commits nothing: the import leaves no offsets behind.
    const groupId = `charter-import-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, readUncommitted: true, allowAutoTopicCreation: false, retry: { retries: 3 } });
    const byPartition = new Map<number, SchemasTopicRecord[]>();
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`the topic was not read to its end within ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
        consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const end = pending.get(batch.partition);
              if (end === undefined) return;
              const list = byPartition.get(batch.partition) ?? [];
              byPartition.set(batch.partition, list);
              for (const m of batch.messages as KafkaMessage[]) {
                if (Number(m.offset) >= end) break;
                list.push({ partition: batch.partition, offset: m.offset, key: m.key, value: m.value });
              }
              // lastOffset() counts records kafkajs filtered out (control records), so compaction
              // and transaction markers cannot keep the import waiting for an offset it never gets.
              if (Number(batch.lastOffset()) >= end - 1) pending.delete(batch.partition);
              if (!pending.size) resolve();
            },
          })
          .catch(reject);
      });
    } catch (e) {
      if (e instanceof RegistryError) throw e;
      throw KafkaErrors.kafkaUnavailable(cluster.name, `reading ${topic}: ${describeKafkaError(e, cluster)}`);
    } finally {
      if (timer) clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
      await this.clusters.withAdmin(cluster, (admin) => admin.deleteGroups([groupId])).catch(() => undefined);
    }
    return [...byPartition.keys()].sort((a, b) => a - b).flatMap((p) => byPartition.get(p)!);
  }

  private async ensureContexts(contexts: readonly string[]): Promise<{ created: number; existing: number }> {
    if (!contexts.length) return { created: 0, existing: 0 };
    const known = new Set(await this.schemas.read((db) => this.schemas.contexts(db)));
    const missing = contexts.filter((c) => !known.has(c));
    if (missing.length) {
      await this.schemas.transaction(async (tx) => {
        for (const c of missing) await this.schemas.ensureContext(tx, c);
      });
      this.changes.publish({ kind: 'contexts' });
    }
    return { created: missing.length, existing: contexts.length - missing.length };
  }

  private async importVersions(
    ordered: readonly ImportedVersion[],
    errors: { subject: string; version?: number; message: string }[],
  ): Promise<{ imported: number; unchanged: number; softDeleted: number; failed: number }> {
    const counts = { imported: 0, unchanged: 0, softDeleted: 0, failed: 0 };
    /** Subjects switched to IMPORT, with the mode they had of their own (undefined: none). */
    const switched = new Map<string, { q: QualifiedSubject; previous: string | undefined }>();
    try {
      for (const v of ordered) {
        try {
          const existing = await this.existing(v);
          if (existing) {
            if (existing.id !== v.id) throw new Error(`version ${v.version} exists here with id ${existing.id}, the source has id ${v.id}`);
            if (existing.deleted && !v.deleted) throw new Error(`version ${v.version} is soft-deleted here but live in the source`);
            if (v.deleted && !existing.deleted) {
              await this.subjects.deleteVersion(v.subject, String(v.version), { permanent: false });
              counts.softDeleted++;
            } else {
              counts.unchanged++;
            }
            continue;
          }
          if (!switched.has(v.subject)) {
            const q = { context: v.context, name: v.name };
            switched.set(v.subject, { q, previous: this.ownMode(q) });
            await this.modes.put(q, { mode: 'IMPORT' }, true);
          }
          const result = await this.registration.register(
            v.subject,
            {
              schema: v.schema,
              schemaType: v.schemaType,
              references: v.references,
              id: v.id,
              version: v.version,
              ...(v.metadata != null ? { metadata: v.metadata } : {}),
              ...(v.ruleSet != null ? { ruleSet: v.ruleSet } : {}),
            },
            { normalize: false, force: false },
          );
          if (result.id !== v.id || (result.version !== undefined && result.version !== v.version)) {
            throw new Error(`registered as version ${result.version} with id ${result.id}: the same schema is already live under this subject`);
          }
          counts.imported++;
          // Soft-deleted at once, before a later version of the subject re-registers the same schema.
          if (v.deleted) {
            await this.subjects.deleteVersion(v.subject, String(v.version), { permanent: false });
            counts.softDeleted++;
          }
        } catch (e) {
          counts.failed++;
          errors.push({ subject: v.subject, version: v.version, message: messageOf(e) });
        }
      }
    } finally {
      for (const { q, previous } of switched.values()) {
        try {
          if (previous === undefined) await this.modes.remove(q, false);
          else await this.modes.put(q, { mode: previous }, true);
        } catch (e) {
          errors.push({ subject: formatSubject(q), message: `could not restore the subject's mode: ${messageOf(e)}` });
        }
      }
    }
    return counts;
  }

  private async existing(v: ImportedVersion): Promise<{ id: number; deleted: boolean } | undefined> {
    try {
      const e = await this.subjects.getVersion(v.subject, String(v.version), { deleted: true });
      return { id: e.id, deleted: e.deleted === true };
    } catch (e) {
      if (e instanceof RegistryError && (e.errorCode === 40401 || e.errorCode === 40402)) return undefined;
      throw e;
    }
  }

  /** The mode set on the scope itself, if any. */
  private ownMode(q: QualifiedSubject): string | undefined {
    try {
      return this.modes.get(q, false).mode;
    } catch {
      return undefined;
    }
  }

  /** Sets a scope's config to the source's; false when it already was. */
  private async applyConfig(scope: Scope, body: Readonly<Record<string, unknown>>): Promise<boolean> {
    const q = scope ?? undefined;
    const stored: ConfigBody = this.configs.stored(q) ?? {};
    if (canonical(stored) === canonical(body)) return false;
    // Fields set here but not in the source are cleared (null), so the scope ends up as the source's.
    const update: Record<string, unknown> = { ...body };
    for (const k of Object.keys(stored)) if (!(k in body)) update[k] = null;
    await this.configs.put(q, update);
    return true;
  }

  /** Sets a scope's mode to the source's; false when it already was. */
  private async applyMode(scope: Scope, mode: string): Promise<boolean> {
    const current = scope ? this.ownMode(scope) : this.modes.get(undefined, false).mode;
    if (current === mode) return false;
    await this.modes.put(scope ?? undefined, { mode }, true);
    return true;
  }
}

function scopeName(scope: Scope): string {
  return scope ? (scope.name ? formatSubject(scope) : `:${scope.context}:`) : '(global)';
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** JSON with sorted keys, for comparing configs. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined && (v as Record<string, unknown>)[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
