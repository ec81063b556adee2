import { Injectable } from '@nestjs/common';
import { PrismaService } from '../storage/prisma.service';

/**
 * Work the nodes share and one of them does (kafka_progress): claims decided by a conditional
 * update, so that with several nodes on one PostgreSQL database exactly one wins each time.
 */
@Injectable()
export class ProgressRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Claims `key` for `now` when its last claim is older than `staleBefore` (or there is none). */
  async claim(key: string, now: Date, staleBefore: Date): Promise<boolean> {
    try {
      return await this.prisma.transaction(async (tx) => {
        const row = await tx.kafkaProgress.findUnique({ where: { key } });
        if (!row) {
          await tx.kafkaProgress.create({ data: { key, claimedAt: now } });
          return true;
        }
        const won = await tx.kafkaProgress.updateMany({
          where: { key, OR: [{ claimedAt: null }, { claimedAt: { lt: staleBefore } }] },
          data: { claimedAt: now, updatedAt: now },
        });
        return won.count === 1;
      });
    } catch (e) {
      if (isUniqueViolation(e)) return false; // another node created the key first, and so claimed it
      throw e;
    }
  }

  /** The position stored under `key`, or undefined. */
  position(key: string): Promise<number | undefined> {
    return this.prisma.read(async (db) => (await db.kafkaProgress.findUnique({ where: { key } }))?.position ?? undefined);
  }

  /**
   * Moves `key` from `from` to `to` if nobody moved it since `from` was read; answers whether
   * this call moved it (`from` undefined: the key must not exist yet).
   */
  async advance(key: string, from: number | undefined, to: number): Promise<boolean> {
    try {
      return await this.prisma.transaction(async (tx) => {
        if (from === undefined) {
          await tx.kafkaProgress.create({ data: { key, position: to } });
          return true;
        }
        const moved = await tx.kafkaProgress.updateMany({ where: { key, position: from }, data: { position: to, updatedAt: new Date() } });
        return moved.count === 1;
      });
    } catch (e) {
      if (isUniqueViolation(e)) return false; // another node created the key first
      throw e;
    }
  }
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'P2002' || /unique constraint/i.test(err?.message ?? '');
}
