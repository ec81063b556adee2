import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors/registry-error';
import { applyPage, page } from './query-params';
import { RegistryChanges } from './registry-changes';
import { SchemaRepository } from './repositories/schema.repository';
import { DEFAULT_CONTEXT, normalizeContext } from './subject-name';

/** GET /contexts and DELETE /contexts/{ctx}. */
@Injectable()
export class ContextService {
  constructor(
    private readonly repository: SchemaRepository,
    private readonly changes: RegistryChanges,
  ) {}

  async list(q: { contextPrefix?: string; offset?: unknown; limit?: unknown }): Promise<string[]> {
    const names = await this.repository.read((db) => this.repository.contexts(db));
    const all = [DEFAULT_CONTEXT, ...names.filter((n) => n !== DEFAULT_CONTEXT)];
    const prefix = q.contextPrefix;
    return applyPage(prefix ? all.filter((n) => n.startsWith(prefix)) : all, page(q.offset, q.limit));
  }

  async remove(raw: string): Promise<void> {
    const name = normalizeContext(raw);
    await this.repository.transaction(async (tx) => {
      const known = await this.repository.contexts(tx);
      if (!known.includes(name)) throw Errors.subjectNotFound(raw);
      if (await this.repository.contextHasSubjects(tx, name)) throw Errors.contextNotEmpty(raw);
      await this.repository.deleteContext(tx, name);
    });
    this.changes.publish({ kind: 'contexts' });
  }
}
