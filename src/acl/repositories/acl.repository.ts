import { Injectable } from '@nestjs/common';
import { PrismaService, type Db, type Tx } from '../../storage/prisma.service';
import type { PatternType, ResourceType, Role, RoleBinding } from '../rbac';

/** A user account as stored (the password only as its hash). */
export interface StoredUser {
  readonly name: string;
  readonly passwordHash: string | null;
  readonly createdAt: Date;
}

/** An API key as stored (secrets only as hashes). */
export interface StoredApiKey {
  readonly id: string;
  readonly owner: string;
  readonly description: string | null;
  readonly secretHash: string;
  readonly previousSecretHash: string | null;
  readonly previousExpiresAt: Date | null;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly rotatedAt: Date | null;
  readonly createdAt: Date;
}

export interface StoredBinding extends RoleBinding {
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface AclSnapshot {
  readonly revision: number;
  readonly users: readonly StoredUser[];
  readonly keys: readonly StoredApiKey[];
  readonly bindings: readonly StoredBinding[];
}

/** Users, API keys and role bindings: the only code that touches their tables. */
@Injectable()
export class AclRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Everything, read in one go (the tables stay small: people, keys and their grants). */
  loadAll(): Promise<AclSnapshot> {
    return this.prisma.read(async (db) => {
      const [revision, users, keys, bindings] = [
        await this.revisionOf(db),
        await db.aclUser.findMany({ orderBy: { name: 'asc' } }),
        await db.aclApiKey.findMany({ orderBy: { createdAt: 'asc' } }),
        await db.aclRoleBinding.findMany({ orderBy: { createdAt: 'asc' } }),
      ];
      return {
        revision,
        users: users.map((u) => ({ name: u.name, passwordHash: u.passwordHash, createdAt: u.createdAt })),
        keys: keys.map((k) => ({ ...k })),
        bindings: bindings.map((b) => ({
          id: b.id,
          principal: b.principal,
          role: b.role as Role,
          resource: { type: b.resourceType as ResourceType, name: b.resourceName, pattern: b.patternType as PatternType },
          createdBy: b.createdBy,
          createdAt: b.createdAt,
        })),
      };
    });
  }

  revision(): Promise<number> {
    return this.prisma.read((db) => this.revisionOf(db));
  }

  private async revisionOf(db: Db | Tx): Promise<number> {
    return (await db.aclRevision.findUnique({ where: { id: 1 } }))?.value ?? 0;
  }

  /** Runs a change and counts it, so every node reloads. */
  private change<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.transaction(async (tx) => {
      const result = await fn(tx);
      await tx.aclRevision.upsert({ where: { id: 1 }, create: { id: 1, value: 1 }, update: { value: { increment: 1 } } });
      return result;
    });
  }

  /** Creates a user; false when the name is taken. */
  createUser(name: string, passwordHash: string | null): Promise<boolean> {
    return unlessDuplicate(
      this.change(async (tx) => {
        if (await tx.aclUser.findUnique({ where: { name } })) return false;
        await tx.aclUser.create({ data: { name, passwordHash } });
        return true;
      }),
    );
  }

  /**
   * Creates the first user with a binding, only if there is no user at all yet; false otherwise
   * (also when another node starting at the same time created it first).
   */
  createFirstUser(name: string, passwordHash: string, binding: StoredBinding): Promise<boolean> {
    return unlessDuplicate(
      this.change(async (tx) => {
        if ((await tx.aclUser.count()) > 0) return false;
        await tx.aclUser.create({ data: { name, passwordHash } });
        await tx.aclRoleBinding.create({ data: bindingRow(binding) });
        return true;
      }),
    );
  }

  /** Deletes a user with its API keys and the bindings given to it; false when there is none. */
  deleteUser(name: string): Promise<boolean> {
    return this.change(async (tx) => {
      if (!(await tx.aclUser.findUnique({ where: { name } }))) return false;
      const keys = await tx.aclApiKey.findMany({ where: { owner: name }, select: { id: true } });
      await tx.aclRoleBinding.deleteMany({ where: { principal: { in: [`User:${name}`, ...keys.map((k) => `ApiKey:${k.id}`)] } } });
      await tx.aclApiKey.deleteMany({ where: { owner: name } });
      await tx.aclUser.delete({ where: { name } });
      return true;
    });
  }

  setPassword(name: string, passwordHash: string): Promise<boolean> {
    return this.change(async (tx) => (await tx.aclUser.updateMany({ where: { name }, data: { passwordHash, updatedAt: new Date() } })).count > 0);
  }

  createKey(key: Omit<StoredApiKey, 'lastUsedAt' | 'rotatedAt' | 'previousSecretHash' | 'previousExpiresAt'>): Promise<void> {
    return this.change(async (tx) => {
      await tx.aclApiKey.create({ data: { ...key } });
    });
  }

  rotateKey(id: string, secretHash: string, previous: { hash: string; expiresAt: Date } | null, at: Date): Promise<boolean> {
    return this.change(async (tx) => {
      const r = await tx.aclApiKey.updateMany({
        where: { id },
        data: { secretHash, previousSecretHash: previous?.hash ?? null, previousExpiresAt: previous?.expiresAt ?? null, rotatedAt: at },
      });
      return r.count > 0;
    });
  }

  /** Deletes a key and the bindings given to it; false when there is none. */
  deleteKey(id: string): Promise<boolean> {
    return this.change(async (tx) => {
      const r = await tx.aclApiKey.deleteMany({ where: { id } });
      await tx.aclRoleBinding.deleteMany({ where: { principal: `ApiKey:${id}` } });
      return r.count > 0;
    });
  }

  /**
   * Writes keys' last-used times (batched by the caller). Not counted as a change: nothing
   * that authentication depends on moved.
   */
  async touchKeys(times: ReadonlyMap<string, Date>): Promise<void> {
    if (!times.size) return;
    await this.prisma.transaction(async (tx) => {
      for (const [id, at] of times) await tx.aclApiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
    });
  }

  /** Creates a binding; false when the same one exists. */
  createBinding(b: StoredBinding): Promise<boolean> {
    return unlessDuplicate(
      this.change(async (tx) => {
        const same = await tx.aclRoleBinding.findFirst({
          where: { principal: b.principal, role: b.role, resourceType: b.resource.type, resourceName: b.resource.name, patternType: b.resource.pattern },
        });
        if (same) return false;
        await tx.aclRoleBinding.create({ data: bindingRow(b) });
        return true;
      }),
    );
  }

  deleteBinding(id: string): Promise<boolean> {
    return this.change(async (tx) => (await tx.aclRoleBinding.deleteMany({ where: { id } })).count > 0);
  }
}

function bindingRow(b: StoredBinding) {
  return {
    id: b.id,
    principal: b.principal,
    role: b.role,
    resourceType: b.resource.type,
    resourceName: b.resource.name,
    patternType: b.resource.pattern,
    createdBy: b.createdBy,
    createdAt: b.createdAt,
  };
}

/** A write that lost a race with the same write elsewhere (a unique constraint) answers false. */
async function unlessDuplicate(write: Promise<boolean>): Promise<boolean> {
  try {
    return await write;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err?.code === 'P2002' || /unique constraint/i.test(err?.message ?? '')) return false;
    throw e;
  }
}
