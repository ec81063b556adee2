import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, query, request, seg } from './client';

// Hooks for Charter's Confluent-compatible registry API, with one query-key factory so a
// mutation invalidates exactly what it changed.

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** A subject version as `GET /subjects/{s}/versions/{v}` and `GET /schemas` answer it. */
export interface SubjectVersion {
  subject: string;
  version: number;
  id: number;
  /** Absent for Avro, as Confluent answers. */
  schemaType?: SchemaType;
  schema: string;
  references?: SchemaReference[];
  metadata?: unknown;
  ruleSet?: unknown;
  deleted?: boolean;
}

export const COMPATIBILITY_LEVELS = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT', 'FORWARD'] as const;
export type Mode = (typeof MODES)[number];

export interface CompatibilityVerdict {
  is_compatible: boolean;
  messages?: string[];
}

export const typeOf = (v: { schemaType?: SchemaType }): SchemaType => v.schemaType ?? 'AVRO';

export const registryKeys = {
  all: ['registry'] as const,
  subjects: (opts: { deleted: boolean }) => [...registryKeys.all, 'subjects', opts] as const,
  latestSchemas: () => [...registryKeys.all, 'schemas', 'latest'] as const,
  subject: (subject: string) => [...registryKeys.all, 'subject', subject] as const,
  versions: (subject: string) => [...registryKeys.subject(subject), 'versions'] as const,
  version: (subject: string, version: number | 'latest') => [...registryKeys.subject(subject), 'version', version] as const,
  referencedBy: (subject: string, version: number) => [...registryKeys.subject(subject), 'referencedby', version] as const,
  config: (subject: string) => [...registryKeys.subject(subject), 'config'] as const,
  mode: (subject: string) => [...registryKeys.subject(subject), 'mode'] as const,
  history: (subject: string) => [...registryKeys.subject(subject), 'history'] as const,
  schemaById: (id: number) => [...registryKeys.all, 'schema', id] as const,
  subjectsOfId: (id: number) => [...registryKeys.all, 'schema', id, 'versions'] as const,
};

const subjectPath = (subject: string) => `/subjects/${seg(subject)}`;

/** Subject names (soft-deleted ones too with `deleted`). */
export function useSubjects(opts: { deleted: boolean } = { deleted: false }) {
  return useQuery({
    queryKey: registryKeys.subjects(opts),
    queryFn: ({ signal }) => request<string[]>(`/subjects${query({ deleted: opts.deleted })}`, { signal }),
  });
}

/** The latest live version of every subject, with its schema (for listings and field search). */
export function useLatestSchemas() {
  return useQuery({
    queryKey: registryKeys.latestSchemas(),
    queryFn: ({ signal }) => fetchLatestSchemas(signal),
    staleTime: 30_000,
  });
}

export async function fetchLatestSchemas(signal?: AbortSignal): Promise<SubjectVersion[]> {
  const all: SubjectVersion[] = [];
  // The API pages at 1,000.
  for (let offset = 0; ; offset += 1000) {
    const page = await request<SubjectVersion[]>(`/schemas${query({ latestOnly: true, offset, limit: 1000 })}`, { signal });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

/** Version numbers of a subject, soft-deleted ones included (told apart with `useSubjectVersions(...).deleted`). */
export function useSubjectVersions(subject: string) {
  return useQuery({
    queryKey: registryKeys.versions(subject),
    queryFn: async ({ signal }) => {
      const [all, live] = await Promise.all([
        request<number[]>(`${subjectPath(subject)}/versions?deleted=true`, { signal }),
        request<number[]>(`${subjectPath(subject)}/versions`, { signal }).catch((e: unknown) => {
          // Every version soft-deleted: the subject is "not found" unless deleted ones are asked for.
          if (e instanceof ApiError && e.status === 404) return [] as number[];
          throw e;
        }),
      ]);
      const liveSet = new Set(live);
      return { all, live, deleted: all.filter((v) => !liveSet.has(v)) };
    },
  });
}

export function useSubjectVersion(subject: string, version: number | 'latest' | undefined) {
  return useQuery({
    queryKey: registryKeys.version(subject, version ?? 'latest'),
    queryFn: ({ signal }) => request<SubjectVersion>(`${subjectPath(subject)}/versions/${seg(version ?? 'latest')}?deleted=true`, { signal }),
    enabled: version !== undefined,
    placeholderData: keepPreviousData,
  });
}

/** Every version of one subject with its schema, soft-deleted ones included, oldest first. */
export function useSubjectHistory(subject: string) {
  return useQuery({
    queryKey: registryKeys.history(subject),
    queryFn: async ({ signal }) => {
      const rows: SubjectVersion[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await request<SubjectVersion[]>(`/schemas${query({ subjectPrefix: subject, deleted: true, offset, limit: 1000 })}`, { signal });
        rows.push(...page.filter((v) => v.subject === subject));
        if (page.length < 1000) break;
      }
      return rows.sort((a, b) => a.version - b.version);
    },
  });
}

/** Ids of the schemas that reference a version; with the subject versions those ids were registered as. */
export function useReferencedBy(subject: string, version: number | undefined) {
  return useQuery({
    queryKey: registryKeys.referencedBy(subject, version ?? -1),
    enabled: version !== undefined,
    queryFn: async ({ signal }) => {
      const ids = await request<number[]>(`${subjectPath(subject)}/versions/${version}/referencedby`, { signal });
      const rows = await Promise.all(
        ids.map((id) =>
          request<{ subject: string; version: number }[]>(`/schemas/ids/${id}/versions`, { signal }).then((vs) => ({ id, versions: vs })),
        ),
      );
      return rows;
    },
  });
}

/** The level in force for a subject, and whether the subject sets it or inherits it. */
export function useSubjectConfig(subject: string) {
  return useQuery({
    queryKey: registryKeys.config(subject),
    queryFn: async ({ signal }) => {
      const effective = await request<{ compatibilityLevel: CompatibilityLevel }>(`/config/${seg(subject)}?defaultToGlobal=true`, { signal });
      const own = await request<{ compatibilityLevel: CompatibilityLevel }>(`/config/${seg(subject)}`, { signal }).catch(() => null);
      return { level: effective.compatibilityLevel, inherited: !own };
    },
  });
}

export function useSubjectMode(subject: string) {
  return useQuery({
    queryKey: registryKeys.mode(subject),
    queryFn: async ({ signal }) => {
      const effective = await request<{ mode: Mode }>(`/mode/${seg(subject)}?defaultToGlobal=true`, { signal });
      const own = await request<{ mode: Mode }>(`/mode/${seg(subject)}`, { signal }).catch(() => null);
      return { mode: effective.mode, inherited: !own };
    },
  });
}

export function useSetSubjectConfig(subject: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (level: CompatibilityLevel | null) =>
      level === null
        ? request(`/config/${seg(subject)}`, { method: 'DELETE' })
        : request(`/config/${seg(subject)}`, { method: 'PUT', body: { compatibility: level } }),
    onSettled: () => qc.invalidateQueries({ queryKey: registryKeys.config(subject) }),
  });
}

export function useSetSubjectMode(subject: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (mode: Mode | null) =>
      mode === null ? request(`/mode/${seg(subject)}`, { method: 'DELETE' }) : request(`/mode/${seg(subject)}`, { method: 'PUT', body: { mode } }),
    onSettled: () => qc.invalidateQueries({ queryKey: registryKeys.mode(subject) }),
  });
}

/** Deletes a subject or one version: soft first; permanent only after a soft delete (as the API requires). */
export function useDeleteSubject(subject: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (opts: { version?: number; permanent: boolean }) =>
      request<unknown>(
        opts.version === undefined
          ? `${subjectPath(subject)}${query({ permanent: opts.permanent })}`
          : `${subjectPath(subject)}/versions/${opts.version}${query({ permanent: opts.permanent })}`,
        { method: 'DELETE' },
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: registryKeys.all }),
  });
}

export interface CompatibilityCheck {
  subject: string;
  /** A version number or 'latest'; undefined checks against every version the level compares with. */
  version?: number | 'latest';
  schema: string;
  schemaType: SchemaType;
  references?: SchemaReference[];
}

/** `POST /compatibility/subjects/{s}/versions[/{v}]?verbose=true`: the verdict with its messages. */
export function useCheckCompatibility() {
  return useMutation({
    mutationFn: (c: CompatibilityCheck) =>
      request<CompatibilityVerdict>(
        `/compatibility/subjects/${seg(c.subject)}/versions${c.version === undefined ? '' : `/${seg(c.version)}`}?verbose=true`,
        {
          method: 'POST',
          body: { schema: c.schema, ...(c.schemaType === 'AVRO' ? {} : { schemaType: c.schemaType }), ...(c.references?.length ? { references: c.references } : {}) },
        },
      ),
  });
}

/** Registers a schema (the playground's "register" after a compatible verdict). */
export function useRegisterSchema() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (c: CompatibilityCheck) =>
      request<{ id: number; version?: number }>(`${subjectPath(c.subject)}/versions`, {
        method: 'POST',
        body: { schema: c.schema, ...(c.schemaType === 'AVRO' ? {} : { schemaType: c.schemaType }), ...(c.references?.length ? { references: c.references } : {}) },
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: registryKeys.all }),
  });
}
