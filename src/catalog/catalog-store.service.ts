import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AsyncMutex } from '../common/async-mutex';
import { RegistryChanges } from '../registry/registry-changes';
import { CatalogState } from './catalog-state';
import type { Change } from './catalog.types';
import { CatalogRepository } from './repositories/catalog.repository';

/**
 * How often a node looks for catalogue writes made by other nodes on its own, in case a change
 * notification was lost (they normally arrive through RegistryChanges at once).
 */
const POLL_MS = 10_000;

/**
 * The catalogue in memory: one immutable CatalogState, reloaded when the stored revision moves.
 * A read checks the revision; other nodes' writes also arrive as `catalog` changes, and a timer
 * checks now and then, so the registration hook can use the state in memory without a query.
 * Writes are serialized here, and across processes by the revision row they all update.
 */
@Injectable()
export class CatalogStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Catalog');
  private state = CatalogState.empty();
  private loaded = false;
  private bound = new Set<string>();
  private readonly writes = new AsyncMutex();
  private readonly loads = new AsyncMutex();
  private readonly listeners: ((state: CatalogState) => void)[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: CatalogRepository,
    private readonly changes: RegistryChanges,
  ) {
    changes.subscribe((c) => {
      if (c.kind === 'catalog' || c.kind === 'all') this.refresh();
    });
  }

  private refresh(): void {
    this.current().catch((e: Error) => this.logger.warn(`Could not refresh the catalogue: ${e.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.current();
    this.timer = setInterval(() => this.refresh(), POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The catalogue as last committed by any process. */
  async current(): Promise<CatalogState> {
    const revision = await this.repository.currentRevision();
    if (this.loaded && revision === this.state.revision) return this.state;
    return this.loads.run(async () => {
      if (!this.loaded || revision !== this.state.revision) {
        const fresh = await this.repository.loadState();
        // A write of this process may have landed while loading: never go back in time.
        if (!this.loaded || fresh.revision >= this.state.revision) this.install(fresh);
      }
      return this.state;
    });
  }

  /** The state held in memory, without asking the database (for the registration hook). */
  get cached(): CatalogState {
    return this.state;
  }

  /** Whether some topic is bound to this subject (formatted as the registry formats it). O(1), no I/O. */
  isBound(subject: string): boolean {
    return this.bound.has(subject);
  }

  /** Called with the new state after every change this process sees. */
  onChange(listener: (state: CatalogState) => void): void {
    this.listeners.push(listener);
  }

  /** Runs `fn` while no other write of this process runs. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.writes.run(fn);
  }

  /**
   * Stores `changes`, computed from `base`, with their history, in one transaction. Returns
   * the new state, or undefined when another process wrote since `base` was read (nothing is
   * written then; the caller decides again on fresh state).
   */
  async commit(base: CatalogState, changes: readonly Change[], principal: string): Promise<CatalogState | undefined> {
    const revision = await this.repository.commit(base.revision, changes, { principal, at: new Date() });
    if (revision === undefined) {
      await this.current();
      return undefined;
    }
    const state = base.with(changes).withRevision(revision);
    this.install(state);
    for (const entity of new Set(changes.map((c) => c.type))) {
      const keys = changes.filter((c) => c.type === entity).map((c) => c.key);
      this.changes.publish({ kind: 'catalog', entity, ...(keys.length === 1 ? { key: keys[0] } : {}) });
    }
    return state;
  }

  private install(state: CatalogState): void {
    this.state = state;
    this.loaded = true;
    this.bound = state.boundSubjects();
    for (const l of this.listeners) l(state);
  }
}
