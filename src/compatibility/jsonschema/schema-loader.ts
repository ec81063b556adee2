import { childSchemas, type Dialect, idKeyword, isModern } from './dialect';
import { Decimal } from './json-decimal';
import type { JsonArray, JsonNode, JsonObject } from './json-text';
import { writeJson } from './json-writer';
import { toRegExp } from './schema-pattern';
import type {
  ArraySchema,
  CombinedSchema,
  Criterion,
  EmptySchema,
  NumberSchema,
  ObjectSchema,
  PatternProperty,
  ReferenceSchema,
  SchemaCommon,
  SchemaNode,
  StringSchema,
} from './schema-model';
import type { ResourceIndex, SchemaDocument } from './schema-resources';

type Family = 'array' | 'object' | 'number' | 'string';

/** The fields of a schema kind besides the common ones (distributes over the union). */
type OwnFields<T> = T extends unknown ? Omit<T, keyof SchemaCommon> : never;

const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'format'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];

function arrayKeywords(dialect: Dialect): string[] {
  switch (dialect) {
    case 'draft-04':
      return ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems'];
    case 'draft-06':
    case 'draft-07':
      return ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'];
    case '2019-09':
      return ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minContains', 'maxContains', 'unevaluatedItems'];
    case '2020-12':
      return ['prefixItems', 'items', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minContains', 'maxContains', 'unevaluatedItems'];
  }
}

function objectKeywords(dialect: Dialect): string[] {
  const base = ['properties', 'required', 'additionalProperties', 'patternProperties', 'minProperties', 'maxProperties', 'dependencies'];
  if (dialect === 'draft-04') return base;
  if (!isModern(dialect)) return [...base, 'propertyNames'];
  return [...base, 'propertyNames', 'dependentRequired', 'dependentSchemas', 'unevaluatedProperties'];
}

// java.util.HashMap iteration order of Confluent's combined-schema loader.
const CRITERIA: readonly Criterion[] = ['allOf', 'anyOf', 'oneOf'];

const TYPE_FAMILY = new Map<string, Family | 'boolean' | 'null'>([
  ['string', 'string'],
  ['integer', 'number'],
  ['number', 'number'],
  ['boolean', 'boolean'],
  ['null', 'null'],
  ['array', 'array'],
  ['object', 'object'],
]);

/**
 * Reads JSON Schema documents into the typed model of schema-model.ts, the way Confluent's
 * loader does (see that file).
 *
 * One loader per parsed schema. Subschemas written identically at places with the same base
 * URI mean the same thing and share one model object: that is what lets the diff recognise a
 * pair it has compared already (recursion through `$ref`s, or the same definition used many
 * times). `$ref`s are followed lazily, on first use, and every walk is iterative, so neither
 * document depth nor recursion reaches the native stack.
 */
export class SchemaLoader {
  private readonly models = new Map<string, SchemaNode>();
  private readonly shapes = new WeakMap<JsonNode, number>();
  private readonly shapeIds = new Map<string, number>();

  constructor(private readonly index: ResourceIndex) {}

  /** The model of the main document. */
  root(): SchemaNode {
    const main = this.index.main;
    return this.load(main.root, main.uri, main);
  }

  load(node: JsonNode, inheritedBase: string, document: SchemaDocument): SchemaNode {
    const base = this.index.baseOf(node) ?? inheritedBase;
    const key = this.key(node, base, document);
    const cached = this.models.get(key);
    if (cached) return cached;
    this.preload(node, base, document);
    return this.models.get(key) as SchemaNode;
  }

  /** The model of whatever `reference` points to, or `{}` when it resolves to nothing. */
  resolve(reference: string, base: string, document: SchemaDocument): SchemaNode {
    const located = this.index.resolve(reference, base);
    if (located) return this.load(located.node, located.base, located.document);
    return { ...this.common({ type: 'null', offset: 0 }, document, new Map()), kind: 'empty' };
  }

  common(json: JsonNode, document: SchemaDocument, unprocessed: Map<string, JsonNode>): SchemaCommon {
    return { json, unprocessed, isDocumentRoot: json === this.index.main.root && document === this.index.main };
  }

  // Builds the models of `start` and the subschemas below it, deepest first, so that reading
  // a schema object only ever finds its subschemas ready.
  private preload(start: JsonNode, startBase: string, document: SchemaDocument): void {
    const work: Array<{ node: JsonNode; base: string; expanded: boolean }> = [{ node: start, base: startBase, expanded: false }];
    while (work.length) {
      const top = work[work.length - 1] as { node: JsonNode; base: string; expanded: boolean };
      if (!top.expanded) {
        top.expanded = true;
        for (const child of childSchemas(top.node, document.dialect)) {
          const base = this.index.baseOf(child.node) ?? top.base;
          if (!this.models.has(this.key(child.node, base, document))) work.push({ node: child.node, base, expanded: false });
        }
        continue;
      }
      work.pop();
      const key = this.key(top.node, top.base, document);
      if (!this.models.has(key)) this.models.set(key, this.read(top.node, top.base, document));
    }
  }

  private read(node: JsonNode, base: string, document: SchemaDocument): SchemaNode {
    if (node.type === 'boolean') return { ...this.common(node, document, new Map()), kind: node.value ? 'true' : 'false' };
    if (node.type === 'object') return new ObjectReader(this, node, base, document).read();
    // Not a schema at all (only reachable through a lenient stored schema): accept anything.
    return { ...this.common(node, document, new Map()), kind: 'empty' };
  }

  private key(node: JsonNode, base: string, document: SchemaDocument): string {
    return `${this.shapeOf(node)} ${document.uri} ${base}`;
  }

  // A number per distinct JSON value (hash-consing), computed bottom-up without recursion.
  private shapeOf(root: JsonNode): number {
    const known = this.shapes.get(root);
    if (known !== undefined) return known;
    const work: Array<{ node: JsonNode; expanded: boolean }> = [{ node: root, expanded: false }];
    while (work.length) {
      const top = work[work.length - 1] as { node: JsonNode; expanded: boolean };
      const { node } = top;
      if (this.shapes.has(node)) {
        work.pop();
        continue;
      }
      let text: string;
      if (node.type === 'object' || node.type === 'array') {
        const children = node.type === 'array' ? node.items : [...node.members.values()];
        if (!top.expanded) {
          top.expanded = true;
          for (const child of children) if (!this.shapes.has(child)) work.push({ node: child, expanded: false });
          continue;
        }
        text =
          node.type === 'array'
            ? `[${node.items.map((c) => this.shapes.get(c)).join(',')}]`
            : `{${[...node.members].map(([k, v]) => `${JSON.stringify(k)}:${this.shapes.get(v)}`).join(',')}}`;
      } else if (node.type === 'string') text = JSON.stringify(node.value);
      else if (node.type === 'number') text = `#${node.text}`;
      else text = node.type === 'boolean' ? String(node.value) : 'null';
      work.pop();
      let id = this.shapeIds.get(text);
      if (id === undefined) {
        id = this.shapeIds.size;
        this.shapeIds.set(text, id);
      }
      this.shapes.set(node, id);
    }
    return this.shapes.get(root) as number;
  }
}

/** Reads one schema object: splits it into typed parts as Confluent's loader does. */
class ObjectReader {
  private readonly consumed = new Set<string>();
  private readonly dialect: Dialect;

  constructor(
    private readonly loader: SchemaLoader,
    private readonly json: JsonObject,
    private readonly base: string,
    private readonly document: SchemaDocument,
  ) {
    this.dialect = document.dialect;
  }

  read(): SchemaNode {
    const parts = this.parts();
    let schema: SchemaNode;
    if (parts.length === 0) schema = this.part<EmptySchema>({ kind: 'empty' });
    else if (parts.length === 1) schema = parts[0] as SchemaNode;
    else schema = this.part<CombinedSchema>({ kind: 'combined', criterion: 'allOf', subschemas: parts }, 'synthetic');
    return this.withAnnotations(schema);
  }

  private parts(): SchemaNode[] {
    const modern = isModern(this.dialect);
    const ref = this.take('$ref');
    // Before 2019-09 a `$ref` replaces its siblings; since then it is one keyword among others.
    if (ref?.type === 'string' && !modern) return [this.reference(ref.value)];
    const parts: SchemaNode[] = [];
    if (ref?.type === 'string') parts.push(this.reference(ref.value));
    for (const keyword of ['$dynamicRef', '$recursiveRef']) {
      const dynamic = modern ? this.take(keyword) : undefined;
      if (dynamic?.type === 'string') parts.push(this.reference(dynamic.value));
    }
    const enumValues = this.take('enum');
    if (enumValues?.type === 'array') {
      const values = new Set(enumValues.items.map((v) => writeJson(v, { sortKeys: true })));
      parts.push(this.part({ kind: 'enum', values }, 'enum'));
    }
    for (const criterion of CRITERIA) {
      const subs = this.take(criterion);
      if (subs?.type !== 'array') continue;
      parts.push(this.part({ kind: 'combined', criterion, subschemas: subs.items.map((s) => this.child(s)) }, criterion));
    }
    const not = this.take('not');
    if (not) parts.push(this.part({ kind: 'not', mustNotMatch: this.child(not) }, 'not'));
    if (this.dialect !== 'draft-04' && this.has('const')) {
      parts.push(this.part({ kind: 'const', value: writeJson(this.take('const') as JsonNode, { sortKeys: true }) }, 'const'));
    }
    const type = this.take('type');
    if (type?.type === 'string' && TYPE_FAMILY.has(type.value)) parts.push(this.typed(type.value));
    else if (type?.type === 'array') {
      const names = type.items.flatMap((t) => (t.type === 'string' && TYPE_FAMILY.has(t.value) ? [t.value] : []));
      const subschemas = names.map((name) => this.typed(name));
      parts.push(this.part({ kind: 'combined', criterion: 'anyOf', subschemas }, 'type'));
    }
    // Keywords of a family whose type was not declared still make a typed part.
    const sniffed: Array<[Family, string[]]> = [
      ['array', arrayKeywords(this.dialect)],
      ['object', objectKeywords(this.dialect)],
      ['number', NUMBER_KEYWORDS],
      ['string', STRING_KEYWORDS],
    ];
    for (const [family, keywords] of sniffed) {
      if (keywords.some((k) => !this.consumed.has(k) && this.hasMeaningful(k))) parts.push(this.typed(family));
    }
    if (this.dialect !== 'draft-04' && this.dialect !== 'draft-06' && ['if', 'then', 'else'].some((k) => this.has(k))) {
      ['if', 'then', 'else'].forEach((k) => this.take(k));
      parts.push(this.part({ kind: 'conditional' }, 'conditional'));
    }
    return parts;
  }

  // 2020-12 (Confluent reads it with json-sKema) keeps no trace of an empty `properties` or
  // `patternProperties`; everywhere else any family keyword counts.
  private hasMeaningful(keyword: string): boolean {
    if (!this.has(keyword)) return false;
    if (this.dialect === '2020-12' && (keyword === 'properties' || keyword === 'patternProperties')) {
      const value = this.json.members.get(keyword);
      return value?.type === 'object' && value.members.size > 0;
    }
    return true;
  }

  // The typed part for a type name (a declared `type`, or a sniffed family: `number` and the like).
  private typed(typeName: string): SchemaNode {
    switch (TYPE_FAMILY.get(typeName)) {
      case 'string':
        return this.stringSchema();
      case 'number':
        return this.numberSchema(typeName === 'integer');
      case 'object':
        return this.objectSchema();
      case 'array':
        return this.arraySchema();
      case 'boolean':
        return this.part({ kind: 'boolean' }, 'boolean');
      case 'null':
        return this.part({ kind: 'null' }, 'null');
      default:
        return this.part({ kind: 'empty' }, typeName);
    }
  }

  private stringSchema(): StringSchema {
    STRING_KEYWORDS.forEach((k) => this.consumed.add(k));
    const pattern = this.json.members.get('pattern');
    return this.part<StringSchema>(
      {
        kind: 'string',
        minLength: this.integer('minLength'),
        maxLength: this.integer('maxLength'),
        pattern: pattern?.type === 'string' ? pattern.value : undefined,
      },
      'string',
    );
  }

  private numberSchema(requiresInteger: boolean): NumberSchema {
    NUMBER_KEYWORDS.forEach((k) => this.consumed.add(k));
    return this.part<NumberSchema>(
      {
        kind: 'number',
        requiresInteger,
        minimum: this.decimal('minimum'),
        maximum: this.decimal('maximum'),
        // Draft-04's boolean form only flags `maximum` as exclusive; like Confluent, it is not compared.
        exclusiveMinimum: this.decimal('exclusiveMinimum'),
        exclusiveMaximum: this.decimal('exclusiveMaximum'),
        multipleOf: this.decimal('multipleOf'),
      },
      requiresInteger ? 'integer' : 'number',
    );
  }

  private objectSchema(): ObjectSchema {
    objectKeywords(this.dialect).forEach((k) => this.consumed.add(k));
    const m = this.json.members;
    const properties = new Map<string, SchemaNode>();
    const props = m.get('properties');
    if (props?.type === 'object') for (const [name, sub] of props.members) properties.set(name, this.child(sub));
    const required = new Set<string>();
    const req = m.get('required');
    if (req?.type === 'array') for (const r of req.items) if (r.type === 'string') required.add(r.value);
    const additional = m.get('additionalProperties');
    const patternProperties: PatternProperty[] = [];
    const patterns = m.get('patternProperties');
    if (patterns?.type === 'object') {
      for (const [pattern, sub] of patterns.members) patternProperties.push({ pattern, regex: toRegExp(pattern), schema: this.child(sub) });
    }
    const propertyDependencies = new Map<string, Set<string>>();
    const schemaDependencies = new Map<string, SchemaNode>();
    const readDependencies = (value: JsonNode | undefined, names: boolean, schemas: boolean): void => {
      if (value?.type !== 'object') return;
      for (const [name, dep] of value.members) {
        if (dep.type === 'array' && names) propertyDependencies.set(name, new Set(stringsOf(dep)));
        else if ((dep.type === 'object' || dep.type === 'boolean') && schemas) schemaDependencies.set(name, this.child(dep));
      }
    };
    readDependencies(m.get('dependencies'), true, true);
    if (isModern(this.dialect)) {
      readDependencies(m.get('dependentRequired'), true, false);
      readDependencies(m.get('dependentSchemas'), false, true);
    }
    const unevaluated = isModern(this.dialect) ? m.get('unevaluatedProperties') : undefined;
    return this.part<ObjectSchema>(
      {
        kind: 'object',
        properties,
        required,
        permitsAdditionalProperties: !(additional?.type === 'boolean' && !additional.value),
        additionalProperties: additional?.type === 'object' ? this.child(additional) : null,
        patternProperties,
        unevaluatedProperties: unevaluated ? this.child(unevaluated) : null,
        propertyDependencies,
        schemaDependencies,
        minProperties: this.integer('minProperties'),
        maxProperties: this.integer('maxProperties'),
      },
      'object',
    );
  }

  private arraySchema(): ArraySchema {
    arrayKeywords(this.dialect).forEach((k) => this.consumed.add(k));
    const m = this.json.members;
    let allItems: SchemaNode | null = null;
    let tupleItems: SchemaNode[] | null = null;
    let permitsAdditionalItems = true;
    let additionalItems: SchemaNode | null = null;
    const items = m.get('items');
    if (this.dialect === '2020-12') {
      // Confluent's 2020-12 translation: `items` is the schema of the items after `prefixItems`.
      const prefix = m.get('prefixItems');
      if (prefix?.type === 'array') tupleItems = prefix.items.map((s) => this.child(s));
      if (items?.type === 'boolean') permitsAdditionalItems = items.value;
      else if (items?.type === 'object') {
        if (tupleItems === null || tupleItems.length === 0) allItems = this.child(items);
        else additionalItems = this.child(items);
      }
    } else {
      if (items?.type === 'array') tupleItems = items.items.map((s) => this.child(s));
      else if (items?.type === 'object' || items?.type === 'boolean') allItems = this.child(items);
      const additional = m.get('additionalItems');
      if (additional?.type === 'boolean') permitsAdditionalItems = additional.value;
      else if (additional?.type === 'object') additionalItems = this.child(additional);
    }
    const unique = m.get('uniqueItems');
    let minContains: number | undefined;
    let maxContains: number | undefined;
    if (isModern(this.dialect)) {
      // json-sKema gives `contains` its default `minContains` of 1.
      if (this.has('contains')) {
        minContains = this.integer('minContains') ?? 1;
        maxContains = this.integer('maxContains');
      }
    } else {
      // Before 2019-09 these are unknown keywords; Confluent compares them all the same.
      minContains = this.integer('minContains');
      maxContains = this.integer('maxContains');
    }
    const unevaluated = isModern(this.dialect) ? m.get('unevaluatedItems') : undefined;
    return this.part<ArraySchema>(
      {
        kind: 'array',
        allItems,
        tupleItems,
        permitsAdditionalItems,
        additionalItems,
        unevaluatedItems: unevaluated ? this.child(unevaluated) : null,
        minItems: this.integer('minItems'),
        maxItems: this.integer('maxItems'),
        uniqueItems: unique?.type === 'boolean' && unique.value,
        minContains,
        maxContains,
      },
      'array',
    );
  }

  private reference(ref: string): ReferenceSchema {
    const { loader, base, document } = this;
    let target: SchemaNode | undefined;
    return this.part<ReferenceSchema>(
      {
        kind: 'ref',
        ref,
        target: () => (target ??= loader.resolve(ref, base, document)),
      },
      'ref',
    );
  }

  private child(node: JsonNode): SchemaNode {
    return this.loader.load(node, this.base, this.document);
  }

  // A typed part of this object, without the object's annotations (those go on the whole).
  private part<T extends SchemaNode = SchemaNode>(fields: OwnFields<T>, part?: string): T {
    return { ...fields, json: this.json, unprocessed: new Map(), isDocumentRoot: false, part } as unknown as T;
  }

  // The annotations and unconsumed keywords of the object, on the schema that represents it.
  private withAnnotations(schema: SchemaNode): SchemaNode {
    const text = (k: string): string | undefined => {
      const v = this.take(k);
      return v?.type === 'string' ? v.value : undefined;
    };
    const id = text(idKeyword(this.dialect));
    const title = text('title');
    const description = text('description');
    const def = this.take('default');
    const unprocessed = new Map<string, JsonNode>();
    for (const [key, value] of this.json.members) if (!this.consumed.has(key)) unprocessed.set(key, value);
    const common = this.loader.common(this.json, this.document, unprocessed);
    return {
      ...schema,
      ...common,
      part: undefined,
      // Confluent's 2019-09/2020-12 reading takes the root `$id` as the document's address only.
      id: common.isDocumentRoot && isModern(this.dialect) ? undefined : id,
      title,
      description,
      defaultValue: def === undefined ? undefined : writeJson(def, { sortKeys: true }),
    };
  }

  private has(keyword: string): boolean {
    return this.json.members.has(keyword);
  }

  private take(keyword: string): JsonNode | undefined {
    this.consumed.add(keyword);
    return this.json.members.get(keyword);
  }

  private integer(keyword: string): number | undefined {
    const v = this.json.members.get(keyword);
    return v?.type === 'number' ? Number(v.text) : undefined;
  }

  private decimal(keyword: string): Decimal | undefined {
    const v = this.json.members.get(keyword);
    return v?.type === 'number' ? Decimal.parse(v.text) : undefined;
  }
}

function stringsOf(array: JsonArray): string[] {
  return array.items.flatMap((i) => (i.type === 'string' ? [i.value] : []));
}
