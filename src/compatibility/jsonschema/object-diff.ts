import type { DiffContext } from './diff-context';
import type { JsonDifferenceType } from './difference-types';
import { compareLimit, type CompareSchemas } from './scalar-diff';
import type { ObjectSchema, SchemaNode } from './schema-model';
import type { Step } from '../steps';

/**
 * Objects (Confluent's ObjectSchemaDiff). The rule that matters most is the content model:
 *
 * - open: `additionalProperties` absent or `true`, no `patternProperties`, and
 *   `unevaluatedProperties` absent or accepting anything: any property name may carry any value;
 * - partially open: a `patternProperties` entry matching the name, or `additionalProperties`
 *   (else `unevaluatedProperties`) given as a schema: the name may carry values of that schema;
 * - closed: neither (typically `additionalProperties: false`).
 *
 * A property added by the update is judged against the original's model (old data may already
 * hold that name with any value the model allowed); a property removed is judged against the
 * update's model (will the update still accept the old values under that name?).
 */
export function* compareObject(ctx: DiffContext, original: ObjectSchema, update: ObjectSchema, compare: CompareSchemas): Step<void> {
  compareRequired(ctx, original, update);
  yield compareProperties(ctx, original, update, compare);
  yield compareDependencies(ctx, original, update, compare);
  yield compareAdditionalProperties(ctx, original, update, compare);
  yield compareUnevaluated(ctx, 'unevaluatedProperties', original.unevaluatedProperties, update.unevaluatedProperties, compare, [
    'UNEVALUATED_PROPERTIES_ADDED',
    'UNEVALUATED_PROPERTIES_REMOVED',
    'UNEVALUATED_PROPERTIES_EXTENDED',
    'UNEVALUATED_PROPERTIES_NARROWED',
  ]);
  compareLimit(ctx, 'maxProperties', original.maxProperties, update.maxProperties, [
    'MAX_PROPERTIES_ADDED',
    'MAX_PROPERTIES_REMOVED',
    'MAX_PROPERTIES_INCREASED',
    'MAX_PROPERTIES_DECREASED',
  ]);
  compareLimit(ctx, 'minProperties', original.minProperties, update.minProperties, [
    'MIN_PROPERTIES_ADDED',
    'MIN_PROPERTIES_REMOVED',
    'MIN_PROPERTIES_INCREASED',
    'MIN_PROPERTIES_DECREASED',
  ]);
}

// Only properties declared on both sides: a name required without a schema is not compared.
function compareRequired(ctx: DiffContext, original: ObjectSchema, update: ObjectSchema): void {
  ctx.enter('required');
  for (const name of original.properties.keys()) {
    if (!update.properties.has(name)) continue;
    const before = original.required.has(name);
    const after = update.required.has(name);
    if (before && !after) ctx.addAt(name, 'REQUIRED_ATTRIBUTE_REMOVED');
    else if (!before && after) {
      ctx.addAt(name, hasDefault(update.properties.get(name)) ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED');
    }
  }
  ctx.leave();
}

function* compareProperties(ctx: DiffContext, original: ObjectSchema, update: ObjectSchema, compare: CompareSchemas): Step<void> {
  ctx.enter('properties');
  for (const name of union(original.properties.keys(), update.properties.keys())) {
    ctx.enter(name);
    const before = original.properties.get(name);
    const after = update.properties.get(name);
    if (before && after) yield compare(ctx, before, after);
    else if (before) yield propertyRemoved(ctx, name, before, update, compare);
    else if (after) yield propertyAdded(ctx, name, after, original, update, compare);
    ctx.leave();
  }
  ctx.leave();
}

function* propertyRemoved(ctx: DiffContext, name: string, before: SchemaNode, update: ObjectSchema, compare: CompareSchemas): Step<void> {
  if (isOpenContentModel(update)) return ctx.add('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL');
  const partial = partialContentModel(update, name);
  if (partial) {
    const covered = (yield coveredBy(ctx, before, partial, compare)) as boolean;
    ctx.add(covered ? 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  } else {
    ctx.add(before.kind === 'false' ? 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL');
  }
}

function* propertyAdded(
  ctx: DiffContext,
  name: string,
  after: SchemaNode,
  original: ObjectSchema,
  update: ObjectSchema,
  compare: CompareSchemas,
): Step<void> {
  const required = update.required.has(name);
  const withDefault = hasDefault(after);
  if (isOpenContentModel(original)) {
    let type: JsonDifferenceType;
    if (acceptsAll(after)) type = 'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL';
    else if (!required) type = 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL';
    else type = withDefault ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL';
    return ctx.add(type);
  }
  const partial = partialContentModel(original, name);
  if (partial) {
    const covered = (yield coveredBy(ctx, partial, after, compare)) as boolean;
    ctx.add(covered ? 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  }
  // Closed and partially open models alike: a new required property needs a default.
  if (!required) ctx.add('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL');
  else ctx.add(withDefault ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL');
}

/** Compares in a subcontext, keeps what it found, and answers whether all of it was compatible. */
export function* coveredBy(ctx: DiffContext, original: SchemaNode, update: SchemaNode, compare: CompareSchemas): Step<boolean> {
  const sub = ctx.sub();
  yield compare(sub, original, update);
  ctx.addAll(sub);
  return sub.isCompatible();
}

function* compareDependencies(ctx: DiffContext, original: ObjectSchema, update: ObjectSchema, compare: CompareSchemas): Step<void> {
  ctx.enter('dependencies');
  for (const name of union(original.propertyDependencies.keys(), update.propertyDependencies.keys())) {
    const before = original.propertyDependencies.get(name);
    const after = update.propertyDependencies.get(name);
    if (!after) ctx.addAt(name, 'DEPENDENCY_ARRAY_REMOVED');
    else if (!before) ctx.addAt(name, 'DEPENDENCY_ARRAY_ADDED');
    else if (!sameSet(before, after)) {
      if (containsAll(after, before)) ctx.addAt(name, 'DEPENDENCY_ARRAY_EXTENDED');
      else if (containsAll(before, after)) ctx.addAt(name, 'DEPENDENCY_ARRAY_NARROWED');
      else ctx.addAt(name, 'DEPENDENCY_ARRAY_CHANGED');
    }
  }
  for (const name of union(original.schemaDependencies.keys(), update.schemaDependencies.keys())) {
    const before = original.schemaDependencies.get(name);
    const after = update.schemaDependencies.get(name);
    if (!after) ctx.addAt(name, 'DEPENDENCY_SCHEMA_REMOVED');
    else if (!before) ctx.addAt(name, 'DEPENDENCY_SCHEMA_ADDED');
    else {
      ctx.enter(name);
      yield compare(ctx, before, after);
      ctx.leave();
    }
  }
  ctx.leave();
}

function* compareAdditionalProperties(ctx: DiffContext, original: ObjectSchema, update: ObjectSchema, compare: CompareSchemas): Step<void> {
  ctx.enter('additionalProperties');
  if (original.permitsAdditionalProperties !== update.permitsAdditionalProperties) {
    ctx.add(update.permitsAdditionalProperties ? 'ADDITIONAL_PROPERTIES_ADDED' : 'ADDITIONAL_PROPERTIES_REMOVED');
  } else if (original.additionalProperties === null && update.additionalProperties !== null) {
    ctx.add('ADDITIONAL_PROPERTIES_NARROWED');
  } else if (original.additionalProperties !== null && update.additionalProperties === null) {
    ctx.add('ADDITIONAL_PROPERTIES_EXTENDED');
  } else yield compare(ctx, original.additionalProperties, update.additionalProperties);
  ctx.leave();
}

/**
 * `unevaluatedProperties` / `unevaluatedItems`: `false` means closed, absent or `{}`/`true`
 * means open, anything else narrows what may appear.
 */
export function* compareUnevaluated(
  ctx: DiffContext,
  keyword: string,
  original: SchemaNode | null,
  update: SchemaNode | null,
  compare: CompareSchemas,
  [added, removed, extended, narrowed]: readonly [JsonDifferenceType, JsonDifferenceType, JsonDifferenceType, JsonDifferenceType],
): Step<void> {
  if (original === null && update === null) return;
  ctx.enter(keyword);
  if (original === null) ctx.add(update?.kind === 'false' ? removed : narrowed);
  else if (update === null) ctx.add(original.kind === 'false' ? added : extended);
  else if (original.kind === 'false' && update.kind !== 'false') ctx.add(added);
  else if (original.kind !== 'false' && update.kind === 'false') ctx.add(removed);
  else if (acceptsAll(original) && !acceptsAll(update)) ctx.add(narrowed);
  else if (!acceptsAll(original) && acceptsAll(update)) ctx.add(extended);
  else yield compare(ctx, original, update);
  ctx.leave();
}

/** Whether any property name may carry any value. */
function isOpenContentModel(schema: ObjectSchema): boolean {
  if (!schema.permitsAdditionalProperties || schema.additionalProperties !== null) return false;
  if (schema.patternProperties.length > 0) return false;
  return schema.unevaluatedProperties === null || acceptsAll(schema.unevaluatedProperties);
}

/** The schema an unlisted property `name` must satisfy, when the model is partially open. */
function partialContentModel(schema: ObjectSchema, name: string): SchemaNode | null {
  for (const p of schema.patternProperties) if (p.regex?.test(name)) return p.schema;
  if (schema.additionalProperties !== null) return schema.additionalProperties;
  if (schema.permitsAdditionalProperties && schema.unevaluatedProperties !== null) {
    const u = schema.unevaluatedProperties;
    if (u.kind !== 'false' && !acceptsAll(u)) return u;
  }
  return null;
}

/** `{}` or `true`. */
export function acceptsAll(schema: SchemaNode): boolean {
  return schema.kind === 'empty' || schema.kind === 'true';
}

// A property schema carries a default itself or, behind a `$ref`, in its target.
function hasDefault(schema: SchemaNode | undefined): boolean {
  if (!schema) return false;
  if (schema.defaultValue !== undefined) return true;
  return schema.kind === 'ref' && schema.target().defaultValue !== undefined;
}

function union(a: Iterable<string>, b: Iterable<string>): Set<string> {
  return new Set([...a, ...b]);
}

function containsAll(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of b) if (!a.has(x)) return false;
  return true;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && containsAll(a, b);
}
