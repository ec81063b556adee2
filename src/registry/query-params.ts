import { Errors } from '../common/errors/registry-error';

/** Query-string booleans as Confluent reads them: `true` (any case) is true, anything else false. */
export function flag(value: unknown): boolean {
  return typeof value === 'string' ? value.toLowerCase() === 'true' : value === true;
}

/** `offset` and `limit` of a paged list; limit -1 (the default) means everything. */
export function page(offset: unknown, limit: unknown, maxLimit = Number.MAX_SAFE_INTEGER): { offset: number; limit: number } {
  const o = offset === undefined || offset === '' ? 0 : Number(offset);
  const l = limit === undefined || limit === '' ? -1 : Number(limit);
  if (!Number.isInteger(o) || o < 0) throw Errors.badRequest(`Invalid offset '${String(offset)}': expected a non-negative integer`);
  if (!Number.isInteger(l) || l < -1) throw Errors.badRequest(`Invalid limit '${String(limit)}': expected -1 or a non-negative integer`);
  return { offset: o, limit: l <= 0 ? maxLimit : Math.min(l, maxLimit) };
}

export function applyPage<T>(items: readonly T[], p: { offset: number; limit: number }): T[] {
  return items.slice(p.offset, p.limit === Number.MAX_SAFE_INTEGER ? undefined : p.offset + p.limit);
}

/** A repeatable query parameter (`?key=a&key=b`) as a list. */
export function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
