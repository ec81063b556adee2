import { Injectable } from '@nestjs/common';

/**
 * What changed, so caches (in this process and in the other nodes on the same database) can
 * drop it. `all` means "anything may have changed": every cache drops everything, as after
 * a lost notification channel. `catalog` is the catalogue's: `entity` names what kind of entry
 * changed (a topic, a domain, ...) and `key` which one, when one is known.
 */
export type RegistryChange =
  | { readonly kind: 'subject'; readonly context: string; readonly subject: string }
  | { readonly kind: 'schemas-removed'; readonly context: string; readonly ids: readonly number[] }
  | { readonly kind: 'config' }
  | { readonly kind: 'mode' }
  | { readonly kind: 'contexts' }
  | { readonly kind: 'catalog'; readonly entity: string; readonly key?: string }
  | { readonly kind: 'all' };

type Listener = (change: RegistryChange) => void;

/**
 * The change feed. Writers publish after their transaction commits; caches subscribe. With
 * several nodes on one PostgreSQL database, a relay (src/ops/cluster) sends every local change
 * to the others, which `deliver` it here.
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

  /** A change made by another process (or `all`, when changes may have been missed). */
  deliver(change: RegistryChange): void {
    for (const l of this.listeners) l(change);
  }
}
