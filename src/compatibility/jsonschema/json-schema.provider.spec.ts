import { type ResolvedReference, SchemaParseError } from '../schema-provider';
import { JsonSchemaProvider } from './json-schema.provider';

function reference(name: string, schema: string, references: ResolvedReference[] = []): ResolvedReference {
  return { name, subject: `subject-${name}`, version: 1, schemaType: 'JSON', schema, references };
}

function parseError(run: () => unknown): SchemaParseError {
  try {
    run();
  } catch (e) {
    if (e instanceof SchemaParseError) return e;
    throw e;
  }
  throw new Error('expected a SchemaParseError');
}

describe('JsonSchemaProvider', () => {
  const sut = new JsonSchemaProvider();

  describe('parse', () => {
    it.each([
      ['draft-04', '{"$schema":"http://json-schema.org/draft-04/schema#","type":"number","maximum":3,"exclusiveMaximum":true}'],
      ['draft-06', '{"$schema":"http://json-schema.org/draft-06/schema#","type":"array","contains":{"const":1}}'],
      ['draft-07', '{"$schema":"http://json-schema.org/draft-07/schema#","if":{"type":"string"},"then":{"maxLength":3}}'],
      ['2019-09', '{"$schema":"https://json-schema.org/draft/2019-09/schema","dependentRequired":{"a":["b"]},"unevaluatedProperties":false}'],
      ['2020-12', '{"$schema":"https://json-schema.org/draft/2020-12/schema","prefixItems":[{"type":"string"}],"items":false}'],
      ['no $schema (draft-07)', '{"type":"object","properties":{"a":{"type":"string","format":"email"}}}'],
    ])('accepts a valid %s schema as new', (dialect, text) => {
      const schema = sut.parse(text, [], { mode: 'new' });
      expect(schema.schemaType).toBe('JSON');
      expect(schema.dialect).toBe(dialect.startsWith('no') ? 'draft-07' : dialect);
    });

    it.each([
      ['draft-04', '{"$schema":"http://json-schema.org/draft-04/schema#","exclusiveMaximum":5}', 'draft-04'],
      ['draft-06', '{"$schema":"http://json-schema.org/draft-06/schema#","contains":5}', "'#/contains'"],
      ['draft-07', '{"$schema":"http://json-schema.org/draft-07/schema#","properties":{"a":{"minLength":-1}}}', "'#/properties/a/minLength'"],
      ['2019-09', '{"$schema":"https://json-schema.org/draft/2019-09/schema","dependentRequired":{"a":"b"}}', "'#/dependentRequired/a'"],
      ['2020-12', '{"$schema":"https://json-schema.org/draft/2020-12/schema","prefixItems":{}}', "'#/prefixItems'"],
    ])('rejects a %s schema its meta-schema rejects, naming the place', (_, text, place) => {
      const error = parseError(() => sut.parse(text, [], { mode: 'new' }));
      expect(error.message).toContain(place);
    });

    it('gives the line and column of a meta-schema fault', () => {
      const text = '{\n  "type": "object",\n  "properties": {\n    "a": { "type": "strin" }\n  }\n}';
      const error = parseError(() => sut.parse(text, [], { mode: 'new' }));
      expect(error.message).toMatch(/^Invalid JSON Schema \(draft-07\) at '#\/properties\/a\/type': must be equal to one of the allowed values/);
      expect([error.line, error.column]).toEqual([4, 20]);
    });

    it('gives the line and column of a JSON syntax error, in both modes', () => {
      for (const mode of ['new', 'stored'] as const) {
        const error = parseError(() => sut.parse('{\n  "type": "object",\n  "required": ["a",]\n}', [], { mode }));
        expect(error.message).toMatch(/^Invalid JSON in schema: /);
        expect([error.line, error.column]).toEqual([3, 20]);
      }
    });

    it('refuses documents deeper than the limit with a clear error, without exhausting the stack', () => {
      const text = '{"not":'.repeat(5000) + '{}' + '}'.repeat(5000);
      const error = parseError(() => sut.parse(text, [], { mode: 'stored' }));
      expect(error.message).toMatch(/^Too deeply nested schema: Nesting deeper than 1000 levels/);
      expect([error.line, error.column]).toEqual([1, 7001]);
    });

    it('validates schemas nested to the limit', () => {
      const text = '{"not":'.repeat(999) + '{"type":"string"}' + '}'.repeat(999);
      expect(sut.parse(text, [], { mode: 'new' }).canonical).toBe(text);
    });

    it('rejects a root that is neither an object nor a boolean', () => {
      expect(() => sut.parse('[{"type":"string"}]', [], { mode: 'stored' })).toThrow(SchemaParseError);
      expect(sut.parse('true', [], { mode: 'new' }).canonical).toBe('true');
    });

    it('tolerates unknown keywords, vendor ones included, in both modes', () => {
      const text = '{"type":"string","connect.type":"bytes","confluent:tags":["PII"],"x-foo":{"bar":1}}';
      expect(sut.parse(text, [], { mode: 'new' }).canonical).toBe(text);
    });

    it('accepts an unknown $schema as draft-07, as Confluent does', () => {
      expect(sut.parse('{"$schema":"https://example.com/my-meta","type":"string"}', [], { mode: 'new' }).dialect).toBe('draft-07');
    });

    it('rejects an unresolvable $ref in a new schema but reads it leniently when stored', () => {
      const text = '{"properties":{\n"a":{"$ref":"#/definitions/missing"}}}';
      const error = parseError(() => sut.parse(text, [], { mode: 'new' }));
      expect(error.message).toBe("Cannot resolve $ref '#/definitions/missing': no such schema or reference");
      expect([error.line, error.column]).toEqual([2, 13]);
      expect(sut.parse(text, [], { mode: 'stored' }).canonical).toBe(text.replace('\n', ''));
    });

    it('rejects $refs that only lead to each other', () => {
      const text = '{"$ref":"#/definitions/a","definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}}}';
      expect(() => sut.parse(text, [], { mode: 'new' })).toThrow(/go round in a circle/);
    });

    it('resolves $refs to definitions, $defs, $id and $anchor', () => {
      const texts = [
        '{"properties":{"a":{"$ref":"#/definitions/A"}},"definitions":{"A":{"type":"string"}}}',
        '{"$schema":"https://json-schema.org/draft/2020-12/schema","properties":{"a":{"$ref":"#/$defs/A"}},"$defs":{"A":{"type":"string"}}}',
        '{"$id":"https://acme.com/root.json","properties":{"a":{"$ref":"item.json"}},"definitions":{"A":{"$id":"item.json","type":"string"}}}',
        '{"$schema":"https://json-schema.org/draft/2019-09/schema","properties":{"a":{"$ref":"#item"}},"$defs":{"A":{"$anchor":"item"}}}',
        '{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"a":{"$ref":"#item"}},"definitions":{"A":{"id":"#item"}}}',
      ];
      for (const text of texts) expect(sut.parse(text, [], { mode: 'new' }).canonical).toBe(text);
    });

    it('resolves $refs to references by name, with fragments, and references of references', () => {
      const address = reference('address.json', '{"type":"object","properties":{"street":{"type":"string"}}}');
      const customer = reference(
        'customer.json',
        '{"type":"object","properties":{"address":{"$ref":"address.json"}},"definitions":{"Email":{"type":"string"}}}',
        [address],
      );
      const text = '{"properties":{"customer":{"$ref":"customer.json"},"email":{"$ref":"customer.json#/definitions/Email"}}}';
      const schema = sut.parse(text, [customer], { mode: 'new' });
      expect(schema.references).toEqual([customer]);
      expect(() => sut.parse(text, [], { mode: 'new' })).toThrow(/Cannot resolve \$ref 'customer.json'/);
    });

    it('resolves references named by absolute URL against the schema $id', () => {
      const customer = reference('https://acme.com/schemas/customer.json', '{"type":"object"}');
      const text = '{"$id":"https://acme.com/schemas/order.json","properties":{"customer":{"$ref":"customer.json"}}}';
      expect(sut.parse(text, [customer], { mode: 'new' }).canonical).toBe(text);
    });

    it('reports a reference that is not JSON, naming it', () => {
      expect(() => sut.parse('{"$ref":"bad.json"}', [reference('bad.json', '{')], { mode: 'stored' })).toThrow(/reference 'bad.json'/);
    });

    it('leaves the shared ajv instance clean: two schemas with one $id both compile', () => {
      const one = '{"$id":"https://acme.com/x.json","properties":{"a":{"$ref":"#/definitions/d"}},"definitions":{"d":{"type":"string"}}}';
      const two = '{"$id":"https://acme.com/x.json","properties":{"b":{"$ref":"#/definitions/e"}},"definitions":{"e":{"type":"number"}}}';
      expect(() => {
        sut.parse(one, [], { mode: 'new' });
        sut.parse(two, [], { mode: 'new' });
        sut.parse(one, [], { mode: 'new' });
      }).not.toThrow();
    });

    it('rejects patterns that are not regular expressions, reading a Java (?i) flag', () => {
      expect(() => sut.parse('{"type":"string","pattern":"(?i)^abc$"}', [], { mode: 'new' })).not.toThrow();
      const error = parseError(() => sut.parse('{"patternProperties":{"[a-":{}}}', [], { mode: 'new' }));
      expect(error.message).toBe('Invalid regular expression in schema: /[a-/');
      expect(() => sut.parse('{"patternProperties":{"[a-":{}}}', [], { mode: 'stored' })).not.toThrow();
    });
  });

  describe('canonical and normalize', () => {
    it("keeps Jackson's canonical text: key order as written, exact numbers, no whitespace", () => {
      const text = '{ "type": "number",\n  "maximum": 123456789012345678901234567890, "minimum": 1.10, "multipleOf": 1e-2, "2": 0, "1": -0 }';
      expect(sut.parse(text, [], { mode: 'stored' }).canonical).toBe(
        '{"type":"number","maximum":123456789012345678901234567890,"minimum":1.10,"multipleOf":0.01,"2":0,"1":0}',
      );
    });

    it('normalizes by sorting every object key, arrays in order', () => {
      const schema = sut.parse('{"type":"object","required":["b","a"],"properties":{"b":{"type":"string"},"a":{"enum":[2,1]}}}', [], { mode: 'new' });
      expect(sut.normalize(schema)).toBe('{"properties":{"a":{"enum":[2,1]},"b":{"type":"string"}},"required":["b","a"],"type":"object"}');
    });

    it('normalizes equally schemas that differ only in key order and whitespace', () => {
      const a = sut.parse('{"b": {"y":1,"x":2}, "a": 1.50}', [], { mode: 'stored' });
      const b = sut.parse('{"a":1.50,"b":{"x":2,"y":1}}', [], { mode: 'stored' });
      expect(sut.normalize(a)).toBe(sut.normalize(b));
      expect(a.canonical).not.toBe(b.canonical);
    });
  });

  describe('fieldNames and fieldTags', () => {
    const text = JSON.stringify({
      type: 'object',
      properties: {
        email: { type: 'string', 'confluent:tags': ['PII', 'EMAIL'] },
        address: { type: 'object', properties: { 'street/line': { type: 'string', 'confluent:tags': ['PII'] } } },
        items: { type: 'array', items: { properties: { sku: { type: 'string' } } } },
      },
      definitions: { Money: { properties: { amount: { type: 'number' } } } },
      oneOf: [{ properties: { kind: { const: 'a' } } }],
    });

    it('lists every property with its path: nested, array items, definitions and combined schemas', () => {
      expect(sut.fieldNames(sut.parse(text, [], { mode: 'new' }))).toEqual([
        { path: '#/properties/email', name: 'email' },
        { path: '#/properties/address', name: 'address' },
        { path: '#/properties/address/properties/street~1line', name: 'street/line' },
        { path: '#/properties/items', name: 'items' },
        { path: '#/properties/items/items/properties/sku', name: 'sku' },
        { path: '#/definitions/Money/properties/amount', name: 'amount' },
        { path: '#/oneOf/0/properties/kind', name: 'kind' },
      ]);
    });

    it('lists the properties carrying confluent:tags', () => {
      expect(sut.fieldTags(sut.parse(text, [], { mode: 'new' }))).toEqual([
        { path: '#/properties/email', field: 'email', tags: ['PII', 'EMAIL'] },
        { path: '#/properties/address/properties/street~1line', field: 'street/line', tags: ['PII'] },
      ]);
    });

    it('reads 2020-12 prefixItems and $defs', () => {
      const modern = '{"$schema":"https://json-schema.org/draft/2020-12/schema","prefixItems":[{"properties":{"a":{}}}],"$defs":{"D":{"properties":{"b":true}}}}';
      expect(sut.fieldNames(sut.parse(modern, [], { mode: 'new' })).map((f) => f.path)).toEqual([
        '#/prefixItems/0/properties/a',
        '#/$defs/D/properties/b',
      ]);
    });
  });

  describe('diff', () => {
    it('classifies each difference under the policy and describes it with side tokens', () => {
      const original = sut.parse('{"properties":{"a":{"type":"string"}}}', [], { mode: 'new' });
      const update = sut.parse('{"properties":{"a":{"type":"string"},"b":{"type":"number"}}}', [], { mode: 'new' });
      const expected = {
        type: 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
        path: '#/properties/b',
        description: "The {reader} schema has an open content model and has a property or item at path '#/properties/b' which is missing in the {writer} schema",
      };
      expect(sut.diff(original, update, 'STRICT')).toEqual([{ ...expected, compatible: false }]);
      expect(sut.diff(original, update, 'LENIENT')).toEqual([{ ...expected, compatible: true }]);
      expect(sut.diff(original, update, 'LOGICAL')).toEqual([{ ...expected, compatible: false }]);
    });

    it('refuses schemas another provider parsed', () => {
      const original = sut.parse('{}', [], { mode: 'stored' });
      expect(() => sut.diff(original, { schemaType: 'AVRO', canonical: '"int"', references: [] }, 'STRICT')).toThrow(TypeError);
    });
  });
});
