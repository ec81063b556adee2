import { Injectable } from '@nestjs/common';
import { PrismaService, type Db, type Tx } from '../../storage/prisma.service';
import { CatalogState } from '../catalog-state';
import type {
  Application,
  CatalogEvent,
  Change,
  Classification,
  Domain,
  EntityMap,
  EntityType,
  FieldTagEntry,
  HistoryRecord,
  Lifecycle,
  Policy,
  PolicyKind,
  SchemaBinding,
  Severity,
  Team,
  Topic,
  TopicClient,
} from '../catalog.types';

type Conn = Db | Tx;

const json = (v: unknown) => JSON.stringify(v);
const parse = <T>(text: string | null): T | null => (text == null ? null : (JSON.parse(text) as T));

/** Thrown inside a write transaction when another process wrote first: it rolls the transaction back. */
class StaleRevision extends Error {}

/** The catalogue's tables: the only code that touches them. Rows become domain types here. */
@Injectable()
export class CatalogRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The number of catalogue writes so far (0 for a new catalogue). */
  currentRevision(): Promise<number> {
    return this.prisma.read((db) => this.revision(db));
  }

  /** The whole catalogue as last committed. */
  loadState(): Promise<CatalogState> {
    return this.prisma.read((db) => this.load(db));
  }

  /**
   * Writes `changes` with one history record each, in one transaction, if the catalogue is
   * still at `expected`; returns the new revision, or undefined (and writes nothing) when
   * another process wrote first.
   */
  async commit(expected: number, changes: readonly Change[], meta: { principal: string; at: Date }): Promise<number | undefined> {
    try {
      return await this.prisma.transaction(async (tx) => {
        const revision = await this.bumpRevision(tx);
        if (revision !== expected + 1) throw new StaleRevision();
        await this.write(tx, changes, { ...meta, revision });
        return revision;
      });
    } catch (e) {
      // Two processes creating the revision row (or the same entry) at once: the loser is stale.
      if (e instanceof StaleRevision || isUniqueViolation(e)) return undefined;
      throw e;
    }
  }

  private async revision(db: Conn): Promise<number> {
    const row = await db.catalogRevision.findUnique({ where: { id: 1 } });
    return row?.value ?? 0;
  }

  /**
   * Counts a write and returns the new revision. On PostgreSQL the updated row stays locked
   * until the transaction ends, so catalogue writers on every node take turns.
   */
  private async bumpRevision(tx: Tx): Promise<number> {
    const row = await tx.catalogRevision.upsert({
      where: { id: 1 },
      create: { id: 1, value: 1 },
      update: { value: { increment: 1 } },
    });
    return row.value;
  }

  /**
   * The whole catalogue, as one consistent state. The tables are read by several statements
   * (on PostgreSQL, several connections); every write bumps the revision in its transaction,
   * so an unchanged revision around the reads means no write landed between them.
   */
  private async load(db: Conn): Promise<CatalogState> {
    for (;;) {
      const revision = await this.revision(db);
      const state = await this.loadTables(db, revision);
      if ((await this.revision(db)) === revision) return state;
    }
  }

  private async loadTables(db: Conn, revision: number): Promise<CatalogState> {
    const [domains, teams, applications, topics, events, clients, fieldTags, policies] = await Promise.all([
      db.catalogDomain.findMany(),
      db.catalogTeam.findMany(),
      db.catalogApplication.findMany(),
      db.catalogTopic.findMany(),
      db.catalogEvent.findMany(),
      db.catalogTopicClient.findMany(),
      db.catalogFieldTag.findMany(),
      db.catalogPolicy.findMany(),
    ]);
    return CatalogState.of(revision, {
      domain: domains.map((r): Domain => ({ name: r.name, description: r.description })),
      team: teams.map((r): Team => ({ name: r.name, domain: r.domain, description: r.description, contacts: parse(r.contacts) ?? [] })),
      application: applications.map(
        (r): Application => ({
          name: r.name,
          domain: r.domain,
          ownerTeam: r.ownerTeam,
          description: r.description,
          principals: parse(r.principals) ?? [],
          consumerGroups: parse(r.consumerGroups) ?? [],
        }),
      ),
      topic: topics.map(
        (r): Topic => ({
          name: r.name,
          domain: r.domain,
          ownerTeam: r.ownerTeam,
          description: r.description,
          lifecycle: r.lifecycle as Lifecycle,
          partitions: r.partitions,
          replicationFactor: r.replicationFactor,
          topicConfiguration: parse(r.topicConfiguration) ?? {},
          classification: r.classification as Classification | null,
          tags: parse(r.tags) ?? [],
          key: parse<SchemaBinding>(r.keySchema),
          value: parse<SchemaBinding>(r.valueSchema),
        }),
      ),
      event: events.map(
        (r): CatalogEvent => ({
          name: r.name,
          topic: r.topic,
          description: r.description,
          subject: r.subject,
          minVersion: r.minVersion,
          maxVersion: r.maxVersion,
        }),
      ),
      client: clients.map(
        (r): TopicClient => ({
          topic: r.topic,
          application: r.application,
          role: r.role as TopicClient['role'],
          consumerGroup: r.consumerGroup,
        }),
      ),
      'field-tag': fieldTags.map((r): FieldTagEntry => ({ subject: r.subject, path: r.path, tags: parse(r.tags) ?? [] })),
      policy: policies.map(
        (r): Policy => ({
          name: r.name,
          kind: r.kind as PolicyKind,
          domain: r.domain,
          severity: r.severity as Severity,
          description: r.description,
          enabled: r.enabled,
          params: parse(r.params) ?? {},
        }),
      ),
    });
  }

  private async write(tx: Tx, changes: readonly Change[], meta: { principal: string; revision: number; at: Date }): Promise<void> {
    for (const c of changes) {
      await this.writeOne(tx, c, meta.at);
      await tx.catalogHistory.create({
        data: {
          entityType: c.type,
          entityKey: c.key,
          action: c.before ? (c.after ? 'update' : 'delete') : 'create',
          before: c.before ? json(c.before) : null,
          after: c.after ? json(c.after) : null,
          principal: meta.principal,
          revision: meta.revision,
          at: meta.at,
        },
      });
    }
  }

  private async writeOne(tx: Tx, c: Change, at: Date): Promise<void> {
    const stamp = { updatedAt: at };
    switch (c.type) {
      case 'domain': {
        const e = c.after as EntityMap['domain'] | null;
        if (!e) return void (await tx.catalogDomain.delete({ where: { name: c.key } }));
        const data = { description: e.description, ...stamp };
        await tx.catalogDomain.upsert({ where: { name: c.key }, create: { name: e.name, ...data, createdAt: at }, update: data });
        return;
      }
      case 'team': {
        const e = c.after as EntityMap['team'] | null;
        if (!e) return void (await tx.catalogTeam.delete({ where: { name: c.key } }));
        const data = { domain: e.domain, description: e.description, contacts: json(e.contacts), ...stamp };
        await tx.catalogTeam.upsert({ where: { name: c.key }, create: { name: e.name, ...data, createdAt: at }, update: data });
        return;
      }
      case 'application': {
        const e = c.after as EntityMap['application'] | null;
        if (!e) return void (await tx.catalogApplication.delete({ where: { name: c.key } }));
        const data = {
          domain: e.domain,
          ownerTeam: e.ownerTeam,
          description: e.description,
          principals: json(e.principals),
          consumerGroups: json(e.consumerGroups),
          ...stamp,
        };
        await tx.catalogApplication.upsert({ where: { name: c.key }, create: { name: e.name, ...data, createdAt: at }, update: data });
        return;
      }
      case 'topic': {
        const e = c.after as EntityMap['topic'] | null;
        if (!e) return void (await tx.catalogTopic.delete({ where: { name: c.key } }));
        const data = {
          domain: e.domain,
          ownerTeam: e.ownerTeam,
          description: e.description,
          lifecycle: e.lifecycle,
          partitions: e.partitions,
          replicationFactor: e.replicationFactor,
          topicConfiguration: json(e.topicConfiguration),
          classification: e.classification,
          tags: json(e.tags),
          keySchema: e.key ? json(e.key) : null,
          valueSchema: e.value ? json(e.value) : null,
          ...stamp,
        };
        await tx.catalogTopic.upsert({ where: { name: c.key }, create: { name: e.name, ...data, createdAt: at }, update: data });
        return;
      }
      case 'event': {
        const e = c.after as EntityMap['event'] | null;
        if (!e) return void (await tx.catalogEvent.delete({ where: { name: c.key } }));
        const data = {
          topic: e.topic,
          description: e.description,
          subject: e.subject,
          minVersion: e.minVersion,
          maxVersion: e.maxVersion,
          ...stamp,
        };
        await tx.catalogEvent.upsert({ where: { name: c.key }, create: { name: e.name, ...data, createdAt: at }, update: data });
        return;
      }
      case 'client': {
        const e = (c.after ?? c.before) as EntityMap['client'];
        const id = { topic: e.topic, application: e.application, role: e.role };
        if (!c.after) return void (await tx.catalogTopicClient.delete({ where: { topic_application_role: id } }));
        const data = { consumerGroup: e.consumerGroup, ...stamp };
        await tx.catalogTopicClient.upsert({ where: { topic_application_role: id }, create: { ...id, ...data, createdAt: at }, update: data });
        return;
      }
      case 'field-tag': {
        const e = (c.after ?? c.before) as EntityMap['field-tag'];
        const id = { subject: e.subject, path: e.path };
        if (!c.after) return void (await tx.catalogFieldTag.delete({ where: { subject_path: id } }));
        const data = { tags: json(e.tags), ...stamp };
        await tx.catalogFieldTag.upsert({ where: { subject_path: id }, create: { ...id, ...data, createdAt: at }, update: data });
        return;
      }
      case 'policy': {
        const e = c.after as EntityMap['policy'] | null;
        if (!e) return void (await tx.catalogPolicy.delete({ where: { name: c.key } }));
        const data = {
          kind: e.kind,
          domain: e.domain,
          severity: e.severity,
          description: e.description,
          enabled: e.enabled,
          params: json(e.params),
          ...stamp,
        };
        await tx.catalogPolicy.upsert({ where: { name: c.key }, create: { name: e.name, ...data, createdAt: at }, update: data });
        return;
      }
    }
  }

  /** History records, newest first. */
  async history(filter: {
    type?: EntityType;
    key?: string;
    principal?: string;
    beforeId?: number;
    limit: number;
  }): Promise<HistoryRecord[]> {
    const rows = await this.prisma.read((db) =>
      db.catalogHistory.findMany({
        where: {
          ...(filter.type ? { entityType: filter.type } : {}),
          ...(filter.key !== undefined ? { entityKey: filter.key } : {}),
          ...(filter.principal !== undefined ? { principal: filter.principal } : {}),
          ...(filter.beforeId !== undefined ? { id: { lt: filter.beforeId } } : {}),
        },
        orderBy: { id: 'desc' },
        take: filter.limit,
      }),
    );
    return rows.map((r) => ({
      id: r.id,
      type: r.entityType as EntityType,
      key: r.entityKey,
      action: r.action as HistoryRecord['action'],
      before: parse(r.before),
      after: parse(r.after),
      principal: r.principal,
      revision: r.revision,
      at: r.at,
    }));
  }
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'P2002' || /unique constraint/i.test(err?.message ?? '');
}
