import { Injectable } from '@nestjs/common';
import { PrismaService, type Db, type Tx } from '../../storage/prisma.service';
import type { Mode } from '../registry.types';
import type { ScopeKey } from './config.repository';

/** Mode rows, one per scope. */
@Injectable()
export class ModeRepository {
  constructor(private readonly prisma: PrismaService) {}

  all(): Promise<{ key: ScopeKey; mode: Mode }[]> {
    return this.prisma.read(async (db: Db) => {
      const rows = await db.registryMode.findMany();
      return rows.map((r) => ({ key: { context: r.context, subject: r.subject }, mode: r.mode as Mode }));
    });
  }

  async put(key: ScopeKey, mode: Mode): Promise<void> {
    await this.prisma.transaction(async (tx) => {
      const data = { mode, updatedAt: new Date() };
      await tx.registryMode.upsert({ where: { context_subject: key }, create: { ...key, ...data }, update: data });
    });
  }

  async remove(keys: readonly ScopeKey[]): Promise<void> {
    await this.prisma.transaction((tx) => this.removeIn(tx, keys));
  }

  async removeIn(tx: Tx, keys: readonly ScopeKey[]): Promise<void> {
    for (const key of keys) await tx.registryMode.deleteMany({ where: key });
  }

  /** Deletes every subject-level mode of a context (DELETE /mode?recursive=true). */
  async removeSubjectModes(context: string): Promise<void> {
    await this.prisma.transaction(async (tx) => {
      await tx.registryMode.deleteMany({ where: { context, NOT: { subject: '' } } });
    });
  }
}
