import type { DiffContext } from './diff-context';
import { acceptsAll, compareUnevaluated, coveredBy } from './object-diff';
import { compareLimit, type CompareSchemas } from './scalar-diff';
import type { ArraySchema, SchemaNode } from './schema-model';
import type { Step } from '../steps';

/**
 * Arrays (Confluent's ArraySchemaDiff). Tuple items follow the same content-model rules as
 * object properties (see object-diff.ts), with `additionalItems` (2020-12: `items` after
 * `prefixItems`) or `unevaluatedItems` in the role of `additionalProperties`. Tuple positions
 * are reported as `#/items/<index>` in every dialect, as Confluent does.
 */
export function* compareArray(ctx: DiffContext, original: ArraySchema, update: ArraySchema, compare: CompareSchemas): Step<void> {
  ctx.enter('items');
  yield compare(ctx, original.allItems, update.allItems);
  ctx.leave();
  yield compareTupleItems(ctx, original, update, compare);
  yield compareAdditionalItems(ctx, original, update, compare);
  yield compareUnevaluated(ctx, 'unevaluatedItems', original.unevaluatedItems, update.unevaluatedItems, compare, [
    'UNEVALUATED_ITEMS_ADDED',
    'UNEVALUATED_ITEMS_REMOVED',
    'UNEVALUATED_ITEMS_EXTENDED',
    'UNEVALUATED_ITEMS_NARROWED',
  ]);
  compareLimit(ctx, 'maxItems', original.maxItems, update.maxItems, ['MAX_ITEMS_ADDED', 'MAX_ITEMS_REMOVED', 'MAX_ITEMS_INCREASED', 'MAX_ITEMS_DECREASED']);
  compareLimit(ctx, 'minItems', original.minItems, update.minItems, ['MIN_ITEMS_ADDED', 'MIN_ITEMS_REMOVED', 'MIN_ITEMS_INCREASED', 'MIN_ITEMS_DECREASED']);
  if (original.uniqueItems !== update.uniqueItems) ctx.addAt('uniqueItems', original.uniqueItems ? 'UNIQUE_ITEMS_REMOVED' : 'UNIQUE_ITEMS_ADDED');
  compareLimit(ctx, 'maxContains', original.maxContains, update.maxContains, [
    'MAX_CONTAINS_ADDED',
    'MAX_CONTAINS_REMOVED',
    'MAX_CONTAINS_INCREASED',
    'MAX_CONTAINS_DECREASED',
  ]);
  compareLimit(ctx, 'minContains', original.minContains, update.minContains, [
    'MIN_CONTAINS_ADDED',
    'MIN_CONTAINS_REMOVED',
    'MIN_CONTAINS_INCREASED',
    'MIN_CONTAINS_DECREASED',
  ]);
}

function* compareTupleItems(ctx: DiffContext, original: ArraySchema, update: ArraySchema, compare: CompareSchemas): Step<void> {
  const before = original.tupleItems ?? [];
  const after = update.tupleItems ?? [];
  const length = Math.max(before.length, after.length);
  for (let index = 0; index < length; index++) {
    const o = before[index];
    const u = after[index];
    ctx.enter(`items/${index}`);
    if (o && u) yield compare(ctx, o, u);
    else if (o) yield itemRemoved(ctx, o, update, compare);
    else if (u) yield itemAdded(ctx, u, original, compare);
    ctx.leave();
  }
}

function* itemRemoved(ctx: DiffContext, before: SchemaNode, update: ArraySchema, compare: CompareSchemas): Step<void> {
  if (isOpenContentModel(update)) return ctx.add('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL');
  const partial = partialContentModel(update);
  if (partial) {
    const covered = (yield coveredBy(ctx, before, partial, compare)) as boolean;
    ctx.add(covered ? 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  } else {
    ctx.add(before.kind === 'false' ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL');
  }
}

function* itemAdded(ctx: DiffContext, after: SchemaNode, original: ArraySchema, compare: CompareSchemas): Step<void> {
  if (isOpenContentModel(original)) {
    return ctx.add(acceptsAll(after) ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL');
  }
  const partial = partialContentModel(original);
  if (partial) {
    const covered = (yield coveredBy(ctx, partial, after, compare)) as boolean;
    ctx.add(covered ? 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  } else {
    ctx.add('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL');
  }
}

function* compareAdditionalItems(ctx: DiffContext, original: ArraySchema, update: ArraySchema, compare: CompareSchemas): Step<void> {
  ctx.enter('additionalItems');
  if (original.permitsAdditionalItems !== update.permitsAdditionalItems) {
    ctx.add(original.permitsAdditionalItems ? 'ADDITIONAL_ITEMS_REMOVED' : 'ADDITIONAL_ITEMS_ADDED');
  } else if (original.additionalItems === null && update.additionalItems !== null) {
    ctx.add('ADDITIONAL_ITEMS_NARROWED');
  } else if (original.additionalItems !== null && update.additionalItems === null) {
    ctx.add('ADDITIONAL_ITEMS_EXTENDED');
  } else yield compare(ctx, original.additionalItems, update.additionalItems);
  ctx.leave();
}

/** Whether items past the tuple may be anything. */
function isOpenContentModel(schema: ArraySchema): boolean {
  if (!schema.permitsAdditionalItems || schema.additionalItems !== null) return false;
  return schema.unevaluatedItems === null || acceptsAll(schema.unevaluatedItems);
}

/** The schema items past the tuple must satisfy, when the model is partially open. */
function partialContentModel(schema: ArraySchema): SchemaNode | null {
  if (schema.additionalItems !== null) return schema.additionalItems;
  const u = schema.unevaluatedItems;
  if (schema.permitsAdditionalItems && u !== null && u.kind !== 'false' && !acceptsAll(u)) return u;
  return null;
}
