import { Injectable } from '@nestjs/common';
import { PrismaService, type Db, type Tx } from '../../storage/prisma.service';
import type { ConfigBody } from '../registry.types';

/** Key of a config or mode: global is ("", ""), a context (ctx, ""), a subject (ctx, name). */
export interface ScopeKey {
  readonly context: string;
  readonly subject: string;
}

/** Config rows, one JSON body per scope. */
@Injectable()
export class ConfigRepository {
  constructor(private readonly prisma: PrismaService) {}

  all(): Promise<{ key: ScopeKey; body: ConfigBody }[]> {
    return this.prisma.read(async (db: Db) => {
      const rows = await db.registryConfig.findMany();
      return rows.map((r) => ({ key: { context: r.context, subject: r.subject }, body: JSON.parse(r.body) as ConfigBody }));
    });
  }

  /**
   * Applies a partial update (null clears a field) to the scope's config as stored, and answers
   * the result. The stored row is read inside the transaction, under a lock on the scope, so two
   * nodes changing different fields of one scope at once both keep their change.
   */
  async merge(key: ScopeKey, update: Readonly<Record<string, unknown>>): Promise<ConfigBody> {
    return this.prisma.transaction(async (tx) => {
      if (this.prisma.kind === 'postgresql') {
        await tx.$queryRawUnsafe('SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext($1))', `config ${JSON.stringify([key.context, key.subject])}`);
      }
      const row = await tx.registryConfig.findUnique({ where: { context_subject: key } });
      const next: ConfigBody = row ? (JSON.parse(row.body) as ConfigBody) : {};
      for (const [k, v] of Object.entries(update)) {
        if (v === null) delete next[k];
        else next[k] = v;
      }
      await this.putIn(tx, key, next);
      return next;
    });
  }

  async put(key: ScopeKey, body: ConfigBody): Promise<void> {
    await this.prisma.transaction((tx) => this.putIn(tx, key, body));
  }

  async putIn(tx: Tx, key: ScopeKey, body: ConfigBody): Promise<void> {
    const data = { body: JSON.stringify(body), updatedAt: new Date() };
    await tx.registryConfig.upsert({ where: { context_subject: key }, create: { ...key, ...data }, update: data });
  }

  async remove(key: ScopeKey): Promise<void> {
    await this.prisma.transaction((tx) => this.removeIn(tx, key));
  }

  async removeIn(tx: Tx, key: ScopeKey): Promise<void> {
    await tx.registryConfig.deleteMany({ where: key });
  }
}
