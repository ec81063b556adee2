import { Injectable } from '@nestjs/common';
import type { ParsedSchema } from '../compatibility/schema-provider';
import type { SchemaType } from '../compatibility/schema-type';
import type { QualifiedSubject } from './subject-name';

/** A registration about to add a new version (identical re-registrations never reach hooks). */
export interface RegistrationAttempt {
  readonly subject: QualifiedSubject;
  /** The subject as the client wrote it (`:.ctx:name` or `name`). */
  readonly rawSubject: string;
  readonly schemaType: SchemaType;
  readonly parsed: ParsedSchema;
  /** The text that will be stored. */
  readonly schema: string;
  readonly metadata: unknown;
  readonly ruleSet: unknown;
}

export interface RegisteredVersion {
  readonly id: number;
  readonly version: number;
}

/**
 * Something outside the registry that takes part in registrations: the catalogue's policies
 * (which may refuse one by throwing a RegistryError), governance events, the audit log.
 */
export interface RegistrationHook {
  /** Called before a new version is written; throw a RegistryError to refuse it. */
  beforeRegister?(attempt: RegistrationAttempt): Promise<void>;
  /** Called after a new version is committed. Errors are logged, never surfaced. */
  afterRegister?(attempt: RegistrationAttempt, result: RegisteredVersion): Promise<void> | void;
}

/** Where modules plug their RegistrationHooks in (from their onModuleInit). */
@Injectable()
export class RegistrationHooks {
  private readonly hooks: RegistrationHook[] = [];

  add(hook: RegistrationHook): void {
    this.hooks.push(hook);
  }

  async before(attempt: RegistrationAttempt): Promise<void> {
    for (const h of this.hooks) if (h.beforeRegister) await h.beforeRegister(attempt);
  }

  async after(attempt: RegistrationAttempt, result: RegisteredVersion, onError: (e: unknown) => void): Promise<void> {
    for (const h of this.hooks) {
      try {
        if (h.afterRegister) await h.afterRegister(attempt, result);
      } catch (e) {
        onError(e);
      }
    }
  }
}
