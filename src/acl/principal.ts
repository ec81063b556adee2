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
}

export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', kind: 'anonymous', groups: [] });
export const SYSTEM: Principal = Object.freeze({ name: 'system', kind: 'system', groups: [] });

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
