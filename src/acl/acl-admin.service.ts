import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Errors } from '../common/errors/registry-error';
import { CHARTER_CONFIG, isLoopbackHost, type CharterConfig } from '../config/config';
import { AclStore } from './acl-store.service';
import { AuthenticationService } from './authentication.service';
import { AUTHORIZER, type Authorizer } from './authorizer';
import {
  changePasswordInput,
  createApiKeyInput,
  createBindingInput,
  createUserInput,
  parseAclBody,
  rotateApiKeyInput,
  toResourcePattern,
} from './dto/acl.dto';
import { identitiesOf, principalLabel, type Principal } from './principal';
import { ACTIONS, CLUSTER, ROLE_ACTIONS, ROLES, type RoleBinding } from './rbac';
import { AclRepository, type StoredApiKey, type StoredBinding } from './repositories/acl.repository';
import { hashPassword, hashSecret, newApiKeyId, newApiKeySecret } from './secrets';

/** A user as the API shows it. */
export interface UserView {
  readonly name: string;
  /** No password: only API keys act for it. */
  readonly serviceAccount: boolean;
  readonly createdAt: string;
}

/** An API key as the API shows it: never its secret. */
export interface ApiKeyView {
  readonly id: string;
  readonly owner: string;
  readonly description: string | null;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly rotatedAt: string | null;
  /** Until when the secret replaced by the last rotation still works. */
  readonly previousSecretExpiresAt: string | null;
}

export interface BindingView {
  readonly id: string;
  readonly principal: string;
  readonly role: string;
  readonly resource: { readonly type: string; readonly name: string; readonly patternType: string };
  readonly createdBy: string;
  readonly createdAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Users, API keys and role bindings: the access API's logic. */
@Injectable()
export class AclAdminService {
  private readonly logger = new Logger('Access');

  constructor(
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    private readonly repository: AclRepository,
    private readonly store: AclStore,
    private readonly authentication: AuthenticationService,
  ) {}

  /** At start: says whether requests are checked; creates the administrator from ADMIN_USER / ADMIN_PASSWORD when there is no user yet. */
  async bootstrap(): Promise<void> {
    if (!this.config.AUTH_ENABLED) {
      this.logger.warn(
        isLoopbackHost(this.config.HOST)
          ? `Authentication is off (AUTH_ENABLED): every request acts with full rights, so Charter serves on the loopback address ${this.config.HOST} only`
          : `Authentication is off and HOST=${this.config.HOST} is not a loopback address: serving without authentication because ALLOW_UNAUTHENTICATED=true`,
      );
    }
    const { ADMIN_USER: name, ADMIN_PASSWORD: password } = this.config;
    if (name && password && this.store.userCount === 0) {
      const created = await this.repository.createFirstUser(name, await hashPassword(password), {
        id: randomUUID(),
        principal: `User:${name}`,
        role: 'SystemAdmin',
        resource: { type: 'Cluster', name: '', pattern: 'LITERAL' },
        createdBy: 'System',
        createdAt: new Date(),
      });
      if (created) this.logger.log(`Created the administrator '${name}' (SystemAdmin) from ADMIN_USER`);
      await this.store.reload();
    }
    if (this.config.AUTH_ENABLED && this.store.userCount === 0 && !this.config.AUTH_OIDC_ISSUER) {
      this.logger.warn('Authentication is on but there is no user: set ADMIN_USER and ADMIN_PASSWORD to create the first administrator');
    }
  }

  whoami(p: Principal) {
    return {
      principal: principalLabel(p),
      name: p.name,
      kind: p.kind,
      groups: p.groups,
      ...(p.owner ? { owner: p.owner } : {}),
      authenticationEnabled: this.config.AUTH_ENABLED,
      bindings: this.store.bindings.of(identitiesOf(p)).map((b) => this.bindingView(this.store.binding(b.id) ?? b)),
    };
  }

  roles(): Record<string, string[]> {
    return Object.fromEntries(ROLES.map((r) => [r, ACTIONS.filter((a) => ROLE_ACTIONS[r].has(a))]));
  }

  listUsers(): UserView[] {
    return this.store.allUsers().map((u) => ({ name: u.name, serviceAccount: u.passwordHash === null, createdAt: u.createdAt.toISOString() }));
  }

  async createUser(body: unknown): Promise<UserView> {
    const input = parseAclBody(createUserInput, body, 'user');
    const hash = input.password === undefined ? null : await hashPassword(input.password);
    if (!(await this.repository.createUser(input.name, hash))) throw Errors.aclUserExists(input.name);
    await this.store.reload();
    return this.listUsers().find((u) => u.name === input.name)!;
  }

  async deleteUser(name: string): Promise<void> {
    if (!this.store.user(name)) throw Errors.aclUserNotFound(name);
    this.refuseLockout(this.store.allBindings().filter((b) => b.principal === `User:${name}`));
    if (!(await this.repository.deleteUser(name))) throw Errors.aclUserNotFound(name);
    await this.store.reload();
  }

  async changePassword(name: string, body: unknown): Promise<void> {
    const input = parseAclBody(changePasswordInput, body, 'password change');
    if (!this.store.user(name)) throw Errors.aclUserNotFound(name);
    if (!(await this.repository.setPassword(name, await hashPassword(input.password)))) throw Errors.aclUserNotFound(name);
    await this.store.reload();
  }

  listKeys(): ApiKeyView[] {
    return this.store.allKeys().map((k) => this.keyView(k));
  }

  /** Creates a key; the answer is the only place its secret ever appears. */
  async createKey(body: unknown, who: Principal): Promise<ApiKeyView & { secret: string }> {
    const input = parseAclBody(createApiKeyInput, body, 'API key');
    const owner = input.owner ?? (who.kind === 'user' || who.kind === 'token' ? who.name : undefined);
    if (!owner) throw Errors.invalidAclRequest('Name the owner of the key');
    // Keys of local accounts need the account; a signed-in identity-provider user may own keys too.
    if (!this.store.user(owner) && !(who.kind === 'token' && who.name === owner)) throw Errors.aclUserNotFound(owner);
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw Errors.invalidAclRequest('expiresAt is in the past');
    const id = newApiKeyId();
    const secret = newApiKeySecret();
    await this.repository.createKey({ id, owner, description: input.description ?? null, secretHash: hashSecret(secret), expiresAt, createdAt: new Date() });
    await this.store.reload();
    return { ...this.keyView(this.store.key(id)!), secret };
  }

  /**
   * A new secret for a key. The old one keeps working for the grace period (default
   * API_KEY_ROTATION_GRACE_SECONDS), so clients can be redeployed without an outage; 0 revokes it now.
   */
  async rotateKey(id: string, body: unknown): Promise<ApiKeyView & { secret: string }> {
    const input = parseAclBody(rotateApiKeyInput, body, 'rotation');
    const key = this.store.key(id);
    if (!key) throw Errors.apiKeyNotFound(id);
    const grace = input.graceSeconds ?? this.config.API_KEY_ROTATION_GRACE_SECONDS;
    const now = new Date();
    const secret = newApiKeySecret();
    const previous = grace > 0 ? { hash: key.secretHash, expiresAt: new Date(now.getTime() + grace * 1000) } : null;
    if (!(await this.repository.rotateKey(id, hashSecret(secret), previous, now))) throw Errors.apiKeyNotFound(id);
    await this.store.reload();
    return { ...this.keyView(this.store.key(id)!), secret };
  }

  async revokeKey(id: string): Promise<void> {
    if (!(await this.repository.deleteKey(id))) throw Errors.apiKeyNotFound(id);
    await this.store.reload();
  }

  listBindings(): BindingView[] {
    return this.store.allBindings().map((b) => this.bindingView(b));
  }

  async createBinding(body: unknown, who: Principal): Promise<BindingView> {
    const input = parseAclBody(createBindingInput, body, 'role binding');
    const resource = toResourcePattern(input.resource, input.role);
    // Whoever may grant on the cluster is not thereby an administrator: making one takes one.
    if (input.role === 'SystemAdmin' && !this.authorizer.allows(who, 'admin', CLUSTER)) {
      throw Errors.forbidden('Grant', 'role SystemAdmin');
    }
    const binding: StoredBinding = {
      id: randomUUID(),
      principal: input.principal,
      role: input.role,
      resource,
      createdBy: principalLabel(who),
      createdAt: new Date(),
    };
    if (!(await this.repository.createBinding(binding))) throw Errors.roleBindingExists();
    await this.store.reload();
    return this.bindingView(binding);
  }

  async deleteBinding(id: string, who: Principal): Promise<void> {
    const binding = this.store.binding(id);
    if (!binding) throw Errors.roleBindingNotFound(id);
    if (binding.role === 'SystemAdmin' && !this.authorizer.allows(who, 'admin', CLUSTER)) throw Errors.forbidden('Grant', 'role SystemAdmin');
    this.refuseLockout([binding]);
    if (!(await this.repository.deleteBinding(id))) throw Errors.roleBindingNotFound(id);
    await this.store.reload();
  }

  /** Refuses to remove the last SystemAdmin binding of a user with a password: nobody could sign in to fix it. */
  private refuseLockout(removed: readonly RoleBinding[]): void {
    if (!this.config.AUTH_ENABLED || this.config.AUTH_OIDC_ISSUER) return;
    const admins = this.store
      .allBindings()
      .filter((b) => b.role === 'SystemAdmin' && b.principal.startsWith('User:') && this.store.user(b.principal.slice(5))?.passwordHash);
    if (admins.length && admins.every((b) => removed.some((r) => r.id === b.id))) {
      throw Errors.invalidAclRequest('That would remove the last administrator who can sign in with a password');
    }
  }

  private keyView(k: StoredApiKey): ApiKeyView {
    return {
      id: k.id,
      owner: k.owner,
      description: k.description,
      createdAt: k.createdAt.toISOString(),
      expiresAt: iso(k.expiresAt),
      lastUsedAt: iso(this.authentication.lastUsedOf(k)),
      rotatedAt: iso(k.rotatedAt),
      previousSecretExpiresAt: k.previousSecretHash && k.previousExpiresAt && k.previousExpiresAt.getTime() > Date.now() ? iso(k.previousExpiresAt) : null,
    };
  }

  private bindingView(b: RoleBinding & Partial<Pick<StoredBinding, 'createdBy' | 'createdAt'>>): BindingView {
    return {
      id: b.id,
      principal: b.principal,
      role: b.role,
      resource: { type: b.resource.type, name: b.resource.name, patternType: b.resource.pattern },
      createdBy: b.createdBy ?? '',
      createdAt: b.createdAt?.toISOString() ?? '',
    };
  }
}
