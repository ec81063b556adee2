import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain, pure: each record's hash is SHA-256 over the hash of the record
 * before it and the record's own fields in a fixed order, so changing, removing or reordering
 * any record breaks every link after it.
 */

export type AuditOutcome = 'allowed' | 'denied' | 'error';

/** An audit record as stored. `time` is ISO 8601 UTC; `details` is JSON text. */
export interface AuditRecord {
  readonly seq: number;
  readonly time: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly outcome: AuditOutcome | string;
  readonly status: number;
  readonly requestId: string;
  readonly source: string;
  readonly details: string;
  readonly prevHash: string;
  readonly hash: string;
}

export type AuditFields = Omit<AuditRecord, 'prevHash' | 'hash'>;

/** The link before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields in a fixed order, as a JSON array: unambiguous whatever the values hold. */
export function canonicalRecord(r: AuditFields): string {
  return JSON.stringify([r.seq, r.time, r.principal, r.action, r.resource, r.outcome, r.status, r.requestId, r.source, r.details]);
}

export function recordHash(r: AuditFields, prevHash: string): string {
  return createHash('sha256').update(prevHash, 'utf8').update('\n').update(canonicalRecord(r), 'utf8').digest('hex');
}

/** Links new records after the chain's last one. */
export function chain(fields: readonly Omit<AuditFields, 'seq'>[], last: { seq: number; hash: string }): AuditRecord[] {
  let { seq, hash } = last;
  return fields.map((f) => {
    const r = { ...f, seq: ++seq };
    const prevHash = hash;
    hash = recordHash(r, prevHash);
    return { ...r, prevHash, hash };
  });
}

/**
 * The first thing wrong with the chain: a record whose fields no longer give its hash
 * (`edited`), a gap in the sequence (`missing`), a record whose link does not match the hash of
 * the one before (`broken-link`: the one before was edited and re-hashed, or records were
 * removed or reordered).
 */
export interface ChainProblem {
  readonly seq: number;
  readonly problem: 'edited' | 'missing' | 'broken-link';
  readonly message: string;
}

/** Checks records fed in sequence order; stops at the first problem. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  problem?: ChainProblem;

  /** Returns false once a problem was found (no need to feed more). */
  feed(r: AuditRecord): boolean {
    if (this.problem) return false;
    if (r.seq !== this.expectedSeq) {
      this.problem =
        r.seq > this.expectedSeq
          ? {
              seq: this.expectedSeq,
              problem: 'missing',
              message:
                r.seq - this.expectedSeq === 1
                  ? `Record ${this.expectedSeq} is missing`
                  : `Records ${this.expectedSeq} to ${r.seq - 1} are missing`,
            }
          : { seq: r.seq, problem: 'broken-link', message: `Record ${r.seq} appears out of order` };
      return false;
    }
    if (recordHash(r, r.prevHash) !== r.hash) {
      this.problem = { seq: r.seq, problem: 'edited', message: `Record ${r.seq} was changed after it was written` };
      return false;
    }
    if (r.prevHash !== this.prevHash) {
      this.problem = {
        seq: r.seq,
        problem: 'broken-link',
        message: `Record ${r.seq} does not link to record ${r.seq - 1}: the earlier record was changed or replaced`,
      };
      return false;
    }
    this.prevHash = r.hash;
    this.expectedSeq++;
    this.checked++;
    return true;
  }

  /**
   * Compares the end of the chain with its head, the last record as written beside the log in
   * the same transaction: a removed tail leaves the head pointing past the last record.
   */
  finish(head: { seq: number; hash: string } | undefined): ChainProblem | undefined {
    if (this.problem) return this.problem;
    const lastSeq = this.expectedSeq - 1;
    if (!head) {
      if (lastSeq > 0) this.problem = { seq: lastSeq, problem: 'missing', message: "The chain's head record is missing" };
    } else if (head.seq > lastSeq) {
      this.problem = {
        seq: lastSeq + 1,
        problem: 'missing',
        message: head.seq === lastSeq + 1 ? `Record ${head.seq} is missing` : `Records ${lastSeq + 1} to ${head.seq} are missing`,
      };
    } else if (head.hash !== this.prevHash) {
      this.problem = { seq: lastSeq, problem: 'edited', message: `Record ${lastSeq} does not match the chain's head` };
    }
    return this.problem;
  }

  get recordsChecked(): number {
    return this.checked;
  }

  get lastHash(): string {
    return this.prevHash;
  }
}
