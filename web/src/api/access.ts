import { credentialsName, loadCredentials } from './credentials';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { query, request, seg } from './client';

// Hooks for access management and the access audit log (src/acl: authentication, roles and the
// audit log). Until a server has these routes, pages say "not available" (ApiError.routeMissing).

/** A user or service account as `GET /acl/users` answers it (never a password). */
export interface AccessUser {
  name: string;
  /** No password: only API keys act for it. */
  serviceAccount?: boolean;
  createdAt?: string;
}
/** An API key as `GET /acl/keys` answers it: never its secret. */
export interface ApiKey {
  id: string;
  owner?: string;
  description?: string | null;
  createdAt?: string;
  expiresAt?: string | null;
  lastUsedAt?: string | null;
  rotatedAt?: string | null;
}
/** What creating or rotating a key answers: the key, with its secret shown this once. */
export interface ApiKeyWithSecret extends ApiKey {
  secret: string;
}
export interface RoleBinding {
  id?: string;
  principal: string;
  role: string;
  resource?: { type: string; name?: string; patternType?: string } | string;
  createdBy?: string;
  createdAt?: string;
}
export interface AuditEvent {
  seq?: number;
  at?: string;
  time?: string;
  principal: string;
  action: string;
  resource: string;
  outcome?: string;
  status?: number;
}

/** A binding's resource as people read it: `Topic sales.* (prefixed)`. */
export function describeResource(r: RoleBinding['resource']): string {
  if (!r) return 'everything';
  if (typeof r === 'string') return r;
  return [r.type, r.name, r.patternType && r.patternType !== 'LITERAL' ? `(${r.patternType.toLowerCase()})` : ''].filter(Boolean).join(' ');
}

export const accessKeys = {
  all: ['access'] as const,
  users: () => [...accessKeys.all, 'users'] as const,
  keys: () => [...accessKeys.all, 'keys'] as const,
  bindings: () => [...accessKeys.all, 'bindings'] as const,
  audit: (f: AuditFilter) => [...accessKeys.all, 'audit', f] as const,
};

export interface AuditFilter {
  principal?: string;
  resource?: string;
  action?: string;
  from?: string;
  to?: string;
}

export interface WhoAmI {
  principal: string;
  name: string;
  authenticationEnabled?: boolean;
  bindings: RoleBinding[];
}

/** `GET /acl/whoami`, or null where the server has no access control (older servers). */
export const useWhoAmI = () =>
  useQuery({
    // Keyed by who is signed in, so signing in or out asks again.
    queryKey: [...accessKeys.all, 'whoami', credentialsName(loadCredentials())] as const,
    queryFn: async ({ signal }) => {
      try {
        return await request<WhoAmI>('/acl/whoami', { signal, noRedirect: true });
      } catch {
        return null;
      }
    },
    staleTime: 30_000,
  });

/**
 * Whether the admin pages are for this principal: with authentication on, only a SystemAdmin
 * binding opens them (an Auditor reads the audit log, not access management); with it off, the
 * anonymous principal runs everything.
 */
export function isAdministrator(who: WhoAmI | null | undefined): boolean {
  if (!who || who.authenticationEnabled === false) return true;
  return who.bindings.some((b) => b.role === 'SystemAdmin');
}

export const useAccessUsers = (enabled = true) => useQuery({ enabled, queryKey: accessKeys.users(), queryFn: ({ signal }) => request<AccessUser[]>('/acl/users', { signal }) });
export const useApiKeys = (enabled = true) => useQuery({ enabled, queryKey: accessKeys.keys(), queryFn: ({ signal }) => request<ApiKey[]>('/acl/keys', { signal }) });
export const useRoleBindings = (enabled = true) =>
  useQuery({ enabled, queryKey: accessKeys.bindings(), queryFn: ({ signal }) => request<RoleBinding[]>('/acl/bindings', { signal }) });

/** The roles and resource types a binding can name (src/acl/rbac.ts). */
export const ROLES = ['SystemAdmin', 'ResourceOwner', 'DeveloperManage', 'DeveloperWrite', 'DeveloperRead', 'DataSteward', 'Auditor'] as const;
export const CLUSTER_ONLY_ROLES: readonly string[] = ['SystemAdmin', 'Auditor'];
export const RESOURCE_TYPES = ['Cluster', 'Subject', 'Topic', 'Domain', 'Catalog'] as const;
export const UNNAMED_RESOURCES: readonly string[] = ['Cluster', 'Catalog'];

export interface NewUser {
  name: string;
  /** Left out for a service account. */
  password?: string;
}
export interface NewApiKey {
  owner?: string;
  description?: string;
  expiresAt?: string;
}
export interface NewBinding {
  principal: string;
  role: string;
  resource: { type: string; name?: string; patternType?: 'LITERAL' | 'PREFIXED' };
}

/**
 * The writes of access management. Each invalidates every access list: deleting a user takes
 * its keys and bindings with it, revoking a key its bindings.
 */
export function useAccessAdmin() {
  const qc = useQueryClient();
  const onSettled = () => qc.invalidateQueries({ queryKey: accessKeys.all });
  return {
    createUser: useMutation({ mutationFn: (u: NewUser) => request<AccessUser>('/acl/users', { method: 'POST', body: u }), onSettled }),
    deleteUser: useMutation({ mutationFn: (name: string) => request<void>(`/acl/users/${seg(name)}`, { method: 'DELETE' }), onSettled }),
    createKey: useMutation({ mutationFn: (k: NewApiKey) => request<ApiKeyWithSecret>('/acl/keys', { method: 'POST', body: k }), onSettled }),
    rotateKey: useMutation({
      mutationFn: (id: string) => request<ApiKeyWithSecret>(`/acl/keys/${seg(id)}/rotate`, { method: 'POST', body: {} }),
      onSettled,
    }),
    revokeKey: useMutation({ mutationFn: (id: string) => request<void>(`/acl/keys/${seg(id)}`, { method: 'DELETE' }), onSettled }),
    createBinding: useMutation({ mutationFn: (b: NewBinding) => request<RoleBinding>('/acl/bindings', { method: 'POST', body: b }), onSettled }),
    deleteBinding: useMutation({ mutationFn: (id: string) => request<void>(`/acl/bindings/${seg(id)}`, { method: 'DELETE' }), onSettled }),
  };
}

/** `GET /acl/audit`: newest first; `from`/`to` as ISO times, `resource` and `action` as prefixes. */
export const useAuditLog = (f: AuditFilter) =>
  useQuery({
    queryKey: accessKeys.audit(f),
    queryFn: async ({ signal }) => {
      const iso = (d: string | undefined, end = false) => (d ? new Date(`${d}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined);
      const answer = await request<{ records: AuditEvent[] } | AuditEvent[]>(
        `/acl/audit${query({ principal: f.principal, resource: f.resource, action: f.action, from: iso(f.from), to: iso(f.to, true), limit: 200 })}`,
        { signal },
      );
      return Array.isArray(answer) ? answer : answer.records;
    },
  });
