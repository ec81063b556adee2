import type { DiffContext } from './diff-context';
import type { JsonDifferenceType } from './difference-types';
import type { Decimal } from './json-decimal';
import type { ConstSchema, EnumSchema, NotSchema, NumberSchema, SchemaNode, StringSchema } from './schema-model';
import type { Step } from '../steps';

/** Compares two schemas (one may be absent), reporting into `ctx`: the diff's entry point, as a step. */
export type CompareSchemas = (ctx: DiffContext, original: SchemaNode | null, update: SchemaNode | null) => Step<void>;

/** The four outcomes of a keyword holding a limit: added, removed, increased, decreased. */
export type LimitTypes = readonly [JsonDifferenceType, JsonDifferenceType, JsonDifferenceType, JsonDifferenceType];

/** Reports how an optional limit moved (`maxLength`, `minItems`, ...). */
export function compareLimit(
  ctx: DiffContext,
  keyword: string,
  original: number | undefined,
  update: number | undefined,
  [added, removed, increased, decreased]: LimitTypes,
): void {
  if (original === update) return;
  if (original === undefined) ctx.addAt(keyword, added);
  else if (update === undefined) ctx.addAt(keyword, removed);
  else if (original < update) ctx.addAt(keyword, increased);
  else if (original > update) ctx.addAt(keyword, decreased);
}

function compareDecimalLimit(
  ctx: DiffContext,
  keyword: string,
  original: Decimal | undefined,
  update: Decimal | undefined,
  [added, removed, increased, decreased]: LimitTypes,
): void {
  if (original === undefined && update === undefined) return;
  if (original === undefined) ctx.addAt(keyword, added);
  else if (update === undefined) ctx.addAt(keyword, removed);
  else {
    const order = original.compare(update);
    if (order < 0) ctx.addAt(keyword, increased);
    else if (order > 0) ctx.addAt(keyword, decreased);
  }
}

/** `maxLength`, `minLength` and `pattern` (Confluent's StringSchemaDiff; `format` is not compared). */
export function compareString(ctx: DiffContext, original: StringSchema, update: StringSchema): void {
  compareLimit(ctx, 'maxLength', original.maxLength, update.maxLength, [
    'MAX_LENGTH_ADDED',
    'MAX_LENGTH_REMOVED',
    'MAX_LENGTH_INCREASED',
    'MAX_LENGTH_DECREASED',
  ]);
  compareLimit(ctx, 'minLength', original.minLength, update.minLength, [
    'MIN_LENGTH_ADDED',
    'MIN_LENGTH_REMOVED',
    'MIN_LENGTH_INCREASED',
    'MIN_LENGTH_DECREASED',
  ]);
  if (original.pattern === undefined && update.pattern !== undefined) ctx.addAt('pattern', 'PATTERN_ADDED');
  else if (original.pattern !== undefined && update.pattern === undefined) ctx.addAt('pattern', 'PATTERN_REMOVED');
  else if (original.pattern !== update.pattern) ctx.addAt('pattern', 'PATTERN_CHANGED');
}

/**
 * Limits are compared exactly (Confluent compares doubles; exact decimals agree with it
 * everywhere doubles are exact). `multipleOf` is judged by exact divisibility, which also
 * covers fractional steps such as 0.5 -> 10 (Confluent's integer arithmetic cannot).
 */
export function compareNumber(ctx: DiffContext, original: NumberSchema, update: NumberSchema): void {
  compareDecimalLimit(ctx, 'maximum', original.maximum, update.maximum, [
    'MAXIMUM_ADDED',
    'MAXIMUM_REMOVED',
    'MAXIMUM_INCREASED',
    'MAXIMUM_DECREASED',
  ]);
  compareDecimalLimit(ctx, 'minimum', original.minimum, update.minimum, [
    'MINIMUM_ADDED',
    'MINIMUM_REMOVED',
    'MINIMUM_INCREASED',
    'MINIMUM_DECREASED',
  ]);
  compareDecimalLimit(ctx, 'exclusiveMaximum', original.exclusiveMaximum, update.exclusiveMaximum, [
    'EXCLUSIVE_MAXIMUM_ADDED',
    'EXCLUSIVE_MAXIMUM_REMOVED',
    'EXCLUSIVE_MAXIMUM_INCREASED',
    'EXCLUSIVE_MAXIMUM_DECREASED',
  ]);
  compareDecimalLimit(ctx, 'exclusiveMinimum', original.exclusiveMinimum, update.exclusiveMinimum, [
    'EXCLUSIVE_MINIMUM_ADDED',
    'EXCLUSIVE_MINIMUM_REMOVED',
    'EXCLUSIVE_MINIMUM_INCREASED',
    'EXCLUSIVE_MINIMUM_DECREASED',
  ]);
  const before = original.multipleOf;
  const after = update.multipleOf;
  if (before === undefined && after !== undefined) ctx.addAt('multipleOf', 'MULTIPLE_OF_ADDED');
  else if (before !== undefined && after === undefined) ctx.addAt('multipleOf', 'MULTIPLE_OF_REMOVED');
  else if (before !== undefined && after !== undefined && !before.equals(after)) {
    // A coarser step admits fewer numbers (expanded), a finer one more (reduced).
    if (after.isMultipleOf(before)) ctx.addAt('multipleOf', 'MULTIPLE_OF_EXPANDED');
    else if (before.isMultipleOf(after)) ctx.addAt('multipleOf', 'MULTIPLE_OF_REDUCED');
    else ctx.addAt('multipleOf', 'MULTIPLE_OF_CHANGED');
  }
  if (original.requiresInteger !== update.requiresInteger) ctx.add(original.requiresInteger ? 'TYPE_EXTENDED' : 'TYPE_NARROWED');
}

/** Permitted values compared as sets: a superset extends, a subset narrows, anything else changes. */
export function compareEnum(ctx: DiffContext, original: EnumSchema, update: EnumSchema): void {
  const before = original.values;
  const after = update.values;
  const covers = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => [...b].every((v) => a.has(v));
  if (before.size === after.size && covers(before, after)) return;
  if (covers(after, before)) ctx.addAt('enum', 'ENUM_ARRAY_EXTENDED');
  else if (covers(before, after)) ctx.addAt('enum', 'ENUM_ARRAY_NARROWED');
  else ctx.addAt('enum', 'ENUM_ARRAY_CHANGED');
}

/** A different `const` value is reported as Confluent does, as ENUM_ARRAY_CHANGED. */
export function compareConst(ctx: DiffContext, original: ConstSchema, update: ConstSchema): void {
  if (original.value !== update.value) ctx.addAt('const', 'ENUM_ARRAY_CHANGED');
}

/**
 * `not` reverses the question: the update must reject less, so its inner schema must accept
 * less. Unlike Confluent, an unchanged `not` reports nothing (Confluent reports
 * NOT_TYPE_NARROWED, which would make a schema differ from itself).
 */
export function* compareNot(ctx: DiffContext, original: NotSchema, update: NotSchema, compare: CompareSchemas): Step<void> {
  ctx.enter('not');
  const sub = ctx.sub();
  yield compare(sub, update.mustNotMatch, original.mustNotMatch);
  if (sub.size > 0) ctx.add(sub.isCompatible() ? 'NOT_TYPE_NARROWED' : 'NOT_TYPE_EXTENDED');
  ctx.leave();
}
