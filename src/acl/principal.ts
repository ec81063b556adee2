import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * Who is making a request. The authentication layer (this folder) sets `request.principal`;
 * until it has, or when authentication is off, requests act as the anonymous principal.
 */
export interface Principal {
  /** Stable name: a user name, an API key id, or the subject of a token. */
  readonly name: string;
  readonly kind: 'anonymous' | 'user' | 'api-key' | 'token' | 'system';
  /** Groups from an identity provider claim, if any. */
  readonly groups: readonly string[];
  /** For an API key: the user it belongs to (it also acts with that user's bindings). */
  readonly owner?: string;
}

export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', kind: 'anonymous', groups: [] });
export const SYSTEM: Principal = Object.freeze({ name: 'system', kind: 'system', groups: [] });

/**
 * The names role bindings are given to that this principal answers to: `User:alice`,
 * `Group:devs` for each group of a token, `ApiKey:CK...` and its owner's `User:` for a key.
 */
export function identitiesOf(p: Principal): readonly string[] {
  let ids = identities.get(p);
  if (!ids) {
    if (p.kind === 'api-key') ids = [`ApiKey:${p.name}`, ...(p.owner ? [`User:${p.owner}`] : [])];
    else if (p.kind === 'user' || p.kind === 'token') ids = [`User:${p.name}`, ...p.groups.map((g) => `Group:${g}`)];
    else ids = [];
    identities.set(p, ids);
  }
  return ids;
}
const identities = new WeakMap<Principal, readonly string[]>();

/** How the audit log and messages name a principal: `User:alice`, `ApiKey:CK...`, `Anonymous`. */
export function principalLabel(p: Principal): string {
  switch (p.kind) {
    case 'api-key':
      return `ApiKey:${p.name}`;
    case 'user':
    case 'token':
      return `User:${p.name}`;
    case 'system':
      return 'System';
    default:
      return 'Anonymous';
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The request's principal, as a controller parameter: `@CurrentPrincipal() who: Principal`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  return req.principal ?? ANONYMOUS;
});
