import { useQuery } from '@tanstack/react-query';
import { query, request } from './client';

// Hooks for access management and the access audit log (authentication and roles, issue 6).
// The routes below are the ones the UI expects; until the server has them, pages say
// "not available" (ApiError.routeMissing).

export interface AccessUser {
  name: string;
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
  principal: string;
  role: string;
  scope?: string;
}
export interface AuditEvent {
  id?: string | number;
  at: string;
  principal: string;
  action: string;
  resource: string;
  outcome?: string;
}

export const accessKeys = {
  all: ['access'] as const,
  users: () => [...accessKeys.all, 'users'] as const,
  keys: () => [...accessKeys.all, 'keys'] as const,
  bindings: () => [...accessKeys.all, 'role-bindings'] as const,
  audit: (f: AuditFilter) => [...accessKeys.all, 'audit', f] as const,
};

export interface AuditFilter {
  principal?: string;
  resource?: string;
  action?: string;
  from?: string;
  to?: string;
}

export const useAccessUsers = () => useQuery({ queryKey: accessKeys.users(), queryFn: ({ signal }) => request<AccessUser[]>('/acl/users', { signal }) });
export const useApiKeys = () => useQuery({ queryKey: accessKeys.keys(), queryFn: ({ signal }) => request<ApiKey[]>('/acl/keys', { signal }) });
export const useRoleBindings = () =>
  useQuery({ queryKey: accessKeys.bindings(), queryFn: ({ signal }) => request<RoleBinding[]>('/acl/role-bindings', { signal }) });
export const useAuditLog = (f: AuditFilter) =>
  useQuery({ queryKey: accessKeys.audit(f), queryFn: ({ signal }) => request<AuditEvent[]>(`/audit/events${query({ ...f })}`, { signal }) });
