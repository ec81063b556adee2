import { cheapestMaximumMatching, type Edge } from './bipartite-matching';
import type { DiffContext } from './diff-context';
import { writeJson } from './json-writer';
import type { CompareSchemas } from './scalar-diff';
import type { CombinedSchema, SchemaNode } from './schema-model';
import type { Step } from '../steps';

/**
 * `allOf` / `anyOf` / `oneOf` against one another (Confluent's CombinedSchemaDiff):
 *
 * 1. the criterion: same, relaxed (COMBINED_TYPE_EXTENDED: to `anyOf`, between singletons,
 *    singleton to `oneOf`, `allOf` to singleton) or changed (COMBINED_TYPE_CHANGED, and stop);
 * 2. the number of distinct subschemas: more or fewer make a sum (`anyOf`/`oneOf`) or product
 *    (`allOf`) type EXTENDED or NARROWED;
 * 3. every original subschema against every update subschema; compatible pairs are edges of
 *    a bipartite graph, and a maximum matching of it pairs them up. Its pairs' differences are
 *    reported (under the original's `criterion/index`); if it cannot cover the smaller side,
 *    COMBINED_TYPE_SUBSCHEMAS_CHANGED.
 */
export function* compareCombined(ctx: DiffContext, original: CombinedSchema, update: CombinedSchema, compare: CompareSchemas): Step<void> {
  if (!compareCriteria(ctx, original, update)) return;
  const before = distinct(original.subschemas);
  const after = distinct(update.subschemas);
  if (before.length < after.length) ctx.add(update.criterion === 'allOf' ? 'PRODUCT_TYPE_EXTENDED' : 'SUM_TYPE_EXTENDED');
  else if (before.length > after.length) ctx.add(original.criterion === 'allOf' ? 'PRODUCT_TYPE_NARROWED' : 'SUM_TYPE_NARROWED');

  const edges: Edge[] = [];
  const found = new Map<number, DiffContext>();
  for (const [row, o] of before.entries()) {
    ctx.enter(`${original.criterion}/${row}`);
    for (const [col, u] of after.entries()) {
      const sub = ctx.sub();
      yield compare(sub, o, u);
      if (!sub.isCompatible()) continue;
      found.set(row * after.length + col, sub);
      edges.push({ row, col, cost: sub.size });
    }
    ctx.leave();
  }
  const matching = cheapestMaximumMatching(before.length, after.length, edges);
  for (const e of matching) ctx.addAll(found.get(e.row * after.length + e.col) as DiffContext);
  if (matching.length < Math.min(before.length, after.length)) ctx.add('COMBINED_TYPE_SUBSCHEMAS_CHANGED');
}

// Returns false when the criteria changed incompatibly (nothing more is compared then).
function compareCriteria(ctx: DiffContext, original: CombinedSchema, update: CombinedSchema): boolean {
  if (original.criterion === update.criterion) return true;
  const singleBefore = original.subschemas.length === 1;
  const singleAfter = update.subschemas.length === 1;
  const relaxed =
    update.criterion === 'anyOf' ||
    (singleBefore && singleAfter) ||
    (singleBefore && update.criterion === 'oneOf') ||
    (singleAfter && original.criterion === 'allOf');
  ctx.add(relaxed ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED');
  return relaxed;
}

const identities = new WeakMap<SchemaNode, string>();

// Subschemas written identically count once (Confluent collects them in a LinkedHashSet).
function distinct(subschemas: readonly SchemaNode[]): SchemaNode[] {
  const seen = new Set<string>();
  return subschemas.filter((s) => {
    let id = identities.get(s);
    if (id === undefined) {
      id = `${s.part ?? ''}|${writeJson(s.json, { sortKeys: true })}`;
      identities.set(s, id);
    }
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
