import type { CompatibilityPolicy } from '../compatibility-level';
import { compareArray } from './array-diff';
import { compareCombined } from './combined-diff';
import { DiffContext, type RawDifference } from './diff-context';
import { compatibleChanges } from './difference-types';
import { compareObject } from './object-diff';
import { compareConst, compareEnum, compareNot, compareNumber, compareString } from './scalar-diff';
import type { SchemaNode } from './schema-model';
import { runSteps, type Step } from '../steps';

/**
 * Every difference met when `update` reads data written with `original` (Confluent's
 * `SchemaDiff.compare(original, update)`). The policy matters beyond the final verdict: where
 * the diff tries alternatives (branches of a union, partially open content models, `not`) it
 * keeps the ones that are compatible under that policy, as Confluent does.
 */
export function diffSchemas(original: SchemaNode, update: SchemaNode, policy: CompatibilityPolicy): RawDifference[] {
  const ctx = DiffContext.root(compatibleChanges(policy));
  runSteps(compareSchemas(ctx, original, update));
  return ctx.differences;
}

/** Compares two schemas (either may be absent) at the context's current path. */
export function* compareSchemas(ctx: DiffContext, original: SchemaNode | null, update: SchemaNode | null): Step<void> {
  if (original === null && update === null) return;
  if (original === null) return ctx.add('SCHEMA_ADDED');
  if (update === null) return ctx.add('SCHEMA_REMOVED');
  const o = dereference(original);
  const u = dereference(update);
  yield ctx.comparePair(o, u, () => comparePair(ctx, o, u));
}

function* comparePair(ctx: DiffContext, original: SchemaNode, update: SchemaNode): Step<void> {
  if (original.kind !== 'combined' && update.kind === 'combined') {
    if (update.subschemas.length === 1) {
      // A singleton union is its member.
      if ((yield tryAgainst(ctx, original, update.subschemas[0] as SchemaNode)) as boolean) return;
    } else if (update.criterion !== 'allOf') {
      // Reading old values with a union: fine if one branch reads them.
      for (const branch of update.subschemas) {
        if ((yield tryAgainst(ctx, original, branch)) as boolean) return ctx.add('SUM_TYPE_EXTENDED');
      }
    }
  } else if (original.kind === 'combined' && update.kind !== 'combined') {
    if (original.subschemas.length === 1) {
      if ((yield tryAgainst(ctx, original.subschemas[0] as SchemaNode, update)) as boolean) return;
    } else if (original.criterion === 'allOf') {
      // Old values satisfied every part; the update keeping one part's rules reads them.
      for (const part of original.subschemas) {
        if ((yield tryAgainst(ctx, part, update)) as boolean) return ctx.add('PRODUCT_TYPE_NARROWED');
      }
    }
  }

  // Kinds stand for Confluent's Java classes; `{}` and `true` differ (TrueSchema extends EmptySchema).
  if (original.kind !== update.kind) {
    // `false` accepted nothing, `{}`/`true` accept everything: no constraint is lost either way.
    if (original.kind === 'false' || update.kind === 'empty' || update.kind === 'true') return;
    // Kafka Connect writes bytes as a string with `connect.type: bytes` on both sides.
    if (isConnectBytes(original) && isConnectBytes(update)) return;
    return ctx.add('TYPE_CHANGED');
  }

  if (original.id !== update.id) ctx.add('ID_CHANGED');
  if (original.title !== update.title) ctx.add('TITLE_CHANGED');
  if (original.description !== update.description) ctx.add('DESCRIPTION_CHANGED');
  if (original.defaultValue !== update.defaultValue) ctx.add('DEFAULT_CHANGED');

  switch (original.kind) {
    case 'string':
      return compareString(ctx, original, update as typeof original);
    case 'number':
      return compareNumber(ctx, original, update as typeof original);
    case 'enum':
      return compareEnum(ctx, original, update as typeof original);
    case 'const':
      return compareConst(ctx, original, update as typeof original);
    case 'combined':
      return void (yield compareCombined(ctx, original, update as typeof original, compareSchemas));
    case 'not':
      return void (yield compareNot(ctx, original, update as typeof original, compareSchemas));
    case 'object':
      return void (yield compareObject(ctx, original, update as typeof original, compareSchemas));
    case 'array':
      return void (yield compareArray(ctx, original, update as typeof original, compareSchemas));
    default:
      // empty, true, false, boolean, null, if/then/else: nothing beyond the annotations.
      return;
  }
}

// Compares in a subcontext; keeps the differences and answers true only when all are compatible.
function* tryAgainst(ctx: DiffContext, original: SchemaNode, update: SchemaNode): Step<boolean> {
  const sub = ctx.sub();
  yield compareSchemas(sub, original, update);
  if (!sub.isCompatible()) return false;
  ctx.addAll(sub);
  return true;
}

function isConnectBytes(schema: SchemaNode): boolean {
  const v = schema.unprocessed.get('connect.type');
  return v?.type === 'string' && v.value === 'bytes';
}

/**
 * The schema a `$ref` chain ends at. A chain that loops without reaching a schema
 * (`a -> b -> a`) validates nothing, so it reads as `{}`.
 */
function dereference(schema: SchemaNode): SchemaNode {
  let current = schema;
  const seen = new Set<SchemaNode>();
  while (current.kind === 'ref') {
    if (seen.has(current)) return { kind: 'empty', json: current.json, unprocessed: new Map(), isDocumentRoot: false };
    seen.add(current);
    current = current.target();
  }
  return current;
}
