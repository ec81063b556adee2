import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CHARTER_CONFIG, type CharterConfig } from '../config/config';
import { ChainVerifier, type AuditFields, type AuditOutcome, type AuditRecord, type ChainProblem } from './audit-chain';
import { AuditRepository, type AuditQuery } from './repositories/audit.repository';

/** What a caller reports; the log adds the time, sequence number and hashes. */
export interface AuditEntry {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly outcome: AuditOutcome;
  readonly status: number;
  readonly requestId: string;
  readonly source: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface VerifyReport {
  readonly valid: boolean;
  readonly recordsChecked: number;
  /** The head the check ran up to: keep it elsewhere to prove later that nothing was cut off. */
  readonly head: { readonly seq: number; readonly hash: string } | null;
  readonly problem?: ChainProblem;
}

const BATCH = 500;
const RETRY_MS = 1000;
const PAGE = 1000;

/**
 * The audit log. Requests report entries without waiting; a single writer appends them in the
 * order they came, in batches, and retries after a database error rather than dropping any.
 * Closing the application waits for the queue to drain.
 */
@Injectable()
export class AuditLogService implements OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private readonly queue: Omit<AuditFields, 'seq'>[] = [];
  private writing?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private failed = false;
  private closing = false;

  constructor(
    private readonly repository: AuditRepository,
    @Inject(CHARTER_CONFIG) private readonly config: CharterConfig,
  ) {}

  /**
   * Queues a record. Every column is NOT NULL, and one row the database refuses would hold up
   * every record behind it, so missing text is written as `unknown` rather than trusted.
   */
  record(entry: AuditEntry): void {
    const text = (v: string | undefined) => (typeof v === 'string' && v !== '' ? v : 'unknown');
    this.queue.push({
      time: new Date().toISOString(),
      principal: text(entry.principal),
      action: text(entry.action),
      resource: text(entry.resource),
      outcome: entry.outcome,
      status: Number.isInteger(entry.status) ? entry.status : 0,
      requestId: text(entry.requestId),
      source: text(entry.source),
      details: JSON.stringify(entry.details ?? {}),
    });
    if (!this.retryTimer) this.kick();
  }

  /** Resolves once everything recorded so far is written; rejects when the database refuses. */
  async flush(): Promise<void> {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    while (this.queue.length || this.writing) {
      await this.kick();
      if (this.failed) throw new Error('The audit log cannot be written');
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.flush();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
    if (this.queue.length) this.logger.error(`${this.queue.length} audit records could not be written before shutdown`);
  }

  /** Starts the writer unless it runs; returns its run. */
  private kick(): Promise<void> {
    this.writing ??= (async () => {
      // Yield first, so `writing` is set before the run can end and clear it.
      await Promise.resolve();
      try {
        while (this.queue.length) {
          const batch = this.queue.slice(0, BATCH);
          await this.repository.append(batch);
          this.queue.splice(0, batch.length);
        }
        this.failed = false;
      } catch (e) {
        this.failed = true;
        this.logger.error(`Audit records not written yet (${this.queue.length} waiting): ${(e as Error).message}`);
        if (!this.closing) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            void this.kick();
          }, RETRY_MS);
          this.retryTimer.unref();
        }
      } finally {
        this.writing = undefined;
      }
    })();
    return this.writing;
  }

  query(q: AuditQuery): Promise<AuditRecord[]> {
    return this.repository.query(q);
  }

  /** Every record matching the filters, oldest first, a page at a time. */
  async *scan(q: Omit<AuditQuery, 'order' | 'limit' | 'beforeSeq'>): AsyncGenerator<AuditRecord> {
    let after = q.afterSeq ?? 0;
    for (;;) {
      const page = await this.repository.query({ ...q, afterSeq: after, order: 'asc', limit: PAGE });
      yield* page;
      if (page.length < PAGE) return;
      after = page[page.length - 1].seq;
    }
  }

  /**
   * Walks the whole chain up to its head and reports the first record that was changed, removed
   * or reordered. Records appended while it runs are beyond the head it read and left out.
   */
  async verify(): Promise<VerifyReport> {
    await this.flush();
    const head = await this.repository.head();
    const verifier = new ChainVerifier();
    let after = 0;
    const upTo = head?.seq ?? Number.MAX_SAFE_INTEGER;
    for (;;) {
      const page = await this.repository.range(after, upTo, PAGE);
      for (const r of page) if (!verifier.feed(r)) break;
      if (verifier.problem || page.length < PAGE) break;
      after = page[page.length - 1].seq;
    }
    const problem = verifier.finish(head);
    return { valid: !problem, recordsChecked: verifier.recordsChecked, head: head ?? null, ...(problem ? { problem } : {}) };
  }

  /** A record as the API shows it: `details` as JSON rather than the text the hash covers. */
  toView(r: AuditRecord): Omit<AuditRecord, 'details'> & { details: unknown } {
    return { ...r, details: safeJson(r.details) };
  }

  /** The CloudEvents 1.0 form of a record (one JSON line of an export). */
  toCloudEvent(r: AuditRecord): Record<string, unknown> {
    return {
      specversion: '1.0',
      id: `${this.config.CLUSTER_ID}-audit-${r.seq}`,
      source: `urn:charter:${encodeURIComponent(this.config.CLUSTER_ID)}:audit`,
      type: `io.charter.audit.${r.action}`,
      subject: r.resource,
      time: r.time,
      datacontenttype: 'application/json',
      data: {
        seq: r.seq,
        principal: r.principal,
        action: r.action,
        resource: r.resource,
        outcome: r.outcome,
        status: r.status,
        requestId: r.requestId,
        sourceAddress: r.source,
        details: safeJson(r.details),
        prevHash: r.prevHash,
        hash: r.hash,
      },
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
