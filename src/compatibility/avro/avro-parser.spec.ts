import { SchemaParseError, type ResolvedReference } from '../schema-provider';
import { AvroProvider } from './avro.provider';

describe('Avro parsing', () => {
  const sut = new AvroProvider();
  const parseNew = (schema: unknown, references: ResolvedReference[] = []) =>
    sut.parse(typeof schema === 'string' ? schema : JSON.stringify(schema), references, { mode: 'new' });
  const parseStored = (schema: unknown, references: ResolvedReference[] = []) =>
    sut.parse(typeof schema === 'string' ? schema : JSON.stringify(schema), references, { mode: 'stored' });
  const record = (fields: unknown[], extra: object = {}) => ({ type: 'record', name: 'R', fields, ...extra });

  describe('rejects invalid schemas with a SchemaParseError', () => {
    it.each([
      ['an unknown type name', record([{ name: 'f', type: 'Nope' }]), /Unknown type "Nope"/],
      ['a record without fields', { type: 'record', name: 'R' }, /Record has no fields/],
      ['a field without a type', record([{ name: 'f' }]), /No field type/],
      ['a field without a name', record([{ type: 'int' }]), /No field name/],
      ['a named type without a name', { type: 'enum', symbols: ['A'] }, /No name in schema/],
      ['an object without a type', { name: 'x' }, /No type/],
      ['a duplicate field', record([{ name: 'f', type: 'int' }, { name: 'f', type: 'long' }]), /Duplicate field f in record R/],
      ['a duplicate enum symbol', { type: 'enum', name: 'E', symbols: ['A', 'A'] }, /Duplicate enum symbol: A/],
      ['a duplicate union branch', ['int', 'string', 'int'], /Duplicate in union: int/],
      ['two arrays in one union', [{ type: 'array', items: 'int' }, { type: 'array', items: 'long' }], /Duplicate in union: array/],
      ['a union inside a union', ['int', ['long']], /Nested union/],
      [
        'a name defined twice differently',
        record([
          { name: 'a', type: { type: 'enum', name: 'E', symbols: ['A'] } },
          { name: 'b', type: { type: 'enum', name: 'E', symbols: ['B'] } },
        ]),
        /Can't redefine: E/,
      ],
      ['an invalid name', { type: 'record', name: '1R', fields: [] }, /Illegal initial character: 1R/],
      ['an invalid namespace', { type: 'record', name: 'R', namespace: 'a.1b', fields: [] }, /Namespace part "1b" is invalid/],
      ['a type named after a primitive', { type: 'record', name: 'int', fields: [] }, /may not be named after primitives/],
      ['an enum default outside the symbols', { type: 'enum', name: 'E', symbols: ['A'], default: 'B' }, /not in the enum symbol set: \[A\]/],
      ['a fixed without an int size', { type: 'fixed', name: 'F', size: 1.5 }, /Invalid or no size/],
      ['an invalid field order', record([{ name: 'f', type: 'int', order: 'sideways' }]), /Invalid order "sideways"/],
      ['a float default that is not a number', record([{ name: 'f', type: 'float', default: 'abc' }]), /not a number/],
      ['a number as a schema', 5, /Schema not yet supported: 5/],
      ['invalid JSON', '{"type":"record",', /Invalid JSON at line 1/],
    ])('%s', (_label, schema, message) => {
      expect(() => parseStored(schema)).toThrow(SchemaParseError);
      expect(() => parseStored(schema)).toThrow(message);
    });

    it('points at the JSON object that is wrong', () => {
      const text = '{"type":"record","name":"R","fields":[\n  {"name":"f","type":"Nope"}\n]}';
      expect(() => parseStored(text)).toThrow(expect.objectContaining({ line: 2, column: 3 }));
    });
  });

  describe('in new mode, validates defaults as Confluent does with avro.validate.defaults', () => {
    it.each([
      ['a string for an int', 'int', 'x'],
      ['an int beyond 32 bits', 'int', 3_000_000_000],
      ['a fraction for a long', 'long', 1.5],
      ['a number for a string', 'string', 1],
      ['null for a string', 'string', null],
      ['an array with a wrong item', { type: 'array', items: 'int' }, [1, 'x']],
    ])('rejects %s', (_label, type, value) => {
      const schema = record([{ name: 'f', type, default: value }]);
      expect(() => parseNew(schema)).toThrow(/Invalid default for field f/);
      expect(() => parseStored(schema)).not.toThrow();
    });

    it('accepts a union default matching any branch', () => {
      expect(() => parseNew(record([{ name: 'f', type: ['null', 'string'], default: 'null' }]))).not.toThrow();
      expect(() => parseNew(record([{ name: 'f', type: ['null', 'string'], default: null }]))).not.toThrow();
    });

    it('requires a record default to cover every field without its own default', () => {
      const inner = { type: 'record', name: 'S', fields: [{ name: 'a', type: 'int' }, { name: 'b', type: 'int', default: 2 }] };
      expect(() => parseNew(record([{ name: 'f', type: inner, default: { a: 1 } }]))).not.toThrow();
      expect(() => parseNew(record([{ name: 'f', type: inner, default: { b: 1 } }]))).toThrow(/Invalid default/);
    });

    it('rejects a record default that could only be completed by itself, instead of recursing forever', () => {
      expect(() => parseNew(record([{ name: 'next', type: 'R', default: {} }]))).toThrow(/Invalid default for field next/);
    });
  });

  describe('with references', () => {
    const address = reference('io.acme.Address', {
      type: 'record',
      name: 'Address',
      namespace: 'io.acme',
      fields: [{ name: 'country', type: 'io.acme.Country' }],
    }, [reference('io.acme.Country', { type: 'enum', name: 'Country', namespace: 'io.acme', symbols: ['FR', 'NZ'] })]);

    it('resolves named types of references, recursively, by full name', () => {
      const parsed = parseNew(
        {
          type: 'record',
          name: 'Customer',
          namespace: 'io.acme',
          fields: [
            { name: 'home', type: 'io.acme.Address' },
            { name: 'born', type: 'Country' },
          ],
        },
        [address],
      );
      expect(parsed.canonical).toBe(
        '{"type":"record","name":"Customer","namespace":"io.acme","fields":[{"name":"home","type":"Address"},{"name":"born","type":"Country"}]}',
      );
    });

    it('parses a reference listed twice once', () => {
      expect(() => parseNew({ type: 'record', name: 'C', fields: [{ name: 'a', type: 'io.acme.Address' }] }, [address, address])).not.toThrow();
    });

    it('names the reference that fails to parse', () => {
      const broken = reference('io.acme.Broken', { type: 'record', name: 'Broken' });
      expect(() => parseNew('"int"', [broken])).toThrow(/Invalid reference "io.acme.Broken" \(subject "io.acme.Broken", version 1\): Record has no fields/);
    });

    it('does not know a referenced type that is not among the references', () => {
      expect(() => parseNew({ type: 'record', name: 'C', fields: [{ name: 'a', type: 'io.acme.Address' }] })).toThrow(/Unknown type/);
    });

    it('lets the schema repeat a referenced type identically', () => {
      const country = { type: 'enum', name: 'Country', namespace: 'io.acme', symbols: ['FR', 'NZ'] };
      expect(() => parseNew({ type: 'record', name: 'C', fields: [{ name: 'c', type: country }] }, [address])).not.toThrow();
      const changed = { ...country, symbols: ['FR'] };
      expect(() => parseNew({ type: 'record', name: 'C', fields: [{ name: 'c', type: changed }] }, [address])).toThrow(
        /Can't redefine: io.acme.Country/,
      );
    });
  });

  it('accepts Unicode letters and digits in names, judged per UTF-16 unit as Java does', () => {
    expect(parseNew({ type: 'record', name: 'Ωmega_٣', fields: [] }).canonical).toBe('{"type":"record","name":"Ωmega_٣","fields":[]}');
    expect(() => parseNew({ type: 'record', name: '\u{1D49C}x', fields: [] })).toThrow(/Illegal initial character/);
    expect(() => parseNew({ type: 'enum', name: 'E', symbols: ['a-b'] })).toThrow(/Illegal character in: a-b/);
  });

  it('parses recursive types by name, including through a forward reference', () => {
    const parsed = parseNew({
      type: 'record',
      name: 'Tree',
      fields: [
        { name: 'kind', type: 'Kind' },
        { name: 'children', type: { type: 'array', items: 'Tree' } },
        { name: 'k2', type: { type: 'enum', name: 'Kind', symbols: ['LEAF', 'NODE'] } },
      ],
    });
    expect(parsed.canonical).toBe(
      '{"type":"record","name":"Tree","fields":[{"name":"kind","type":{"type":"enum","name":"Kind","symbols":["LEAF","NODE"]}},' +
        '{"name":"children","type":{"type":"array","items":"Tree"}},{"name":"k2","type":"Kind"}]}',
    );
  });
});

function reference(name: string, schema: unknown, references: ResolvedReference[] = []): ResolvedReference {
  return { name, subject: name, version: 1, schemaType: 'AVRO', schema: JSON.stringify(schema), references };
}
