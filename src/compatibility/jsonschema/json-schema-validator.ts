import Ajv, { type AnySchemaObject, type ErrorObject, type Options } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { SchemaParseError } from '../schema-provider';
import { childSchemas, type Dialect, idKeyword, isModern } from './dialect';
import { escapePointerToken, type JsonNode, lineColumnOf, member, resolvePointer, stringMember, toPlain } from './json-text';
import { toRegExp } from './schema-pattern';
import { type ResourceIndex, resolveUri } from './schema-resources';

const META_SCHEMA: Record<Dialect, string> = {
  'draft-04': 'http://json-schema.org/draft-04/schema',
  'draft-06': 'http://json-schema.org/draft-06/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

/**
 * ajv validates a subschema by calling itself, so a deep document can exhaust the stack. The
 * meta-schema check is done in slices of this many schema levels (a subschema is valid or not
 * on its own), and schemas deeper than {@link MAX_COMPILE_DEPTH} are not compiled: our own
 * `$ref` and pattern checks stand in for what compiling would catch.
 */
const SLICE_DEPTH = 50;
export const MAX_COMPILE_DEPTH = 150;

// Patterns as JSON Schema and Confluent (java.util.regex) both read them; see toRegExp.
const regExp = Object.assign(
  (pattern: string) => {
    const re = toRegExp(pattern);
    if (!re) throw new SyntaxError(`Invalid regular expression: /${pattern}/`);
    return re;
  },
  { code: 'toRegExp' },
);

// Compilation is what costs (milliseconds per schema): the generated code is not optimised, as
// it only proves the schema compiles (strict off: Confluent accepts unknown keywords).
const OPTIONS: Options = {
  strict: false,
  allErrors: false,
  validateSchema: false,
  logger: false,
  unicodeRegExp: false,
  code: { regExp, optimize: false },
};

const instances = new Map<Dialect, Ajv>();

/** One Ajv per dialect for the life of the process: each carries its compiled meta-schemas and formats. */
function ajvFor(dialect: Dialect): Ajv {
  let ajv = instances.get(dialect);
  if (ajv) return ajv;
  switch (dialect) {
    case 'draft-04':
      ajv = new AjvDraft04(OPTIONS) as unknown as Ajv;
      break;
    case 'draft-06':
      ajv = new Ajv(OPTIONS);
      ajv.addMetaSchema(draft06MetaSchema);
      break;
    case 'draft-07':
      ajv = new Ajv(OPTIONS);
      break;
    case '2019-09':
      ajv = new Ajv2019(OPTIONS) as unknown as Ajv;
      break;
    case '2020-12':
      ajv = new Ajv2020(OPTIONS) as unknown as Ajv;
      break;
  }
  addFormats(ajv);
  instances.set(dialect, ajv);
  return ajv;
}

/** Checks `root` against its dialect's meta-schema; throws SchemaParseError at the first fault. */
export function validateAgainstMetaSchema(root: JsonNode, dialect: Dialect, text: string): void {
  const ajv = ajvFor(dialect);
  const validate = ajv.getSchema(META_SCHEMA[dialect]);
  if (!validate) throw new Error(`Meta-schema of ${dialect} is not loaded`);
  const slices: Array<{ node: JsonNode; pointer: string }> = [{ node: root, pointer: '' }];
  while (slices.length) {
    const slice = slices.pop() as { node: JsonNode; pointer: string };
    const plain = sliceToPlain(slice.node, slice.pointer, dialect, slices);
    if (!validate(plain)) {
      const error = (validate.errors ?? [])[0] as ErrorObject;
      const pointer = slice.pointer + error.instancePath;
      const where = resolvePointer(root, pointer) ?? root;
      const { line, column } = lineColumnOf(text, where.offset);
      throw new SchemaParseError(
        `Invalid JSON Schema (${dialect}) at '#${pointer}': ${error.message ?? error.keyword}${detail(error)}`,
        line,
        column,
      );
    }
  }
}

function detail(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (Array.isArray(p['allowedValues'])) return ` (${(p['allowedValues'] as unknown[]).join(', ')})`;
  if (typeof p['additionalProperty'] === 'string') return ` ('${p['additionalProperty']}')`;
  return '';
}

// The slice's JSON as plain data, with subschemas SLICE_DEPTH levels down replaced by `{}`
// and queued as slices of their own.
function sliceToPlain(start: JsonNode, pointer: string, dialect: Dialect, queue: Array<{ node: JsonNode; pointer: string }>): unknown {
  const cut = new Set<JsonNode>();
  const mark = (node: JsonNode, at: string, depth: number): void => {
    for (const child of childSchemas(node, dialect)) {
      const childPointer = `${at}/${child.tokens.map(escapePointerToken).join('/')}`;
      if (depth + 1 >= SLICE_DEPTH && child.node.type === 'object') {
        cut.add(child.node);
        queue.push({ node: child.node, pointer: childPointer });
      } else mark(child.node, childPointer, depth + 1);
    }
  };
  mark(start, pointer, 0);
  return cut.size === 0 ? toPlain(start) : toPlainWithCuts(start, cut);
}

function toPlainWithCuts(node: JsonNode, cut: ReadonlySet<JsonNode>): unknown {
  if (cut.has(node)) return {};
  if (node.type === 'array') return node.items.map((item) => toPlainWithCuts(item, cut));
  if (node.type !== 'object') return toPlain(node);
  const out: Record<string, unknown> = {};
  for (const [key, value] of node.members) {
    const converted = value.type === 'object' || value.type === 'array' ? toPlainWithCuts(value, cut) : toPlain(value);
    Object.defineProperty(out, key, { value: converted, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** How many subschema levels deep `root` goes (iteratively). */
export function schemaDepth(root: JsonNode, dialect: Dialect): number {
  let deepest = 0;
  const work: Array<[JsonNode, number]> = [[root, 1]];
  while (work.length) {
    const [node, depth] = work.pop() as [JsonNode, number];
    deepest = Math.max(deepest, depth);
    for (const child of childSchemas(node, dialect)) work.push([child.node, depth + 1]);
  }
  return deepest;
}

/**
 * Reports the first `$ref` of the main document that leads nowhere, and the first `pattern`
 * or `patternProperties` key that is not a regular expression, with its position.
 */
export function checkReferencesAndPatterns(index: ResourceIndex, text: string): void {
  const main = index.main;
  for (const site of index.refSites) {
    if (site.document !== main) continue;
    const fault = referenceFault(index, site.value.value, site.base);
    if (fault) {
      const { line, column } = lineColumnOf(text, site.value.offset);
      throw new SchemaParseError(`Cannot resolve ${site.keyword} '${site.value.value}': ${fault}`, line, column);
    }
  }
  const work: JsonNode[] = [main.root];
  while (work.length) {
    const node = work.pop() as JsonNode;
    const pattern = member(node, 'pattern');
    if (pattern?.type === 'string' && toRegExp(pattern.value) === null) invalidPattern(pattern.value, pattern.offset, text);
    const patterns = member(node, 'patternProperties');
    if (patterns?.type === 'object') {
      for (const [key, value] of patterns.members) if (toRegExp(key) === null) invalidPattern(key, value.offset, text);
    }
    for (const child of childSchemas(node, main.dialect)) work.push(child.node);
  }
}

const ANNOTATIONS = new Set(['$ref', '$id', 'id', '$schema', '$comment', '$anchor', 'title', 'description', 'default', 'examples', 'definitions', '$defs']);

// Why a reference leads to no schema: nothing there, or only references going round in a circle.
function referenceFault(index: ResourceIndex, reference: string, base: string): string | undefined {
  const seen = new Set<JsonNode>();
  let located = index.resolve(reference, base);
  while (located) {
    const { node, document } = located;
    const next = member(node, '$ref');
    if (next?.type !== 'string') return undefined;
    // Before 2019-09 a `$ref` replaces its siblings; since then only a bare `$ref` is an alias.
    if (isModern(document.dialect) && node.type === 'object' && [...node.members.keys()].some((k) => !ANNOTATIONS.has(k))) {
      return undefined;
    }
    if (seen.has(node)) return 'the references go round in a circle without reaching a schema';
    seen.add(node);
    located = index.resolve(next.value, located.base);
  }
  return 'no such schema or reference';
}

function invalidPattern(pattern: string, offset: number, text: string): never {
  const { line, column } = lineColumnOf(text, offset);
  throw new SchemaParseError(`Invalid regular expression in schema: /${pattern}/`, line, column);
}

/**
 * Compiles the schema with ajv, its references registered under the URIs they resolve to,
 * and leaves the shared Ajv instance as it found it.
 */
export function compileSchema(index: ResourceIndex): void {
  const main = index.main;
  const ajv = ajvFor(main.dialect);
  const refsBefore = new Set(Object.keys(ajv.refs));
  const schemasBefore = new Set(Object.keys(ajv.schemas));
  const added: object[] = [];
  try {
    for (const { uris, document } of index.documents()) {
      const ownId = stringMember(document.root, idKeyword(document.dialect));
      const plain = withId(toPlain(document.root), main.dialect, (ownId !== undefined && resolveUri(document.uri, ownId)) || document.uri);
      added.push(plain);
      for (const uri of uris) if (!(uri in ajv.schemas) && !(uri in ajv.refs)) ajv.addSchema(plain as AnySchemaObject, uri);
    }
    const root = withId(toPlain(main.root), main.dialect, main.uri);
    added.push(root);
    ajv.compile(root as AnySchemaObject);
  } catch (e) {
    if (e instanceof RangeError) throw new SchemaParseError('Invalid JSON Schema: too deeply nested or recursive to compile');
    throw new SchemaParseError(`Invalid JSON Schema: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    for (const schema of added) ajv.removeSchema(schema);
    for (const key of Object.keys(ajv.refs)) if (!refsBefore.has(key)) ajv.removeSchema(key);
    for (const key of Object.keys(ajv.schemas)) if (!schemasBefore.has(key)) ajv.removeSchema(key);
  }
}

// ajv resolves `$ref`s against `$id`; give each document the absolute URI we resolved for it.
function withId(plain: unknown, dialect: Dialect, uri: string): object {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return { [idKeyword(dialect)]: uri, allOf: [plain] };
  const keyword = idKeyword(dialect);
  Object.defineProperty(plain, keyword, { value: uri, enumerable: true, writable: true, configurable: true });
  return plain;
}
