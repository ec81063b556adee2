import type { Difference } from '../difference';
import type { EnumElement, FieldElement, FieldLabel, MessageElement, ProtoFileElement, TypeElement } from './proto-elements';
import { SCALAR_TYPES, mapTypes } from './proto-elements';
import { protobufDifference, type ProtobufDifferenceType } from './protobuf-difference';
import { localName, resolveName, type TypeInfo, type TypeTable } from './proto-types';

/** One side of a diff: the file and every type it can see. */
export interface DiffSide {
  readonly file: ProtoFileElement;
  readonly types: TypeTable;
}

/**
 * Confluent's Protobuf `SchemaDiff.compare(original, update)`: what changes when `update` reads
 * data written with `original`. Messages and enums are matched by name, fields by tag; a field
 * whose message type comes from a different import (another subject or version, or a built-in
 * file) is diffed into that type, whose differences are reported at the type's own path.
 *
 * Recursion runs on an explicit stack (see {@link runTask}), so neither deep nesting nor long
 * chains of imported types can exhaust the JavaScript stack; a message already being compared
 * further up is not compared again, so self-reference ends.
 */
export function diffProtobuf(original: DiffSide, update: DiffSide): Difference[] {
  const ctx = new DiffContext(original.types, update.types, original.file.packageName ?? '', update.file.packageName ?? '');
  runTask(compareFiles(ctx, original.file, update.file));
  return [...ctx.differences];
}

/** A step of the diff; it yields the sub-steps that must finish before it goes on. */
interface Task extends Generator<Task, void, undefined> {}

/** Runs a task and everything it yields depth-first on a heap-allocated stack. */
function runTask(root: Task): void {
  const stack: Task[] = [root];
  while (stack.length > 0) {
    const step = stack[stack.length - 1].next();
    if (step.done) stack.pop();
    else stack.push(step.value);
  }
}

/** What every context of one diff writes to, imported-type contexts included. */
interface DiffOutput {
  readonly differences: Difference[];
  incompatible: number;
}

class DiffContext {
  /** The current path, `#/` + its segments: type names, oneof names, tags. */
  private readonly path: string[] = [];
  /** The enclosing type names, the scope in which relative type names are resolved. */
  private readonly names: string[] = [];

  constructor(
    private readonly originalTypes: TypeTable,
    private readonly updateTypes: TypeTable,
    private readonly originalPackage: string,
    private readonly updatePackage: string,
    private readonly output: DiffOutput = { differences: [], incompatible: 0 },
    /**
     * Original messages being compared right now, to stop on self-reference. Contexts nest
     * strictly (a sub-diff ends before its parent goes on) and each removes what it added, so
     * sharing one set is the same as Confluent copying it into every sub-context.
     */
    private readonly visiting: Set<MessageElement> = new Set(),
  ) {}

  get differences(): readonly Difference[] {
    return this.output.differences;
  }

  /** The number of incompatible differences so far, to tell whether a sub-diff added any. */
  get incompatibleCount(): number {
    return this.output.incompatible;
  }

  /**
   * A context for diffing an imported message type at its own path (its local name), in the
   * packages of the files that declare it. Its differences land in the same list, in the order
   * Confluent appends a sub-context's.
   */
  subcontext(originalPackage: string, updatePackage: string, localName: string): DiffContext {
    const sub = new DiffContext(this.originalTypes, this.updateTypes, originalPackage, updatePackage, this.output, this.visiting);
    const parts = localName.split('.');
    sub.path.push(...parts);
    sub.names.push(...parts);
    return sub;
  }

  add(type: ProtobufDifferenceType, ...segments: Array<string | number>): void {
    const path = [...this.path, ...segments.map(String)];
    const difference = protobufDifference(type, `#/${path.join('/')}`);
    this.output.differences.push(difference);
    if (!difference.compatible) this.output.incompatible++;
  }

  enterPath(segment: string | number): void {
    this.path.push(String(segment));
  }

  exitPath(): void {
    this.path.pop();
  }

  enterName(name: string): void {
    this.path.push(name);
    this.names.push(name);
  }

  exitName(): void {
    this.names.pop();
    this.path.pop();
  }

  enterSchema(message: MessageElement): boolean {
    if (this.visiting.has(message)) return false;
    this.visiting.add(message);
    return true;
  }

  exitSchema(message: MessageElement): void {
    this.visiting.delete(message);
  }

  resolve(name: string, isOriginal: boolean): string | undefined {
    const table = isOriginal ? this.originalTypes : this.updateTypes;
    const packageName = isOriginal ? this.originalPackage : this.updatePackage;
    return resolveName(name, packageName, this.names, (full) => table.getType(full) !== undefined);
  }

  getType(name: string, isOriginal: boolean): TypeInfo | undefined {
    const full = this.resolve(name, isOriginal);
    return full === undefined ? undefined : (isOriginal ? this.originalTypes : this.updateTypes).getType(full);
  }
}

function* compareFiles(ctx: DiffContext, original: ProtoFileElement, update: ProtoFileElement): Task {
  if ((original.packageName ?? '') !== (update.packageName ?? '')) ctx.add('PACKAGE_CHANGED');
  yield compareTypeElements(ctx, original.types, update.types);
}

function* compareTypeElements(ctx: DiffContext, original: readonly TypeElement[], update: readonly TypeElement[]): Task {
  const originalMessages = indexMessages(original);
  const updateMessages = indexMessages(update);
  for (const name of unionKeys(originalMessages, updateMessages)) {
    ctx.enterName(name);
    try {
      const before = originalMessages.get(name);
      const after = updateMessages.get(name);
      if (after === undefined) {
        // Descriptor-style map entries are not messages to the reader.
        const info = ctx.getType(name, true);
        if (info !== undefined && !info.isMap) ctx.add('MESSAGE_REMOVED');
      } else if (before === undefined) {
        const info = ctx.getType(name, false);
        if (info !== undefined && !info.isMap) ctx.add('MESSAGE_ADDED');
      } else {
        yield compareMessages(ctx, before.message, after.message);
        // Message indexes on the wire are relative to the writer's schema id, so a move is safe.
        if (before.index !== after.index) ctx.add('MESSAGE_MOVED');
      }
    } finally {
      ctx.exitName();
    }
  }

  const originalEnums = indexEnums(original);
  const updateEnums = indexEnums(update);
  for (const name of unionKeys(originalEnums, updateEnums)) {
    ctx.enterName(name);
    try {
      const before = originalEnums.get(name);
      const after = updateEnums.get(name);
      if (after === undefined) ctx.add('ENUM_REMOVED');
      else if (before === undefined) ctx.add('ENUM_ADDED');
      else compareEnums(ctx, before, after);
    } finally {
      ctx.exitName();
    }
  }
}

function compareEnums(ctx: DiffContext, original: EnumElement, update: EnumElement): void {
  // With allow_alias the last constant of a number stands for it, as in Confluent's map.
  const before = new Map(original.constants.map((c) => [c.tag, c.name]));
  const after = new Map(update.constants.map((c) => [c.tag, c.name]));
  for (const tag of unionKeys(before, after)) {
    const was = before.get(tag);
    const is = after.get(tag);
    if (is === undefined) ctx.add('ENUM_CONST_REMOVED', tag);
    else if (was === undefined) ctx.add('ENUM_CONST_ADDED', tag);
    else if (was !== is) ctx.add('ENUM_CONST_CHANGED', tag);
  }
}

interface FieldIndex {
  readonly byTag: Map<number, FieldElement>;
  readonly tagToOneOf: Map<number, string>;
  readonly oneOfs: Map<string, readonly FieldElement[]>;
}

function indexFields(message: MessageElement): FieldIndex {
  const byTag = new Map<number, FieldElement>();
  const tagToOneOf = new Map<number, string>();
  const oneOfs = new Map<string, readonly FieldElement[]>();
  for (const field of message.fields) byTag.set(field.tag, field);
  for (const oneOf of message.oneOfs) {
    oneOfs.set(oneOf.name, oneOf.fields);
    for (const field of oneOf.fields) {
      byTag.set(field.tag, field);
      tagToOneOf.set(field.tag, oneOf.name);
    }
  }
  return { byTag, tagToOneOf, oneOfs };
}

function* compareMessages(ctx: DiffContext, original: MessageElement, update: MessageElement): Task {
  const entered = ctx.enterSchema(original);
  try {
    if (entered) yield* compareMessageFields(ctx, original, update);
    yield compareTypeElements(ctx, original.nestedTypes, update.nestedTypes);
  } finally {
    if (entered) ctx.exitSchema(original);
  }
}

/**
 * Fields are compared by tag across the whole message, oneof members included, so renaming,
 * removing or merging oneofs cannot hide a change to a field (Confluent DGS-24604).
 */
function* compareMessageFields(ctx: DiffContext, original: MessageElement, update: MessageElement): Task {
  const before = indexFields(original);
  const after = indexFields(update);

  // A removed oneof none of whose members survives anywhere was deleted as a whole: compatible.
  const deletedOneOfs = new Set<string>();
  for (const [name, fields] of before.oneOfs) {
    if (!after.oneOfs.has(name) && !fields.some((f) => after.byTag.has(f.tag))) deletedOneOfs.add(name);
  }

  // Fields that were independent (top-level, or from different oneofs) and now share a oneof
  // became mutually exclusive: old data may set more than one of them.
  for (const oneOf of update.oneOfs) {
    const origins = new Set<string>();
    let movedFromTopLevel = 0;
    for (const field of oneOf.fields) {
      const formerOneOf = before.tagToOneOf.get(field.tag);
      if (formerOneOf !== undefined) {
        origins.add(`oneof:${formerOneOf}`);
      } else if (before.byTag.has(field.tag)) {
        origins.add(`field:${field.tag}`);
        movedFromTopLevel++;
      }
    }
    if (origins.size > 1) {
      ctx.add(movedFromTopLevel > 1 ? 'MULTIPLE_FIELDS_MOVED_TO_ONEOF' : 'FIELD_MOVED_TO_EXISTING_ONEOF', oneOf.name);
    }
  }

  for (const name of [...unionKeys(before.oneOfs, after.oneOfs)].sort()) {
    if (!after.oneOfs.has(name)) ctx.add('ONEOF_REMOVED', name);
    else if (!before.oneOfs.has(name)) ctx.add('ONEOF_ADDED', name);
  }

  for (const tag of [...unionKeys(before.byTag, after.byTag)].sort((a, b) => a - b)) {
    const was = before.byTag.get(tag);
    const is = after.byTag.get(tag);
    const wasIn = before.tagToOneOf.get(tag);
    const isIn = after.tagToOneOf.get(tag);
    if (is === undefined) {
      if (wasIn === undefined) ctx.add(was?.label === 'required' ? 'REQUIRED_FIELD_REMOVED' : 'FIELD_REMOVED', tag);
      else if (!deletedOneOfs.has(wasIn)) ctx.add('ONEOF_FIELD_REMOVED', wasIn, tag);
    } else if (was === undefined) {
      if (isIn === undefined) ctx.add(is.label === 'required' ? 'REQUIRED_FIELD_ADDED' : 'FIELD_ADDED', tag);
      else ctx.add('ONEOF_FIELD_ADDED', isIn, tag);
    } else {
      // Leaving a oneof only relaxes exclusivity; the field itself is compared where it now is.
      if (wasIn !== undefined && isIn === undefined) ctx.add('ONEOF_FIELD_MOVED_TO_TOP_LEVEL', tag);
      if (isIn !== undefined) ctx.enterPath(isIn);
      ctx.enterPath(tag);
      try {
        yield compareFields(ctx, was, is);
      } finally {
        ctx.exitPath();
        if (isIn !== undefined) ctx.exitPath();
      }
    }
  }
}

function* compareFields(ctx: DiffContext, original: FieldElement, update: FieldElement): Task {
  if (original.name !== update.name) ctx.add('FIELD_NAME_CHANGED');
  yield compareLabelsAndTypes(ctx, original.label, update.label, original.type, update.type);
}

type Kind = 'SCALAR' | 'MESSAGE' | 'MAP';

function* compareLabelsAndTypes(
  ctx: DiffContext,
  originalLabel: FieldLabel | undefined,
  updateLabel: FieldLabel | undefined,
  originalType: string,
  updateType: string,
): Task {
  const before = asMapType(ctx, originalType, true);
  const after = asMapType(ctx, updateType, false);
  const beforeKind = kind(ctx, before, true);
  const afterKind = kind(ctx, after, false);
  if (beforeKind !== afterKind) {
    ctx.add('FIELD_KIND_CHANGED');
  } else if (beforeKind === 'SCALAR') {
    compareScalars(ctx, originalLabel, updateLabel, before, after);
  } else if (beforeKind === 'MESSAGE') {
    yield compareMessageTypes(ctx, before, after);
  } else {
    const beforeMap = mapTypes(before)!;
    const afterMap = mapTypes(after)!;
    yield compareLabelsAndTypes(ctx, undefined, undefined, beforeMap.key, afterMap.key);
    yield compareLabelsAndTypes(ctx, undefined, undefined, beforeMap.value, afterMap.value);
  }
}

/** A field typed with a descriptor-style map entry message is a map field. */
function asMapType(ctx: DiffContext, type: string, isOriginal: boolean): string {
  if (SCALAR_TYPES.has(type) || mapTypes(type)) return type;
  const info = ctx.getType(type, isOriginal);
  return info?.isMap && info.key && info.value ? `map<${info.key.type}, ${info.value.type}>` : type;
}

function kind(ctx: DiffContext, type: string, isOriginal: boolean): Kind {
  if (SCALAR_TYPES.has(type)) return 'SCALAR';
  if (mapTypes(type)) return 'MAP';
  // Enums travel as varints, like the integer scalars; unresolvable names count as messages.
  return ctx.getType(type, isOriginal)?.type.kind === 'enum' ? 'SCALAR' : 'MESSAGE';
}

/** Wire-compatible groups of scalars (https://protobuf.dev/programming-guides/proto3/#updating). */
type ScalarKind = 'GENERAL_NUMBER' | 'SIGNED_NUMBER' | 'STRING_OR_BYTES' | 'FIXED32' | 'FIXED64' | 'FLOAT' | 'DOUBLE';

const SCALAR_KINDS: ReadonlyMap<string, ScalarKind> = new Map<string, ScalarKind>([
  ['int32', 'GENERAL_NUMBER'],
  ['int64', 'GENERAL_NUMBER'],
  ['uint32', 'GENERAL_NUMBER'],
  ['uint64', 'GENERAL_NUMBER'],
  ['bool', 'GENERAL_NUMBER'],
  ['sint32', 'SIGNED_NUMBER'],
  ['sint64', 'SIGNED_NUMBER'],
  ['string', 'STRING_OR_BYTES'],
  ['bytes', 'STRING_OR_BYTES'],
  ['fixed32', 'FIXED32'],
  ['sfixed32', 'FIXED32'],
  ['fixed64', 'FIXED64'],
  ['sfixed64', 'FIXED64'],
  ['float', 'FLOAT'],
  ['double', 'DOUBLE'],
]);

/** Only scalars and enums get here (see {@link kind}); enums are varints like int32. */
function scalarKind(type: string): ScalarKind {
  return SCALAR_KINDS.get(type) ?? 'GENERAL_NUMBER';
}

function compareScalars(
  ctx: DiffContext,
  originalLabel: FieldLabel | undefined,
  updateLabel: FieldLabel | undefined,
  originalType: string,
  updateType: string,
): void {
  const before = scalarKind(originalType);
  const after = scalarKind(updateType);
  if (before !== after) {
    ctx.add('FIELD_SCALAR_KIND_CHANGED');
  } else if (originalLabel !== undefined && updateLabel !== undefined && originalLabel !== updateLabel) {
    // Only labels written on both sides count: proto3's implicit label is no label at all here.
    ctx.add(before === 'STRING_OR_BYTES' ? 'FIELD_STRING_OR_BYTES_LABEL_CHANGED' : 'FIELD_NUMERIC_LABEL_CHANGED');
  }
}

function* compareMessageTypes(ctx: DiffContext, originalType: string, updateType: string): Task {
  const beforeName = ctx.resolve(originalType, true);
  const afterName = ctx.resolve(updateType, false);
  if (beforeName === undefined || afterName === undefined) {
    if (originalType !== updateType) ctx.add('FIELD_NAMED_TYPE_CHANGED');
    return;
  }
  const before = ctx.getType(`.${beforeName}`, true)!;
  const after = ctx.getType(`.${afterName}`, false)!;
  const beforeLocal = localName(before);
  if (beforeLocal !== localName(after)) {
    ctx.add('FIELD_NAMED_TYPE_CHANGED');
    return;
  }
  const beforeRef = before.reference;
  const afterRef = after.reference;
  // Types of the schema itself, or from the same subject and version, need no second look.
  const sameSource =
    beforeRef !== null && afterRef !== null && beforeRef.subject === afterRef.subject && beforeRef.version === afterRef.version;
  if (sameSource || before.type.kind !== 'message' || after.type.kind !== 'message') return;
  const incompatibleBefore = ctx.incompatibleCount;
  yield compareMessages(ctx.subcontext(before.packageName, after.packageName, beforeLocal), before.type, after.type);
  if (ctx.incompatibleCount > incompatibleBefore) ctx.add('FIELD_NAMED_TYPE_CHANGED');
}

function indexMessages(types: readonly TypeElement[]): Map<string, { message: MessageElement; index: number }> {
  const result = new Map<string, { message: MessageElement; index: number }>();
  let index = 0;
  for (const type of types) {
    if (type.kind === 'message') result.set(type.name, { message: type, index: index++ });
  }
  return result;
}

function indexEnums(types: readonly TypeElement[]): Map<string, EnumElement> {
  const result = new Map<string, EnumElement>();
  for (const type of types) {
    if (type.kind === 'enum') result.set(type.name, type);
  }
  return result;
}

/** Keys of `a` in order, then those only in `b`. */
function unionKeys<K>(a: ReadonlyMap<K, unknown>, b: ReadonlyMap<K, unknown>): K[] {
  return [...a.keys(), ...[...b.keys()].filter((k) => !a.has(k))];
}
