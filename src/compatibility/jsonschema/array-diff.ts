import type { DiffContext } from './diff-context';
import { acceptsAll, compareUnevaluated } from './object-diff';
import { compareLimit, type CompareSchemas } from './scalar-diff';
import type { ArraySchema, SchemaNode } from './schema-model';

/**
 * Arrays (Confluent's ArraySchemaDiff). Tuple items follow the same content-model rules as
 * object properties (see object-diff.ts), with `additionalItems` (2020-12: `items` after
 * `prefixItems`) or `unevaluatedItems` in the role of `additionalProperties`. Tuple positions
 * are reported as `#/items/<index>` in every dialect, as Confluent does.
 */
export function compareArray(ctx: DiffContext, original: ArraySchema, update: ArraySchema, compare: CompareSchemas): void {
  ctx.at('items', () => compare(ctx, original.allItems, update.allItems));
  compareTupleItems(ctx, original, update, compare);
  compareAdditionalItems(ctx, original, update, compare);
  compareUnevaluated(ctx, 'unevaluatedItems', original.unevaluatedItems, update.unevaluatedItems, compare, [
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

function compareTupleItems(ctx: DiffContext, original: ArraySchema, update: ArraySchema, compare: CompareSchemas): void {
  const before = original.tupleItems ?? [];
  const after = update.tupleItems ?? [];
  const length = Math.max(before.length, after.length);
  for (let index = 0; index < length; index++) {
    const o = before[index];
    const u = after[index];
    ctx.at(`items/${index}`, () => {
      if (o && u) compare(ctx, o, u);
      else if (o) itemRemoved(ctx, o, update, compare);
      else if (u) itemAdded(ctx, u, original, compare);
    });
  }
}

function itemRemoved(ctx: DiffContext, before: SchemaNode, update: ArraySchema, compare: CompareSchemas): void {
  if (isOpenContentModel(update)) {
    ctx.add('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL');
    return;
  }
  const partial = partialContentModel(update);
  if (partial) {
    const sub = ctx.sub();
    compare(sub, before, partial);
    ctx.addAll(sub.differences);
    ctx.add(sub.isCompatible() ? 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  } else {
    ctx.add(before.kind === 'false' ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL');
  }
}

function itemAdded(ctx: DiffContext, after: SchemaNode, original: ArraySchema, compare: CompareSchemas): void {
  if (isOpenContentModel(original)) {
    ctx.add(acceptsAll(after) ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL');
    return;
  }
  const partial = partialContentModel(original);
  if (partial) {
    const sub = ctx.sub();
    compare(sub, partial, after);
    ctx.addAll(sub.differences);
    ctx.add(sub.isCompatible() ? 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  } else {
    ctx.add('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL');
  }
}

function compareAdditionalItems(ctx: DiffContext, original: ArraySchema, update: ArraySchema, compare: CompareSchemas): void {
  ctx.at('additionalItems', () => {
    if (original.permitsAdditionalItems !== update.permitsAdditionalItems) {
      ctx.add(original.permitsAdditionalItems ? 'ADDITIONAL_ITEMS_REMOVED' : 'ADDITIONAL_ITEMS_ADDED');
    } else if (original.additionalItems === null && update.additionalItems !== null) {
      ctx.add('ADDITIONAL_ITEMS_NARROWED');
    } else if (original.additionalItems !== null && update.additionalItems === null) {
      ctx.add('ADDITIONAL_ITEMS_EXTENDED');
    } else compare(ctx, original.additionalItems, update.additionalItems);
  });
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
