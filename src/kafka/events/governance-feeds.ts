import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { HistoryEntry } from '../../catalog/history.service';
import { AsyncMutex } from '../../common/async-mutex';
import { RegistrationHooks, type RegisteredVersion, type RegistrationAttempt } from '../../registry/registration-hooks';
import { formatSubject } from '../../registry/subject-name';
import { CatalogAccess } from '../catalog-access';
import type { StoredFinding } from '../findings/finding.repository';
import { ProgressRepository } from '../progress.repository';
import { GovernanceEventTypes } from './cloud-event';
import { GovernanceEvents } from './governance-events.service';

const CATALOG_CURSOR = 'events:catalog';
/** History records read per page, newest first, until the last published revision (a write makes a few). */
const PAGE = 100;

/**
 * Feeds governance events from the three places facts happen: schema registrations (a
 * registration hook), catalogue writes (the catalogue's change notifications, read back from its
 * history), and the audit's findings (called by the scan).
 */
@Injectable()
export class GovernanceFeeds implements OnApplicationBootstrap {
  private readonly logger = new Logger('GovernanceEvents');
  private readonly catalogTurns = new AsyncMutex();
  /** The highest revision handed to the publisher (-1: none yet, so the first, even 0, sets the baseline). */
  private pendingRevision = -1;

  constructor(
    private readonly events: GovernanceEvents,
    private readonly hooks: RegistrationHooks,
    private readonly catalog: CatalogAccess,
    private readonly progress: ProgressRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.hooks.add({ afterRegister: (attempt, result) => this.registered(attempt, result) });
    const store = this.catalog.store;
    store.onChange((state) => this.catalogChanged(state.revision));
    // Changes committed while no node was publishing (a crash between commit and publish) go out now.
    await this.catalogChanged(store.cached.revision);
  }

  /** io.charter.schema.registered: a new version was committed. */
  registered(attempt: RegistrationAttempt, result: RegisteredVersion): void {
    const subject = formatSubject(attempt.subject);
    this.events.publish(GovernanceEventTypes.SCHEMA_REGISTERED, subject, {
      subject,
      context: attempt.subject.context,
      version: result.version,
      id: result.id,
      schemaType: attempt.schemaType,
      metadata: attempt.metadata ?? null,
    });
  }

  /** io.charter.finding.opened / .resolved: what a scan changed. */
  findings(changes: { opened: readonly StoredFinding[]; reopened: readonly StoredFinding[]; resolved: readonly StoredFinding[] }, scanId: number): void {
    const subject = (f: StoredFinding) => `${f.cluster}/${f.topic}`;
    for (const f of [...changes.opened, ...changes.reopened]) {
      this.events.publish(GovernanceEventTypes.FINDING_OPENED, subject(f), { ...f, scanId, reopened: changes.reopened.includes(f) }, {
        id: `finding-${f.id}-scan-${scanId}-opened`,
        time: new Date(f.openedAt),
      });
    }
    for (const f of changes.resolved) {
      this.events.publish(GovernanceEventTypes.FINDING_RESOLVED, subject(f), { ...f, scanId }, {
        id: `finding-${f.id}-scan-${scanId}-resolved`,
        time: f.resolvedAt ? new Date(f.resolvedAt) : undefined,
      });
    }
  }

  /**
   * io.charter.catalog.changed, one per history record after the last published revision. The
   * cursor is advanced before publishing, by one node only (a conditional update), so with
   * several nodes each change goes out once; ids are the history records', so a consumer can
   * still tell a repeat.
   */
  private catalogChanged(revision: number): Promise<void> {
    if (revision <= this.pendingRevision) return Promise.resolve();
    this.pendingRevision = revision;
    return this.catalogTurns
      .run(() => this.publishCatalog(revision))
      .catch((e: Error) => this.logger.warn(`Could not publish catalogue changes up to revision ${revision}: ${e.message}`));
  }

  private async publishCatalog(revision: number): Promise<void> {
    const from = await this.progress.position(CATALOG_CURSOR);
    if (from === undefined) {
      // The first start with events: history before now is not news.
      await this.progress.advance(CATALOG_CURSOR, undefined, revision);
      return;
    }
    if (from >= revision) return;
    const entries: HistoryEntry[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await this.catalog.history.list({ limit: String(PAGE), ...(before ? { before } : {}) });
      entries.push(...page.filter((e) => e.revision > from && e.revision <= revision));
      if (page.length < PAGE || page[page.length - 1].revision <= from) break;
      before = String(page[page.length - 1].id);
    }
    if (!(await this.progress.advance(CATALOG_CURSOR, from, revision))) return; // another node publishes these
    if (!this.events.enabled) return;
    for (const e of entries.sort((a, b) => a.id - b.id)) {
      this.events.publish(
        GovernanceEventTypes.CATALOG_CHANGED,
        `${e.type}/${e.key}`,
        { entity: e.type, key: e.key, action: e.action, revision: e.revision, principal: e.principal, changed: e.changed, before: e.before, after: e.after },
        { id: `catalog-history-${e.id}`, time: new Date(e.at) },
      );
    }
  }
}
