import { identitiesOf, type Principal } from './principal';
import { type Action, type RoleBindings, type Target } from './rbac';

/**
 * Decides whether a principal may do an action on a target. Synchronous on purpose: it answers
 * from memory, so the fast lane can ask it too.
 */
export interface Authorizer {
  /** False when authentication is off and everyone may do everything. */
  readonly enforcing: boolean;
  allows(p: Principal, action: Action, target: Target): boolean;
  /** Whether `action` is allowed on every resource of the type (in `context`, for subjects): lists need no filtering. */
  allowsAll(p: Principal, action: Action, type: Target['type'], context?: string): boolean;
  /** Whether `action` is allowed on some subject of the context. */
  allowsInContext(p: Principal, action: Action, context: string): boolean;
}

export const AUTHORIZER = Symbol('AUTHORIZER');

/** Authentication off: the anonymous principal may do everything. */
export class AllowAllAuthorizer implements Authorizer {
  readonly enforcing = false;
  allows(): boolean {
    return true;
  }
  allowsAll(): boolean {
    return true;
  }
  allowsInContext(): boolean {
    return true;
  }
}

/** Role bindings, as AclStore holds them now. */
export class RbacAuthorizer implements Authorizer {
  readonly enforcing = true;

  constructor(private readonly bindings: () => RoleBindings) {}

  allows(p: Principal, action: Action, target: Target): boolean {
    return this.bindings().allows(identitiesOf(p), action, target);
  }

  allowsAll(p: Principal, action: Action, type: Target['type'], context?: string): boolean {
    return this.bindings().allowsAll(identitiesOf(p), action, type, context);
  }

  allowsInContext(p: Principal, action: Action, context: string): boolean {
    return this.bindings().allowsInContext(identitiesOf(p), action, context);
  }
}
