/**
 * Role-based access control, after Confluent's RBAC: pure TypeScript, no HTTP, no storage.
 *
 * A role binding gives a principal (`User:alice`, `Group:devs`, `ApiKey:CK...`) a role on a
 * resource pattern; a role is a set of actions. A request is allowed when one of the principal's
 * identities has a binding whose role includes the action and whose pattern covers the target.
 */

/** What a request does to its resource. */
export const ACTIONS = ['read', 'write', 'delete', 'configure', 'tag', 'grant', 'admin', 'audit'] as const;
export type Action = (typeof ACTIONS)[number];

export const ROLES = [
  'SystemAdmin',
  'ResourceOwner',
  'DeveloperManage',
  'DeveloperWrite',
  'DeveloperRead',
  'DataSteward',
  'Auditor',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * The one table of what each role may do. `configure` is compatibility config and mode, `tag` is
 * the catalogue's field tags and classification, `grant` is creating and deleting role bindings,
 * `admin` is users and API keys, `audit` is reading the audit log and who has access.
 */
export const ROLE_ACTIONS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  SystemAdmin: new Set(ACTIONS),
  ResourceOwner: new Set<Action>(['read', 'write', 'delete', 'configure', 'tag', 'grant']),
  DeveloperManage: new Set<Action>(['read', 'delete', 'configure']),
  DeveloperWrite: new Set<Action>(['read', 'write']),
  DeveloperRead: new Set<Action>(['read']),
  DataSteward: new Set<Action>(['read', 'tag']),
  Auditor: new Set<Action>(['read', 'audit']),
};

/** Roles that make sense only for the whole cluster. */
export const CLUSTER_ONLY_ROLES: ReadonlySet<Role> = new Set<Role>(['SystemAdmin', 'Auditor']);

export const RESOURCE_TYPES = ['Cluster', 'Subject', 'Topic', 'Domain', 'Catalog'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
export type PatternType = 'LITERAL' | 'PREFIXED';

/**
 * The resource a binding is on. `Cluster` covers everything; `Catalog` covers the catalogue's
 * entries that are neither topics nor domains (teams, applications, events, policies, history).
 * A `Subject` name is qualified like Confluent's subjects (`:.ctx:name`, plain for the default
 * context); a PREFIXED one may start with `:*:` to match in every context.
 */
export interface ResourcePattern {
  readonly type: ResourceType;
  readonly name: string;
  readonly pattern: PatternType;
}

export interface RoleBinding {
  readonly id: string;
  readonly principal: string;
  readonly role: Role;
  readonly resource: ResourcePattern;
}

/** Any context: a PREFIXED subject pattern `:*:prefix`. */
export const ANY_CONTEXT = '*';
const DEFAULT_CONTEXT = '.';

/**
 * What a request touches. A `prefix` target stands for every name that starts with it (a
 * context's own config, or the resource of a binding being granted): only a PREFIXED pattern
 * at least as wide covers it.
 */
export type Target =
  | { readonly type: 'Cluster' }
  | { readonly type: 'Catalog' }
  | { readonly type: 'Subject'; readonly context: string; readonly name: string; readonly prefix?: boolean }
  | { readonly type: 'Topic' | 'Domain'; readonly name: string; readonly prefix?: boolean };

export const CLUSTER: Target = Object.freeze({ type: 'Cluster' });
export const CATALOG: Target = Object.freeze({ type: 'Catalog' });

/** A subject pattern's context and name part: `:.ctx:name`, `:*:name` (PREFIXED only), `name`. */
export function subjectPatternParts(p: ResourcePattern): { context: string; name: string } {
  const raw = p.name;
  if (p.pattern === 'PREFIXED' && raw.startsWith(':*:')) return { context: ANY_CONTEXT, name: raw.slice(3) };
  if (raw.startsWith(':.')) {
    const end = raw.indexOf(':', 2);
    const ctx = end < 0 ? raw.slice(1) : raw.slice(1, end);
    return { context: ctx === '.' || ctx === '' ? DEFAULT_CONTEXT : ctx, name: end < 0 ? '' : raw.slice(end + 1) };
  }
  return { context: DEFAULT_CONTEXT, name: raw };
}

/** The target a binding's own resource stands for (what granting it requires). */
export function patternTarget(p: ResourcePattern): Target {
  const prefix = p.pattern === 'PREFIXED';
  switch (p.type) {
    case 'Cluster':
      return CLUSTER;
    case 'Catalog':
      return CATALOG;
    case 'Subject': {
      const { context, name } = subjectPatternParts(p);
      return { type: 'Subject', context, name, prefix };
    }
    default:
      return { type: p.type, name: p.name, prefix };
  }
}

function nameCovered(p: { name: string; pattern: PatternType }, name: string, targetIsPrefix: boolean): boolean {
  if (p.pattern === 'LITERAL') return !targetIsPrefix && p.name === name;
  return name.startsWith(p.name);
}

/** Whether a binding on `p` reaches `t`. */
export function covers(p: ResourcePattern, t: Target): boolean {
  if (p.type === 'Cluster') return true;
  if (p.type !== t.type) return false;
  switch (t.type) {
    case 'Catalog':
      return true;
    case 'Subject': {
      const parts = subjectPatternParts(p);
      if (parts.context !== ANY_CONTEXT && parts.context !== t.context) return false;
      return nameCovered({ name: parts.name, pattern: p.pattern }, t.name, !!t.prefix);
    }
    case 'Topic':
    case 'Domain':
      return nameCovered(p, t.name, !!t.prefix);
    default:
      return false;
  }
}

/**
 * The bindings in force, indexed by principal. Immutable: a change builds a new one, so readers
 * on the hot path never see a half-applied update.
 */
export class RoleBindings {
  private readonly byPrincipal = new Map<string, RoleBinding[]>();

  constructor(readonly all: readonly RoleBinding[]) {
    for (const b of all) {
      const list = this.byPrincipal.get(b.principal);
      if (list) list.push(b);
      else this.byPrincipal.set(b.principal, [b]);
    }
  }

  /** The bindings of any of these identities. */
  of(identities: readonly string[]): RoleBinding[] {
    const out: RoleBinding[] = [];
    for (const id of identities) {
      const list = this.byPrincipal.get(id);
      if (list) out.push(...list);
    }
    return out;
  }

  /** Whether one of the identities may do `action` on `target`. */
  allows(identities: readonly string[], action: Action, target: Target): boolean {
    for (const id of identities) {
      const list = this.byPrincipal.get(id);
      if (!list) continue;
      for (const b of list) if (ROLE_ACTIONS[b.role].has(action) && covers(b.resource, target)) return true;
    }
    return false;
  }

  /**
   * Whether one of the identities may do `action` on everything of a type (a Cluster binding, or
   * a pattern that covers every name): lists then need no filtering.
   */
  allowsAll(identities: readonly string[], action: Action, type: Target['type'], context?: string): boolean {
    const target: Target =
      type === 'Subject'
        ? { type, context: context ?? ANY_CONTEXT, name: '', prefix: true }
        : type === 'Topic' || type === 'Domain'
          ? { type, name: '', prefix: true }
          : type === 'Catalog'
            ? CATALOG
            : CLUSTER;
    return this.allows(identities, action, target);
  }

  /** Whether one of the identities has `action` on some subject of `context` (to list the context). */
  allowsInContext(identities: readonly string[], action: Action, context: string): boolean {
    for (const b of this.of(identities)) {
      if (!ROLE_ACTIONS[b.role].has(action)) continue;
      if (b.resource.type === 'Cluster') return true;
      if (b.resource.type !== 'Subject') continue;
      const parts = subjectPatternParts(b.resource);
      if (parts.context === ANY_CONTEXT || parts.context === context) return true;
    }
    return false;
  }
}
