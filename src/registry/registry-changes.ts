import { Injectable } from '@nestjs/common';

/** What changed in the registry, so caches (in this process and, later, in others) can drop it. */
export type RegistryChange =
  | { readonly kind: 'subject'; readonly context: string; readonly subject: string }
  | { readonly kind: 'schemas-removed'; readonly context: string; readonly ids: readonly number[] }
  | { readonly kind: 'config' }
  | { readonly kind: 'mode' }
  | { readonly kind: 'contexts' };

type Listener = (change: RegistryChange) => void;

/**
 * The registry's change feed. Writers publish after their transaction commits; caches listen.
 * A transport (PostgreSQL LISTEN/NOTIFY) can relay changes between processes through `relay`.
 */
@Injectable()
export class RegistryChanges {
  private readonly listeners: Listener[] = [];
  private readonly relays: Listener[] = [];

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Registers an outbound transport: it receives every local change. */
  addRelay(relay: Listener): void {
    this.relays.push(relay);
  }

  /** A change made here: applied locally and relayed to other processes. */
  publish(change: RegistryChange): void {
    this.deliver(change);
    for (const r of this.relays) r(change);
  }

  /** A change made by another process. */
  deliver(change: RegistryChange): void {
    for (const l of this.listeners) l(change);
  }
}
