import { checkCompatibility } from '../compatibility-checker';
import type { CompatibilityPolicy } from '../compatibility-level';
import type { ResolvedReference } from '../schema-provider';
import { JsonSchemaProvider } from './json-schema.provider';

const sut = new JsonSchemaProvider();

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
const DRAFT_2019 = 'https://json-schema.org/draft/2019-09/schema';
const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

function reference(name: string, schema: object, references: ResolvedReference[] = []): ResolvedReference {
  return { name, subject: name, version: 1, schemaType: 'JSON', schema: JSON.stringify(schema), references };
}

function parse(schema: object | boolean, references: ResolvedReference[] = []) {
  return sut.parse(JSON.stringify(schema), references, { mode: 'new' });
}

/** The differences as "<TYPE> <path>", sorted, when `update` reads data written with `original`. */
function changes(original: object | boolean, update: object | boolean, policy: CompatibilityPolicy = 'STRICT', refs: ResolvedReference[] = []): string[] {
  return sut
    .diff(parse(original, refs), parse(update, refs), policy)
    .map((d) => `${d.type} ${d.path}`)
    .sort();
}

function compatible(original: object | boolean, update: object | boolean, policy: CompatibilityPolicy = 'STRICT'): boolean {
  return sut.diff(parse(original), parse(update), policy).every((d) => d.compatible);
}

describe('JSON Schema diff', () => {
  describe('annotations and types', () => {
    it('reports changed $id, title, description and default, all compatible', () => {
      const original = { $id: 'urn:example:a', title: 'A', description: 'a', default: { x: [1, 2] } };
      const update = { $id: 'urn:example:b', title: 'B', description: 'b', default: { x: [2, 1] } };
      expect(changes(original, update)).toEqual(['DEFAULT_CHANGED #/', 'DESCRIPTION_CHANGED #/', 'ID_CHANGED #/', 'TITLE_CHANGED #/']);
      expect(compatible(original, update)).toBe(true);
    });

    it('compares object defaults by value', () => {
      expect(changes({ default: { a: 1, b: 2 } }, { default: { b: 2, a: 1 } })).toEqual([]);
    });

    it('ignores the root $id of 2019-09 and 2020-12 documents but not nested ones', () => {
      expect(changes({ $schema: DRAFT_2020, $id: 'urn:example:a' }, { $schema: DRAFT_2020, $id: 'urn:example:b' })).toEqual([]);
      const nested = (id: string) => ({ $schema: DRAFT_2019, properties: { p: { $id: id, type: 'string' } } });
      expect(changes(nested('urn:example:p1'), nested('urn:example:p2'))).toEqual(['ID_CHANGED #/properties/p']);
    });

    it('reports a changed type as incompatible and integer -> number as extended', () => {
      expect(changes({ type: 'string' }, { type: 'boolean' })).toEqual(['TYPE_CHANGED #/']);
      expect(changes({ type: 'integer' }, { type: 'number' })).toEqual(['TYPE_EXTENDED #/']);
      expect(changes({ type: 'number' }, { type: 'integer' })).toEqual(['TYPE_NARROWED #/']);
    });

    it('lets anything become {} or true, and false become anything', () => {
      expect(changes({ type: 'string', maxLength: 3 }, {})).toEqual([]);
      expect(changes({ type: 'string' }, true)).toEqual([]);
      expect(changes(false, { type: 'string' })).toEqual([]);
      expect(changes({}, { type: 'string' })).toEqual(['TYPE_CHANGED #/']);
    });

    it('ignores a type change between two Kafka Connect bytes fields', () => {
      const original = { type: 'string', 'connect.type': 'bytes' };
      const update = { type: 'number', 'connect.type': 'bytes', 'connect.parameters': { scale: '2' } };
      expect(changes(original, update)).toEqual([]);
      expect(changes(original, { type: 'number' })).toEqual(['TYPE_CHANGED #/']);
    });
  });

  describe('strings and numbers', () => {
    it('reports string limits and patterns with their keyword paths', () => {
      expect(changes({ type: 'string' }, { type: 'string', maxLength: 5, minLength: 1, pattern: '^a' })).toEqual([
        'MAX_LENGTH_ADDED #/maxLength',
        'MIN_LENGTH_ADDED #/minLength',
        'PATTERN_ADDED #/pattern',
      ]);
      expect(changes({ type: 'string', maxLength: 5, minLength: 2, pattern: '^a' }, { type: 'string', maxLength: 4, minLength: 1 })).toEqual([
        'MAX_LENGTH_DECREASED #/maxLength',
        'MIN_LENGTH_DECREASED #/minLength',
        'PATTERN_REMOVED #/pattern',
      ]);
    });

    it('reports numeric limits, exclusive ones included', () => {
      const original = { type: 'number', minimum: 1, maximum: 10, exclusiveMinimum: 0, exclusiveMaximum: 20 };
      const update = { type: 'number', minimum: 2, maximum: 12, exclusiveMinimum: -1, exclusiveMaximum: 19 };
      expect(changes(original, update)).toEqual([
        'EXCLUSIVE_MAXIMUM_DECREASED #/exclusiveMaximum',
        'EXCLUSIVE_MINIMUM_DECREASED #/exclusiveMinimum',
        'MAXIMUM_INCREASED #/maximum',
        'MINIMUM_INCREASED #/minimum',
      ]);
    });

    it('compares limits beyond double precision exactly', () => {
      expect(changes({ type: 'integer', maximum: 9007199254740993 }, { type: 'integer', maximum: 9007199254740992 })).toEqual([]);
      const original = sut.parse('{"type":"integer","maximum":9007199254740993}', [], { mode: 'new' });
      const update = sut.parse('{"type":"integer","maximum":9007199254740992}', [], { mode: 'new' });
      expect(sut.diff(original, update, 'STRICT').map((d) => d.type)).toEqual(['MAXIMUM_DECREASED']);
    });

    it('judges multipleOf by exact divisibility', () => {
      expect(changes({ type: 'number', multipleOf: 0.5 }, { type: 'number', multipleOf: 10 })).toEqual(['MULTIPLE_OF_EXPANDED #/multipleOf']);
      expect(changes({ type: 'number', multipleOf: 10 }, { type: 'number', multipleOf: 0.5 })).toEqual(['MULTIPLE_OF_REDUCED #/multipleOf']);
      expect(changes({ type: 'number', multipleOf: 0.3 }, { type: 'number', multipleOf: 0.5 })).toEqual(['MULTIPLE_OF_CHANGED #/multipleOf']);
      expect(changes({ type: 'number' }, { type: 'number', multipleOf: 2 })).toEqual(['MULTIPLE_OF_ADDED #/multipleOf']);
    });

    it("does not compare draft-04's boolean exclusiveMaximum, as Confluent does not", () => {
      const draft04 = (exclusive: boolean) => ({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 5, exclusiveMaximum: exclusive });
      expect(changes(draft04(false), draft04(true))).toEqual([]);
    });
  });

  describe('objects', () => {
    it('reports required attributes on properties both sides declare, with or without a default', () => {
      const original = { properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } }, required: ['c'] };
      const update = { properties: { a: { type: 'string' }, b: { type: 'string', default: 'x' }, c: { type: 'string' } }, required: ['a', 'b', 'z'] };
      expect(changes(original, update)).toEqual([
        'DEFAULT_CHANGED #/properties/b',
        'REQUIRED_ATTRIBUTE_ADDED #/required/a',
        'REQUIRED_ATTRIBUTE_REMOVED #/required/c',
        'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED #/required/b',
      ]);
    });

    it('judges a property added to an open content model by whether it is required and has a default', () => {
      const original = { properties: { a: { type: 'string' } } };
      const update = {
        properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' }, d: { type: 'string', default: 'x' }, e: {} },
        required: ['c', 'd'],
      };
      expect(changes(original, update)).toEqual([
        'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b',
        'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL #/properties/e',
        'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/c',
        'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL #/properties/d',
      ]);
    });

    it('accepts an optional property added to an open content model only under LENIENT', () => {
      const original = { properties: { a: { type: 'string' } } };
      const update = { properties: { a: { type: 'string' }, b: { type: 'number' } } };
      expect(compatible(original, update, 'STRICT')).toBe(false);
      expect(compatible(original, update, 'LENIENT')).toBe(true);
      expect(compatible(original, { ...update, required: ['b'] }, 'LENIENT')).toBe(false);
    });

    it('judges properties added to a closed model by required and default', () => {
      const original = { properties: {}, additionalProperties: false };
      const update = {
        properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string', default: 'x' } },
        required: ['b', 'c'],
        additionalProperties: false,
      };
      expect(changes(original, update)).toEqual([
        'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a',
        'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/b',
        'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/c',
      ]);
    });

    it('judges removed properties against the update model, LENIENT accepting the closed case', () => {
      const original = { properties: { a: { type: 'string' }, f: false }, additionalProperties: false };
      const closed = { properties: {}, additionalProperties: false };
      expect(changes(original, closed)).toEqual([
        'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a',
        'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/f',
      ]);
      expect(compatible(original, closed, 'STRICT')).toBe(false);
      expect(compatible(original, closed, 'LENIENT')).toBe(true);
    });

    it('covers properties by matching patternProperties, reporting the comparison made', () => {
      const original = { properties: { S_name: { type: 'string', maxLength: 5 }, I_n: { type: 'string' } } };
      const update = { patternProperties: { '^S_': { type: 'string' }, '^I_': { type: 'integer' } } };
      expect(changes(original, update)).toEqual([
        'MAX_LENGTH_REMOVED #/properties/S_name/maxLength',
        'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/S_name',
        'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/I_n',
        'TYPE_CHANGED #/properties/I_n',
      ]);
    });

    it('treats patternProperties that match no removed name as a closed model, as Confluent does', () => {
      expect(changes({ properties: { a: { type: 'string' } } }, { patternProperties: { '^x': {} } })).toEqual([
        'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a',
      ]);
    });

    it('reports additionalProperties moving between true, false and a schema', () => {
      expect(changes({ additionalProperties: false }, { additionalProperties: true })).toEqual(['ADDITIONAL_PROPERTIES_ADDED #/additionalProperties']);
      expect(changes({ additionalProperties: { type: 'string' } }, {})).toEqual([]);
      expect(changes({ additionalProperties: { type: 'string' } }, { maxProperties: 9 })).toEqual([
        'ADDITIONAL_PROPERTIES_EXTENDED #/additionalProperties',
        'MAX_PROPERTIES_ADDED #/maxProperties',
      ]);
      expect(compatible({ additionalProperties: true }, { additionalProperties: false }, 'LENIENT')).toBe(true);
    });

    it('reads unevaluatedProperties as a content model from 2019-09 on', () => {
      const s = (extra: object) => ({ $schema: DRAFT_2020, properties: { a: { type: 'string' } }, ...extra });
      expect(changes(s({ unevaluatedProperties: false }), s({}))).toEqual(['UNEVALUATED_PROPERTIES_ADDED #/unevaluatedProperties']);
      expect(changes(s({}), s({ unevaluatedProperties: false }))).toEqual(['UNEVALUATED_PROPERTIES_REMOVED #/unevaluatedProperties']);
      expect(changes(s({ unevaluatedProperties: { type: 'string' } }), s({ unevaluatedProperties: true }))).toEqual([
        'UNEVALUATED_PROPERTIES_EXTENDED #/unevaluatedProperties',
      ]);
      expect(changes(s({}), s({ unevaluatedProperties: { type: 'string' } }))).toEqual(['UNEVALUATED_PROPERTIES_NARROWED #/unevaluatedProperties']);
      expect(compatible(s({}), s({ unevaluatedProperties: false }), 'LENIENT')).toBe(true);
    });

    it('ignores unevaluatedProperties before 2019-09, where it is an unknown keyword', () => {
      expect(changes({ $schema: DRAFT_07, properties: {} }, { $schema: DRAFT_07, properties: {}, unevaluatedProperties: false })).toEqual([]);
    });

    it('reports property and schema dependencies, draft-07 and 2019-09 spellings alike', () => {
      const original = { dependencies: { a: ['b', 'c'], b: ['c'], c: ['a'], d: { type: 'object' } } };
      const update = { dependencies: { a: ['b'], b: ['c', 'd'], c: ['b'], e: { type: 'object' } } };
      expect(changes(original, update)).toEqual([
        'DEPENDENCY_ARRAY_CHANGED #/dependencies/c',
        'DEPENDENCY_ARRAY_EXTENDED #/dependencies/b',
        'DEPENDENCY_ARRAY_NARROWED #/dependencies/a',
        'DEPENDENCY_SCHEMA_ADDED #/dependencies/e',
        'DEPENDENCY_SCHEMA_REMOVED #/dependencies/d',
      ]);
      const modern = (required: object, schemas: object) => ({ $schema: DRAFT_2019, dependentRequired: required, dependentSchemas: schemas });
      expect(changes(modern({ a: ['b'] }, { x: { type: 'string' } }), modern({}, { x: { type: 'number' } }))).toEqual([
        'DEPENDENCY_ARRAY_REMOVED #/dependencies/a',
        'TYPE_CHANGED #/dependencies/x',
      ]);
    });

    it('reports property count limits', () => {
      expect(changes({ minProperties: 1, maxProperties: 5 }, { minProperties: 2, maxProperties: 4 })).toEqual([
        'MAX_PROPERTIES_DECREASED #/maxProperties',
        'MIN_PROPERTIES_INCREASED #/minProperties',
      ]);
    });
  });

  describe('arrays', () => {
    it('reports item limits and uniqueness', () => {
      expect(changes({ type: 'array', maxItems: 3, minItems: 1 }, { type: 'array', maxItems: 4, uniqueItems: true })).toEqual([
        'MAX_ITEMS_INCREASED #/maxItems',
        'MIN_ITEMS_REMOVED #/minItems',
        'UNIQUE_ITEMS_ADDED #/uniqueItems',
      ]);
    });

    it('compares the items schema at #/items', () => {
      expect(changes({ type: 'array', items: { type: 'string' } }, { type: 'array', items: { type: 'integer' } })).toEqual(['TYPE_CHANGED #/items']);
    });

    it('judges tuple items against the content model of additionalItems', () => {
      const open = { type: 'array', items: [{ type: 'string' }] };
      expect(changes(open, { type: 'array', items: [{ type: 'string' }, { type: 'number' }] })).toEqual(['ITEM_ADDED_TO_OPEN_CONTENT_MODEL #/items/1']);
      const closed = { type: 'array', items: [{ type: 'string' }, { type: 'number' }], additionalItems: false };
      expect(changes(closed, { type: 'array', items: [{ type: 'string' }], additionalItems: false })).toEqual([
        'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL #/items/1',
      ]);
      expect(changes({ type: 'array', additionalItems: true }, { type: 'array', additionalItems: { type: 'string' } })).toEqual([
        'ADDITIONAL_ITEMS_NARROWED #/additionalItems',
      ]);
    });

    it('reads 2020-12 prefixItems and items as tuple and additional items', () => {
      const s = (prefix: object[], items: object | boolean) => ({ $schema: DRAFT_2020, type: 'array', prefixItems: prefix, items });
      expect(changes(s([{ type: 'string' }], { type: 'number' }), s([{ type: 'string' }, { type: 'number' }], false))).toEqual([
        'ADDITIONAL_ITEMS_REMOVED #/additionalItems',
        'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1',
      ]);
      expect(changes(s([{ type: 'string' }], { type: 'string' }), s([{ type: 'string' }], { type: 'number' }))).toEqual([
        'TYPE_CHANGED #/additionalItems',
      ]);
    });

    it('reads unevaluatedItems as a content model in 2020-12', () => {
      const s = (extra: object) => ({ $schema: DRAFT_2020, type: 'array', prefixItems: [{ type: 'string' }], ...extra });
      expect(changes(s({}), s({ unevaluatedItems: false }))).toEqual(['UNEVALUATED_ITEMS_REMOVED #/unevaluatedItems']);
      expect(changes(s({ unevaluatedItems: { type: 'string' } }), s({}))).toEqual(['UNEVALUATED_ITEMS_EXTENDED #/unevaluatedItems']);
    });

    it('compares minContains and maxContains, minContains defaulting to 1 with contains from 2019-09', () => {
      const s = (extra: object) => ({ $schema: DRAFT_2019, type: 'array', contains: { type: 'number' }, ...extra });
      expect(changes(s({ minContains: 1 }), s({}))).toEqual([]);
      expect(changes(s({}), s({ minContains: 2, maxContains: 3 }))).toEqual([
        'MAX_CONTAINS_ADDED #/maxContains',
        'MIN_CONTAINS_INCREASED #/minContains',
      ]);
      expect(changes({ type: 'array', maxContains: 3 }, { type: 'array', maxContains: 2 })).toEqual(['MAX_CONTAINS_DECREASED #/maxContains']);
    });
  });

  describe('enums and const', () => {
    it('reports enums extended, narrowed and changed, in any order of values', () => {
      expect(changes({ enum: ['a', 'b'] }, { enum: ['b', 'a'] })).toEqual([]);
      expect(changes({ enum: ['a'] }, { enum: ['b', 'a'] })).toEqual(['ENUM_ARRAY_EXTENDED #/enum']);
      expect(changes({ enum: ['a', 'b'] }, { enum: ['a'] })).toEqual(['ENUM_ARRAY_NARROWED #/enum']);
      expect(changes({ enum: ['a', { x: 1 }] }, { enum: ['a', { x: 2 }] })).toEqual(['ENUM_ARRAY_CHANGED #/enum']);
    });

    it('reports a changed const as ENUM_ARRAY_CHANGED', () => {
      expect(changes({ const: 1 }, { const: 2 })).toEqual(['ENUM_ARRAY_CHANGED #/const']);
    });
  });

  describe('combined schemas and not', () => {
    it('reads keyword families beside a type as an allOf, as Confluent does', () => {
      expect(changes({ type: 'string', enum: ['a'] }, { type: 'string' })).toEqual(['PRODUCT_TYPE_NARROWED #/']);
      expect(changes({ type: 'string' }, { type: 'string', enum: ['a'] })).toEqual(['TYPE_CHANGED #/']);
    });

    it('reads a type array as an anyOf', () => {
      expect(changes({ type: ['string', 'null'], maxLength: 3 }, { type: ['string', 'null'], maxLength: 4 })).toEqual([
        'MAX_LENGTH_INCREASED #/anyOf/0/maxLength',
      ]);
      expect(changes({ type: ['string', 'null'] }, { type: 'string' })).toEqual(['TYPE_CHANGED #/']);
    });

    it('accepts a union that keeps a branch reading the old values', () => {
      expect(changes({ type: 'string', maxLength: 3 }, { oneOf: [{ type: 'null' }, { type: 'string' }] })).toEqual([
        'MAX_LENGTH_REMOVED #/maxLength',
        'SUM_TYPE_EXTENDED #/',
      ]);
    });

    it('matches subschemas regardless of order and reports inside them under the original index', () => {
      const original = { properties: { p: { oneOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] } } };
      const update = { properties: { p: { oneOf: [{ type: 'null' }, { type: 'string', maxLength: 6 }, { type: 'boolean' }] } } };
      expect(changes(original, update)).toEqual(['MAX_LENGTH_INCREASED #/properties/p/oneOf/0/maxLength', 'SUM_TYPE_EXTENDED #/properties/p']);
    });

    it('reports unmatched subschemas and changed criteria as incompatible', () => {
      expect(changes({ anyOf: [{ type: 'string' }, { type: 'number' }] }, { anyOf: [{ type: 'string' }] })).toEqual(['SUM_TYPE_NARROWED #/']);
      expect(changes({ allOf: [{ type: 'string' }] }, { allOf: [{ type: 'string' }, { maxLength: 3 }] })).toEqual(['PRODUCT_TYPE_EXTENDED #/']);
      expect(changes({ anyOf: [{ type: 'string' }, { type: 'number' }] }, { oneOf: [{ type: 'string' }, { type: 'boolean' }] })).toEqual([
        'COMBINED_TYPE_CHANGED #/',
      ]);
      expect(changes({ oneOf: [{ type: 'string' }, { type: 'number' }] }, { oneOf: [{ type: 'string' }, { type: 'boolean' }] })).toEqual([
        'COMBINED_TYPE_SUBSCHEMAS_CHANGED #/',
      ]);
    });

    it('collapses subschemas written twice', () => {
      expect(changes({ anyOf: [{ type: 'string' }, { type: 'string' }] }, { anyOf: [{ type: 'string' }] })).toEqual([]);
    });

    it('reverses the question inside not', () => {
      expect(changes({ not: { type: 'number' } }, { not: { type: 'integer' } })).toEqual(['NOT_TYPE_NARROWED #/not']);
      expect(changes({ not: { type: 'integer' } }, { not: { type: 'number' } })).toEqual(['NOT_TYPE_EXTENDED #/not']);
      expect(changes({ not: { type: 'integer' } }, { not: { type: 'integer' } })).toEqual([]);
    });
  });

  describe('references', () => {
    it('follows local $refs, reporting at the referring path', () => {
      const s = (type: string) => ({ properties: { a: { $ref: '#/definitions/T' }, b: { $ref: '#/definitions/T' } }, definitions: { T: { type } } });
      expect(changes(s('string'), s('number'))).toEqual(['TYPE_CHANGED #/properties/a', 'TYPE_CHANGED #/properties/b']);
    });

    it('follows $refs to $defs and $anchor in 2020-12', () => {
      const s = (max: number) => ({
        $schema: DRAFT_2020,
        properties: { a: { $ref: '#name' }, b: { $ref: '#/$defs/name' } },
        $defs: { name: { $anchor: 'name', type: 'string', maxLength: max } },
      });
      expect(changes(s(5), s(4))).toEqual(['MAX_LENGTH_DECREASED #/properties/a/maxLength', 'MAX_LENGTH_DECREASED #/properties/b/maxLength']);
    });

    it('follows $refs into referenced schemas, by name and by fragment', () => {
      const root = { properties: { customer: { $ref: 'customer.json' }, email: { $ref: 'customer.json#/definitions/Email' } } };
      const v1 = reference('customer.json', { properties: { name: { type: 'string' } }, definitions: { Email: { type: 'string' } } });
      const v2 = reference('customer.json', { properties: { name: { type: 'number' } }, definitions: { Email: { type: 'string', maxLength: 9 } } });
      const diff = sut.diff(parse(root, [v1]), parse(root, [v2]), 'STRICT').map((d) => `${d.type} ${d.path}`);
      expect(diff.sort()).toEqual(['MAX_LENGTH_ADDED #/properties/email/maxLength', 'TYPE_CHANGED #/properties/customer/properties/name']);
    });

    it('resolves references relative to the $id of the referring schema, references of references included', () => {
      const address = (type: string) => reference('address.json', { type });
      const customer = (type: string) =>
        reference('https://acme.com/customer.json', { $id: 'https://acme.com/customer.json', properties: { address: { $ref: 'address.json' } } }, [address(type)]);
      const root = { $id: 'https://acme.com/order.json', properties: { customer: { $ref: 'customer.json' } } };
      const diff = sut.diff(parse(root, [customer('string')]), parse(root, [customer('integer')]), 'STRICT');
      expect(diff.map((d) => `${d.type} ${d.path}`)).toEqual(['TYPE_CHANGED #/properties/customer/properties/address']);
    });

    it('treats moving a schema into a definition as no change', () => {
      expect(changes({ type: 'string' }, { $ref: '#/definitions/s', definitions: { s: { type: 'string' } } })).toEqual([]);
    });
  });

  describe('recursion', () => {
    const tree = (leaf: object) => ({
      $ref: '#/definitions/node',
      definitions: { node: { type: 'object', properties: { value: leaf, children: { type: 'array', items: { $ref: '#/definitions/node' } } } } },
    });

    it('finds no difference between a recursive schema and itself', () => {
      const schema = parse(tree({ type: 'string' }));
      expect(sut.diff(schema, schema, 'STRICT')).toEqual([]);
      expect(sut.diff(schema, parse(tree({ type: 'string' })), 'STRICT')).toEqual([]);
    });

    it('reports a change inside a recursive schema once, where it is first met', () => {
      expect(changes(tree({ type: 'string' }), tree({ type: 'integer' }))).toEqual(['TYPE_CHANGED #/properties/value']);
    });

    it('terminates on mutual recursion and on recursion against a non-recursive schema', () => {
      const mutual = (type: string) => ({
        $ref: '#/definitions/a',
        definitions: {
          a: { type: 'object', properties: { b: { $ref: '#/definitions/b' }, v: { type } } },
          b: { type: 'object', properties: { a: { $ref: '#/definitions/a' } } },
        },
      });
      expect(changes(mutual('string'), mutual('number'))).toEqual(['TYPE_CHANGED #/properties/v']);
      const flat = { type: 'object', properties: { value: { type: 'string' }, children: { type: 'array', items: { type: 'object' } } } };
      expect(changes(tree({ type: 'string' }), flat)).toEqual([
        'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/children/items/properties/children',
        'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/children/items/properties/value',
      ]);
      expect(changes(flat, tree({ type: 'string' }))).toEqual([
        'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/children/items/properties/children',
        'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/children/items/properties/value',
      ]);
    });

    it('terminates quickly on unions of many mutually recursive definitions', () => {
      const names = Array.from({ length: 10 }, (_, i) => `D${i}`);
      const anyOfThem = { oneOf: names.map((n) => ({ $ref: `#/definitions/${n}` })) };
      const schema = (firstId: string) => ({
        definitions: Object.fromEntries(
          names.map((n, i) => [n, { type: 'object', properties: { id: { type: i === 0 ? firstId : 'string' }, next: anyOfThem, other: anyOfThem } }]),
        ),
        properties: { root: anyOfThem },
      });
      expect(changes(schema('string'), schema('string'))).toEqual([]);
      expect(compatible(schema('string'), schema('boolean'))).toBe(false);
    });

    it('does not let a comparison made under a recursive assumption hide an incompatibility elsewhere', () => {
      // A -> C -> A is a cycle; A and B both lead into it. Each id change is incompatible.
      const link = (id: string, target: string) => ({ type: 'object', properties: { id: { type: id }, link: { oneOf: [{ $ref: `#/definitions/${target}` }] } } });
      const schema = (a: string, b: string) => ({
        definitions: { A: link(a, 'C'), B: link(b, 'C'), C: link('integer', 'A') },
        properties: { root: { oneOf: [{ $ref: '#/definitions/A' }, { $ref: '#/definitions/B' }] } },
      });
      expect(compatible(schema('integer', 'boolean'), schema('boolean', 'number'))).toBe(false);
    });

    it('reads a $ref chain that goes round in a circle as {} when stored', () => {
      const text = '{"properties":{"x":{"$ref":"#/definitions/a"}},"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}}}';
      const stored = sut.parse(text, [], { mode: 'stored' });
      expect(sut.diff(stored, parse({ properties: { x: { type: 'string' } } }), 'STRICT').map((d) => d.type)).toEqual(['TYPE_CHANGED']);
    });
  });

  describe('depth', () => {
    const nest = (levels: number, leaf: object): object => {
      let schema: object = leaf;
      for (let i = 0; i < levels; i++) schema = { type: 'array', items: schema };
      return schema;
    };

    it('diffs schemas nested to the depth limit without exhausting the stack', () => {
      const diff = sut.diff(parse(nest(998, { type: 'string' })), parse(nest(998, { type: 'number' })), 'STRICT');
      expect(diff.map((d) => d.type)).toEqual(['TYPE_CHANGED']);
      expect(diff[0]?.path).toBe(`#/${Array.from({ length: 998 }, () => 'items').join('/')}`);
    });

    it('diffs deeply nested unions in reasonable work', () => {
      let a: object = { type: 'string' };
      let b: object = { type: 'number' };
      for (let i = 0; i < 300; i++) {
        a = { anyOf: [a, { type: 'integer', maximum: i }] };
        b = { anyOf: [b, { type: 'integer', maximum: i }] };
      }
      expect(sut.diff(parse(a), parse(b), 'STRICT').some((d) => !d.compatible)).toBe(true);
    });
  });

  describe('with the compatibility checker', () => {
    const provider = () => sut;
    const previous = (text: string) => ({ version: 1, schemaType: 'JSON' as const, text, schema: () => sut.parse(text, [], { mode: 'stored' }) });

    it("renders BACKWARD failures with Confluent's messages for new and old", () => {
      const old = '{"type":"object","properties":{"a":{"type":"string"}}}';
      const candidate = sut.parse('{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"number"}}}', [], { mode: 'new' });
      const result = checkCompatibility({ level: 'BACKWARD', policy: 'STRICT', candidate, previous: [previous(old)] }, provider);
      expect(result.compatible).toBe(false);
      expect(result.messages[0]).toBe(
        `{errorType:"OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", description:"The new schema has an open content model and has a property or item at path '#/properties/b' which is missing in the old schema'}`,
      );
      const lenient = checkCompatibility({ level: 'BACKWARD', policy: 'LENIENT', candidate, previous: [previous(old)] }, provider);
      expect(lenient.compatible).toBe(true);
    });

    it('runs FORWARD as the same diff with the schemas swapped', () => {
      const old = '{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"number"}},"additionalProperties":false}';
      const candidate = sut.parse('{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}', [], { mode: 'new' });
      const forward = checkCompatibility({ level: 'FORWARD', policy: 'STRICT', candidate, previous: [previous(old)] }, provider);
      expect(forward.compatible).toBe(true);
      const backward = checkCompatibility({ level: 'BACKWARD', policy: 'STRICT', candidate, previous: [previous(old)] }, provider);
      expect(backward.failures[0]?.differences.map((d) => d.type)).toEqual(['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL']);
    });
  });
});
