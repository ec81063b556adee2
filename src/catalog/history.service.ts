import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors/registry-error';
import { ENTITY_TYPES, type EntityType, type HistoryRecord } from './catalog.types';
import { CatalogRepository } from './repositories/catalog.repository';

/** A history record as the API shows it, with the top-level fields that changed. */
export interface HistoryEntry extends Omit<HistoryRecord, 'at'> {
  readonly at: string;
  readonly changed: readonly string[];
}

const MAX_LIMIT = 1000;

/** Who changed what in the catalogue, and when. */
@Injectable()
export class HistoryService {
  constructor(private readonly repository: CatalogRepository) {}

  async list(query: { type?: string; key?: string; principal?: string; before?: string; limit?: string }): Promise<HistoryEntry[]> {
    const type = query.type;
    if (type !== undefined && !ENTITY_TYPES.includes(type as EntityType)) {
      throw Errors.invalidCatalogEntry(`Unknown entry type '${type}'; known: ${ENTITY_TYPES.join(', ')}`);
    }
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw Errors.invalidCatalogEntry(`limit must be an integer from 1 to ${MAX_LIMIT}`);
    const before = query.before === undefined ? undefined : Number(query.before);
    if (before !== undefined && !Number.isInteger(before)) throw Errors.invalidCatalogEntry('before must be a history id');
    const records = await this.repository.history({ type: type as EntityType | undefined, key: query.key, principal: query.principal, beforeId: before, limit });
    return records.map((r) => ({ ...r, at: r.at.toISOString(), changed: changedFields(r.before, r.after) }));
  }
}

/** Top-level fields whose values differ between two versions of an entry. */
export function changedFields(before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}
