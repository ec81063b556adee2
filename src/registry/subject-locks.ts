import { Injectable } from '@nestjs/common';
import { AsyncMutex } from '../common/async-mutex';
import type { QualifiedSubject } from './subject-name';

/**
 * One writer per subject in this process: registrations and deletes of a subject queue here, so
 * each decides on the subject as the previous write left it. (Across processes, the write
 * transaction's PostgreSQL advisory lock does the same.)
 */
@Injectable()
export class SubjectLocks {
  private readonly locks = new Map<string, { mutex: AsyncMutex; users: number }>();

  async run<T>(q: QualifiedSubject, fn: () => Promise<T>): Promise<T> {
    const key = `${q.context}\u0000${q.name}`;
    let entry = this.locks.get(key);
    if (!entry) {
      entry = { mutex: new AsyncMutex(), users: 0 };
      this.locks.set(key, entry);
    }
    entry.users++;
    try {
      return await entry.mutex.run(fn);
    } finally {
      if (--entry.users === 0) this.locks.delete(key);
    }
  }
}
