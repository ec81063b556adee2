import { PRIMITIVE_TYPES } from '../compatibility/avro/avro-schema';
import { lineColumnOf, member, parseJson, resolvePointer, type JsonNode } from '../compatibility/jsonschema/json-text';
import type { SchemaType } from '../compatibility/schema-type';
import { locateProtobufField, locateProtobufPath } from './proto-declarations';

/** A place in one of the texts handed to {@link locateDifference}. */
export interface SourcePoint {
  /** Which text: 0 the schema itself, 1.. its references in the order given. */
  readonly source: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units (as editors and GitHub count). */
  readonly column: number;
  /** False when only the start of the path was found (a removed field points at its parent). */
  readonly exact: boolean;
}

export interface LocateRequest {
  readonly schemaType: SchemaType;
  /** The file the finding is reported in (the new schema). */
  readonly text: string;
  /** The difference's path: `#/properties/a`, `#/Order/2`, `/fields/1/type`. */
  readonly path: string;
  /** Texts of the schema's references, searched for types the schema uses but does not declare. */
  readonly references?: readonly string[];
  /**
   * Avro paths are positions in the *reader* schema. When the reader was the old schema (a
   * forward check), its text: field positions are read there and followed by name in `text`.
   */
  readonly readerText?: string;
}

/**
 * Traces a difference path back to the line and column of the declaration it names: the key of
 * a JSON Schema keyword or property, the field of an Avro record (its `name`), a Protobuf message,
 * field or enum constant. A path that leads out of the file (a removed property, a field another
 * version had) ends at the deepest place that still exists, with `exact: false`. Undefined when
 * the text does not parse.
 */
export function locateDifference(request: LocateRequest): SourcePoint | undefined {
  const texts = [request.text, ...(request.references ?? [])];
  switch (request.schemaType) {
    case 'JSON':
      return locateJsonSchemaPath(texts, request.path);
    case 'AVRO':
      return locateAvroPath(texts, request.path, request.readerText);
    case 'PROTOBUF':
      return locateProtobufPath(texts, request.path);
  }
}

/**
 * Where a field the catalogue names is declared: `io.acme.Order.email` (Avro: record full name
 * and field), `acme.Order.payment.card` (Protobuf: package, messages, oneof, field),
 * `#/properties/email` (JSON Schema). Undefined when the field cannot be found.
 */
export function locateField(schemaType: SchemaType, text: string, fieldPath: string, references: readonly string[] = []): SourcePoint | undefined {
  const texts = [text, ...references];
  if (schemaType === 'JSON') {
    const found = locateJsonSchemaPath(texts, fieldPath);
    return found?.exact ? found : undefined;
  }
  if (schemaType === 'PROTOBUF') return locateProtobufField(texts, fieldPath);
  const docs = avroDocs(texts);
  const dot = fieldPath.lastIndexOf('.');
  const record = docs?.named.get(fieldPath.slice(0, dot));
  if (!docs || !record || dot < 0) return undefined;
  const fields = member(record.node, 'fields');
  const name = fieldPath.slice(dot + 1);
  const field = fields?.type === 'array' ? fields.items.find((f) => fieldNames(f)[0] === name) : undefined;
  const key = field && member(field, 'name');
  return key ? point(texts, record.source, memberAt(texts[record.source], key), true) : undefined;
}

// ---------------------------------------------------------------------------------------------
// JSON text with positions

function parsed(text: string): JsonNode | undefined {
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/**
 * The offset of the key of the member whose value starts at `valueOffset`: the parser keeps
 * value offsets only, and a key is the string just before `:` before the value.
 */
export function keyOffset(text: string, valueOffset: number): number | undefined {
  let i = valueOffset - 1;
  while (i >= 0 && isSpace(text[i])) i--;
  if (text[i] !== ':') return undefined;
  i--;
  while (i >= 0 && isSpace(text[i])) i--;
  if (text[i] !== '"') return undefined;
  for (let j = i - 1; j >= 0; j--) {
    if (text[j] !== '"') continue;
    let backslashes = 0;
    for (let k = j - 1; k >= 0 && text[k] === '\\'; k--) backslashes++;
    if (backslashes % 2 === 0) return j;
  }
  return undefined;
}

/** Where a member is reported: its key (the value when the key cannot be found). */
function memberAt(text: string, value: JsonNode): number {
  return keyOffset(text, value.offset) ?? value.offset;
}

function point(texts: readonly string[], source: number, offset: number, exact: boolean): SourcePoint {
  const { line, column } = lineColumnOf(texts[source], offset);
  return { source, line, column, exact };
}

// ---------------------------------------------------------------------------------------------
// JSON Schema: `#/properties/a/type`, `#/required/a`, `#/oneOf/1`; `$ref`s within the file followed

const MAX_REF_HOPS = 32;

function locateJsonSchemaPath(texts: readonly string[], path: string): SourcePoint | undefined {
  const text = texts[0];
  const root = parsed(text);
  if (!root) return undefined;
  const segments = path.replace(/^#/, '').split('/').filter((s) => s !== '');
  let node = root;
  let at = root.offset;
  let found = 0;
  for (const segment of segments) {
    const next = jsonStep(root, node, segment);
    if (!next) break;
    node = next;
    at = node.offset;
    // A member is reported at its key, an array item at itself.
    const key = keyOffset(text, node.offset);
    if (key !== undefined) at = key;
    found++;
  }
  return point(texts, 0, at, found === segments.length);
}

/** One segment down from `node`, through `$ref`s to the same document when `node` has no such member. */
function jsonStep(root: JsonNode, node: JsonNode, segment: string): JsonNode | undefined {
  let current: JsonNode | undefined = node;
  for (let hops = 0; current && hops <= MAX_REF_HOPS; hops++) {
    const direct = childOf(current, segment);
    if (direct) return direct;
    const ref = member(current, '$ref');
    current = ref?.type === 'string' ? localRef(root, ref.value) : undefined;
  }
  return undefined;
}

function childOf(node: JsonNode, segment: string): JsonNode | undefined {
  if (node.type === 'object') return node.members.get(segment);
  if (node.type === 'array') {
    if (/^(0|[1-9]\d*)$/.test(segment)) return node.items[Number(segment)];
    // `#/required/name`, `#/dependencies/a/b`: the item with that value.
    return node.items.find((item) => item.type === 'string' && item.value === segment);
  }
  return undefined;
}

function localRef(root: JsonNode, ref: string): JsonNode | undefined {
  if (!ref.startsWith('#')) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  return resolvePointer(root, pointer);
}

// ---------------------------------------------------------------------------------------------
// Avro: `/fields/1/type/items/fields/0/type/2`, positions in the reader schema

type AvroStep =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'field'; readonly index: number }
  | { readonly kind: 'fieldNamed'; readonly names: readonly string[] }
  /** A union branch index: of the *writer's* union, so it names no place in the reader. */
  | { readonly kind: 'branch' };

interface AvroCursor {
  readonly source: number;
  readonly node: JsonNode;
  readonly namespace: string;
  readonly at: number;
}

interface AvroDocs {
  readonly texts: readonly string[];
  readonly roots: readonly JsonNode[];
  /** Named types by full name: where they are declared. */
  readonly named: ReadonlyMap<string, { readonly source: number; readonly node: JsonNode; readonly namespace: string }>;
}

function avroSteps(path: string): AvroStep[] {
  const tokens = path
    .split('/')
    .slice(1)
    .filter((t) => t !== '')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
  const steps: AvroStep[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === 'fields' && /^\d+$/.test(tokens[i + 1] ?? '')) {
      steps.push({ kind: 'field', index: Number(tokens[++i]) });
    } else if (/^\d+$/.test(token)) {
      steps.push({ kind: 'branch' });
    } else {
      steps.push({ kind: 'key', key: token });
    }
  }
  return steps;
}

function locateAvroPath(texts: readonly string[], path: string, readerText: string | undefined): SourcePoint | undefined {
  const docs = avroDocs(texts);
  if (!docs) return undefined;
  let steps = avroSteps(path);
  if (readerText !== undefined && readerText !== texts[0]) {
    // The path counts fields of the old schema: name them there, find them by name here.
    const readerDocs = avroDocs([readerText, ...texts.slice(1)]);
    if (readerDocs) steps = walkAvro(readerDocs, steps).named;
  }
  const walked = walkAvro(docs, steps);
  return point(texts, walked.cursor.source, walked.cursor.at, walked.complete);
}

function avroDocs(texts: readonly string[]): AvroDocs | undefined {
  const roots: JsonNode[] = [];
  const named = new Map<string, { source: number; node: JsonNode; namespace: string }>();
  for (let source = 0; source < texts.length; source++) {
    const root = parsed(texts[source]);
    if (!root) {
      if (source === 0) return undefined;
      continue;
    }
    roots[source] = root;
    indexNamedTypes(root, source, named);
  }
  return { texts, roots, named };
}

/** Every record, enum and fixed declared in `root`, by full name. Iterative: schemas nest deeply. */
function indexNamedTypes(root: JsonNode, source: number, out: Map<string, { source: number; node: JsonNode; namespace: string }>): void {
  const work: Array<{ node: JsonNode; namespace: string }> = [{ node: root, namespace: '' }];
  while (work.length) {
    const { node, namespace } = work.pop()!;
    if (node.type === 'array') {
      for (const item of node.items) work.push({ node: item, namespace });
      continue;
    }
    if (node.type !== 'object') continue;
    const type = member(node, 'type');
    if (type && type.type !== 'string') {
      work.push({ node: type, namespace });
      continue;
    }
    const kind = type?.type === 'string' ? type.value : undefined;
    let inner = namespace;
    if (kind === 'record' || kind === 'error' || kind === 'enum' || kind === 'fixed') {
      const full = fullNameOf(node, namespace);
      if (full) {
        out.set(full.name, { source, node, namespace: full.namespace });
        inner = full.namespace;
      }
    }
    const fields = member(node, 'fields');
    if (fields?.type === 'array') {
      for (const f of fields.items) {
        const t = member(f, 'type');
        if (t) work.push({ node: t, namespace: inner });
      }
    }
    for (const key of ['items', 'values']) {
      const child = member(node, key);
      if (child) work.push({ node: child, namespace: inner });
    }
  }
}

function fullNameOf(node: JsonNode, enclosing: string): { name: string; namespace: string } | undefined {
  const name = member(node, 'name');
  if (name?.type !== 'string') return undefined;
  if (name.value.includes('.')) return { name: name.value, namespace: name.value.slice(0, name.value.lastIndexOf('.')) };
  const ns = member(node, 'namespace');
  const namespace = ns?.type === 'string' ? ns.value : enclosing;
  return { name: namespace ? `${namespace}.${name.value}` : name.value, namespace };
}

/**
 * A type used by name is declared elsewhere (earlier in the file or in a reference): the path
 * goes on inside the declaration, so the cursor moves there.
 */
function declaration(docs: AvroDocs, cursor: AvroCursor): AvroCursor {
  let current = cursor;
  for (let hops = 0; hops < MAX_REF_HOPS; hops++) {
    const node = current.node;
    let name: string | undefined;
    if (node.type === 'string') name = node.value;
    else if (node.type === 'object') {
      const type = member(node, 'type');
      if (type?.type === 'string' && !isAvroKeyword(type.value)) name = type.value;
      else if (type && (type.type === 'object' || type.type === 'array')) {
        current = { ...current, node: type, at: memberAt(docs.texts[current.source], type) };
        continue;
      }
    }
    if (name === undefined || PRIMITIVE_TYPES.has(name)) return current;
    const full = name.includes('.') || !current.namespace ? name : `${current.namespace}.${name}`;
    const found = docs.named.get(full) ?? docs.named.get(name) ?? uniqueBySimpleName(docs, name);
    if (!found) return current;
    current = { source: found.source, node: found.node, namespace: found.namespace, at: found.node.offset };
  }
  return current;
}

function isAvroKeyword(type: string): boolean {
  return PRIMITIVE_TYPES.has(type) || ['record', 'error', 'enum', 'array', 'map', 'fixed'].includes(type);
}

function uniqueBySimpleName(docs: AvroDocs, name: string) {
  const matches = [...docs.named.entries()].filter(([full]) => full === name || full.endsWith(`.${name}`));
  return matches.length === 1 ? matches[0][1] : undefined;
}

/** Inside a named type, names without a namespace are resolved in its namespace. */
function enter(cursor: AvroCursor): AvroCursor {
  const full = fullNameOf(cursor.node, cursor.namespace);
  return full && cursor.node.type === 'object' && member(cursor.node, 'type')?.type === 'string' ? { ...cursor, namespace: full.namespace } : cursor;
}

/**
 * Follows `steps` through the schema. Returns where it got to, whether it got to the end, and
 * the steps with fields named rather than counted (to follow the same path in another version).
 */
function walkAvro(docs: AvroDocs, steps: readonly AvroStep[]): { cursor: AvroCursor; complete: boolean; named: AvroStep[] } {
  const root = docs.roots[0];
  let cursor: AvroCursor = { source: 0, node: root, namespace: '', at: root.offset };
  const named: AvroStep[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const text = () => docs.texts[cursor.source];
    if (step.kind === 'branch') {
      named.push(step);
      // The writer's union: in a reader union the branch may sit anywhere, so the union is the place.
      if (cursor.node.type === 'array') return { cursor, complete: true, named: [...named, ...steps.slice(i + 1)] };
      continue;
    }
    if (step.kind === 'key' && step.key === 'type' && member(cursor.node, 'name') && member(cursor.node, 'type')) {
      // A field's type (a field object has both `name` and `type`).
      const type = member(cursor.node, 'type')!;
      cursor = { ...cursor, node: type, at: memberAt(text(), type) };
      named.push(step);
      continue;
    }
    const target = enter(declaration(docs, cursor));
    if (step.kind === 'key') {
      const child = member(target.node, step.key);
      if (!child) return { cursor, complete: false, named: [...named, ...steps.slice(i)] };
      cursor = { ...target, node: child, at: memberAt(docs.texts[target.source], child) };
      named.push(step);
      continue;
    }
    const fields = member(target.node, 'fields');
    const items = fields?.type === 'array' ? fields.items : [];
    const field =
      step.kind === 'field'
        ? items[step.index]
        : items.find((f) => fieldNames(f).some((n) => step.names.includes(n)));
    if (!field) {
      // A field this version does not have (removed, or only in the other version): its record's `fields`.
      const at = fields ? { ...target, node: fields, at: memberAt(docs.texts[target.source], fields) } : target;
      return { cursor: at, complete: false, named: [...named, ...steps.slice(i)] };
    }
    const name = member(field, 'name');
    const fieldText = docs.texts[target.source];
    cursor = { ...target, node: field, at: name ? memberAt(fieldText, name) : field.offset };
    named.push({ kind: 'fieldNamed', names: fieldNames(field) });
  }
  return { cursor, complete: true, named };
}

/** A field's name and aliases: what identifies it across versions. */
function fieldNames(field: JsonNode): string[] {
  const names: string[] = [];
  const name = member(field, 'name');
  if (name?.type === 'string') names.push(name.value);
  const aliases = member(field, 'aliases');
  if (aliases?.type === 'array') for (const a of aliases.items) if (a.type === 'string') names.push(a.value);
  return names;
}
