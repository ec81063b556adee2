import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import { RoleBindings } from './rbac';
import { AclRepository, type AclSnapshot, type StoredApiKey, type StoredBinding, type StoredUser } from './repositories/acl.repository';

/**
 * Users, API keys and role bindings in memory: authentication and authorization read them on
 * every request, synchronously on the fast lane. Reloaded after each change made here, and when
 * another node's change moves the revision (checked every AUTH_CACHE_SECONDS).
 */
@Injectable()
export class AclStore implements OnModuleDestroy {
  private readonly logger = new Logger('Access');
  private users = new Map<string, StoredUser>();
  private keys = new Map<string, StoredApiKey>();
  private bindingList: readonly StoredBinding[] = [];
  private roleBindings = new RoleBindings([]);
  private revision = -1;
  private timer?: NodeJS.Timeout;
  private reloading?: Promise<void>;
  /** Bumped when users or keys change (not bindings): remembered credentials from an older generation are checked again. */
  credentialGeneration = 0;
  private credentialFingerprint = '';

  constructor(
    private readonly repository: AclRepository,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {}

  /** Loads everything and starts watching for other nodes' changes. */
  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.checkRevision(), this.config.AUTH_CACHE_SECONDS * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Loads everything again (after a change through this node). */
  reload(): Promise<void> {
    this.reloading ??= this.repository
      .loadAll()
      .then((s) => this.apply(s))
      .finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async checkRevision(): Promise<void> {
    try {
      if ((await this.repository.revision()) !== this.revision) await this.reload();
    } catch (e) {
      this.logger.warn(`Could not check for access changes: ${(e as Error).message}`);
    }
  }

  private apply(s: AclSnapshot): void {
    this.users = new Map(s.users.map((u) => [u.name, u]));
    this.keys = new Map(s.keys.map((k) => [k.id, k]));
    this.bindingList = s.bindings;
    this.roleBindings = new RoleBindings(s.bindings);
    this.revision = s.revision;
    const fingerprint = credentialFingerprint(s);
    if (fingerprint !== this.credentialFingerprint) {
      this.credentialFingerprint = fingerprint;
      this.credentialGeneration++;
    }
  }

  user(name: string): StoredUser | undefined {
    return this.users.get(name);
  }

  get userCount(): number {
    return this.users.size;
  }

  allUsers(): StoredUser[] {
    return [...this.users.values()];
  }

  key(id: string): StoredApiKey | undefined {
    return this.keys.get(id);
  }

  allKeys(): StoredApiKey[] {
    return [...this.keys.values()];
  }

  binding(id: string): StoredBinding | undefined {
    return this.bindingList.find((b) => b.id === id);
  }

  allBindings(): readonly StoredBinding[] {
    return this.bindingList;
  }

  get bindings(): RoleBindings {
    return this.roleBindings;
  }
}

/** What authentication depends on, hashed: users' passwords, keys' secrets, owners and expiry. */
function credentialFingerprint(s: AclSnapshot): string {
  const h = createHash('sha256');
  for (const u of s.users) h.update(`u\0${u.name}\0${u.passwordHash ?? ''}\n`);
  for (const k of s.keys) {
    h.update(`k\0${k.id}\0${k.owner}\0${k.secretHash}\0${k.previousSecretHash ?? ''}\0${k.previousExpiresAt?.getTime() ?? ''}\0${k.expiresAt?.getTime() ?? ''}\n`);
  }
  return h.digest('hex');
}
