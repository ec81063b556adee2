import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Errors } from '../common/errors/registry-error';
import { AUTHORIZER, type Authorizer } from './authorizer';
import { ruleFor } from './route-permissions';

/**
 * Nest's global guard, the backstop behind AccessHooks: it looks the matched route up in the
 * table and lets a handler run only when the route has a rule and, with authentication on, the
 * hooks cleared the request. A route added without a rule is refused (fail closed).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(@Inject(AUTHORIZER) private readonly authorizer: Authorizer) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.authorizer.enforcing) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const template = req.routeOptions.url ?? '';
    const rule = ruleFor(req.method, template);
    if (!rule) throw Errors.forbidden('Access', `${req.method} ${template} (no access rule)`);
    if (rule.access === 'public' || req.access?.allowed) return true;
    throw Errors.forbidden('Access', `${req.method} ${template}`);
  }
}
