import { Injectable } from '@nestjs/common';
import { Errors, type RegistryError } from '../common/errors/registry-error';
import { SchemaReadService } from '../registry/schema-read.service';
import { normalizeContext, parseSubject } from '../registry/subject-name';
import { AclStore } from './acl-store.service';
import { createBindingInput, parseAclBody, patternLabel, resourcePatternInput, toResourcePattern } from './dto/acl.dto';
import type { Principal } from './principal';
import { ANY_CONTEXT, CATALOG, CLUSTER, patternTarget, type Action, type Target } from './rbac';
import type { From, ResourceRef } from './route-permissions';
import { SchemaSubjects } from './schema-subjects';

/** The parts of a request a rule can name its resource in. */
export interface RequestParts {
  readonly params: Record<string, string | undefined>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
}

/** What a request touches, found from its rule. */
export interface ResolvedResource {
  /** Allowed when the action is allowed on any of these. */
  readonly targets: readonly Target[];
  /** The caller acts on its own account (changing its password, managing its keys). */
  readonly self?: boolean;
  /** The resource as the audit log names it. */
  readonly label: string;
  /** The answer to a refused request: for reads, exactly what a missing resource gets. */
  denial(action: Action): RegistryError;
}

const ACTION_WORDS: Record<Action, string> = {
  read: 'Read',
  write: 'Write',
  delete: 'Delete',
  configure: 'Configure',
  tag: 'Tag',
  grant: 'Grant',
  admin: 'Admin',
  audit: 'Audit',
};

function valueOf(from: From, parts: RequestParts): string | undefined {
  let v: unknown;
  if ('param' in from) v = parts.params[from.param];
  else if ('query' in from) v = parts.query[from.query];
  else v = parts.body && typeof parts.body === 'object' ? (parts.body as Record<string, unknown>)[from.body] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const forbidden = (type: string, name: string) => (action: Action) => Errors.forbidden(ACTION_WORDS[action], `${type}: ${name}`);
/** Every subject of every context: only cluster-wide grants reach it. */
const ALL_SUBJECTS: Target = { type: 'Subject', context: ANY_CONTEXT, name: '', prefix: true };

/** Finds the resource of a request from its rule (see route-permissions.ts). */
@Injectable()
export class ResourceResolver {
  constructor(
    private readonly schemaSubjects: SchemaSubjects,
    private readonly store: AclStore,
  ) {}

  async resolve(ref: ResourceRef, parts: RequestParts, who: Principal): Promise<ResolvedResource> {
    switch (ref.kind) {
      case 'cluster': {
        const named = ref.names && valueOf(ref.names.from, parts);
        return { targets: [CLUSTER], label: named ? `${ref.names!.type}:${named}` : 'Cluster', denial: forbidden('Cluster', 'charter') };
      }

      case 'catalog': {
        const name = ref.name && valueOf(ref.name, parts);
        const label = ref.label && name ? `Catalog:${ref.label}:${name}` : 'Catalog';
        return {
          targets: [CATALOG],
          label,
          denial: (action) =>
            action === 'read' && ref.label && name ? Errors.catalogEntryNotFound(ref.label, name) : forbidden('Catalog', name ?? 'catalog')(action),
        };
      }

      case 'subject': {
        const raw = valueOf(ref.from, parts);
        if (raw === undefined) return { targets: [ALL_SUBJECTS], label: 'Subject:', denial: forbidden('Subject', '(none)') };
        const q = parseSubject(raw);
        return {
          targets: [{ type: 'Subject', context: q.context, name: q.name, prefix: q.name === '' }],
          label: `Subject:${raw}`,
          denial: (action) => (action === 'read' ? Errors.subjectNotFound(raw) : forbidden('Subject', raw)(action)),
        };
      }

      case 'context': {
        const raw = valueOf(ref.from, parts) ?? '';
        const context = normalizeContext(raw);
        return {
          targets: [{ type: 'Subject', context, name: '', prefix: true }],
          label: `Context:${context}`,
          denial: forbidden('Context', context),
        };
      }

      case 'schema-id': {
        const raw = valueOf(ref.from, parts) ?? '';
        const subject = typeof parts.query.subject === 'string' ? parts.query.subject : undefined;
        const context = SchemaReadService.contextOf(subject);
        const valid = /^\d{1,10}$/.test(raw) && Number(raw) <= 2 ** 31 - 1;
        const shown = valid ? String(Number(raw)) : raw;
        const subjects = valid ? await this.schemaSubjects.of(context, Number(raw)) : [];
        return {
          targets: subjects.length
            ? subjects.map((s) => ({ type: 'Subject' as const, context: s.context, name: s.name }))
            : [{ type: 'Subject', context, name: '', prefix: true }],
          label: `Schema:${context === '.' ? '' : `:${context}:`}${shown}`,
          denial: () => Errors.schemaNotFound(shown),
        };
      }

      case 'schema-guid': {
        const guid = valueOf(ref.from, parts) ?? '';
        const targets: Target[] = [];
        for (const { context, id } of await this.schemaSubjects.idsOfGuid(guid)) {
          for (const s of await this.schemaSubjects.of(context, id)) targets.push({ type: 'Subject', context: s.context, name: s.name });
        }
        return { targets: targets.length ? targets : [ALL_SUBJECTS], label: `Schema:${guid}`, denial: () => Errors.schemaNotFound(guid) };
      }

      case 'topic':
      case 'domain': {
        const type = ref.kind === 'topic' ? 'Topic' : 'Domain';
        const name = valueOf(ref.from, parts);
        if (name === undefined) {
          return ref.orCluster
            ? { targets: [CLUSTER], label: 'Cluster', denial: forbidden('Cluster', 'charter') }
            : { targets: [{ type, name: '', prefix: true }], label: `${type}:`, denial: forbidden(type, '(none)') };
        }
        return {
          targets: [{ type, name }],
          label: `${type}:${name}`,
          denial: (action) => (action === 'read' ? Errors.catalogEntryNotFound(type, name) : forbidden(type, name)(action)),
        };
      }

      case 'user': {
        const own = who.kind === 'user' || who.kind === 'token' ? who.name : undefined;
        const name = valueOf(ref.from, parts) ?? own;
        return {
          targets: [CLUSTER],
          self: own !== undefined && name === own,
          label: `User:${name ?? ''}`,
          denial: forbidden('User', name ?? '(none)'),
        };
      }

      case 'api-key': {
        const id = valueOf(ref.from, parts) ?? '';
        const key = this.store.key(id);
        const own = who.kind === 'user' || who.kind === 'token' ? who.name : undefined;
        return {
          targets: [CLUSTER],
          self: !!key && own !== undefined && key.owner === own,
          label: `ApiKey:${id}`,
          // Keys of others look like keys that do not exist.
          denial: () => Errors.apiKeyNotFound(id),
        };
      }

      case 'binding-pattern': {
        const body = parts.body && typeof parts.body === 'object' ? (parts.body as Record<string, unknown>) : {};
        const input = parseAclBody(resourcePatternInput, body[fieldOf(ref.from)], 'resource');
        const role = createBindingInput.shape.role.safeParse(body.role);
        const pattern = toResourcePattern(input, role.success ? role.data : undefined);
        const label = patternLabel(pattern);
        return { targets: [patternTarget(pattern)], label, denial: forbidden('Binding', label) };
      }

      case 'binding': {
        const id = valueOf(ref.from, parts) ?? '';
        const binding = this.store.binding(id);
        return {
          targets: binding ? [patternTarget(binding.resource)] : [CLUSTER],
          label: binding ? `Binding:${id} (${patternLabel(binding.resource)})` : `Binding:${id}`,
          denial: () => Errors.roleBindingNotFound(id),
        };
      }
    }
  }
}

function fieldOf(from: From): string {
  return 'body' in from ? from.body : 'param' in from ? from.param : from.query;
}
