import { credentialsName, loadCredentials } from './credentials';
import { useQuery } from '@tanstack/react-query';
import { query, request } from './client';

// Hooks for access management and the access audit log (src/acl: authentication, roles and the
// audit log). Until a server has these routes, pages say "not available" (ApiError.routeMissing).

export interface AccessUser {
  name: string;
  kind?: string;
  roles?: string[];
  disabled?: boolean;
}
export interface ApiKey {
  id: string;
  owner?: string;
  description?: string;
  createdAt?: string;
  expiresAt?: string | null;
}
export interface RoleBinding {
  id?: string;
  principal: string;
  role: string;
  resource?: { type: string; name?: string; patternType?: string } | string;
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
