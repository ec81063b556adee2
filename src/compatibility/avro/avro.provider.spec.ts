import type { ParsedSchema, ResolvedReference } from '../schema-provider';
import { AvroProvider } from './avro.provider';

describe('AvroProvider', () => {
  const sut = new AvroProvider();
  const country: ResolvedReference = {
    name: 'io.acme.Country',
    subject: 'country',
    version: 3,
    schemaType: 'AVRO',
    schema: '{"type":"enum","name":"Country","namespace":"io.acme","symbols":["FR","NZ"]}',
    references: [],
  };

  it('is the AVRO provider', () => {
    expect(sut.schemaType).toBe('AVRO');
  });

  describe('format', () => {
    it('inlines the types of references for "resolved"', () => {
      const parsed = sut.parse('{"type":"record","name":"io.acme.Customer","fields":[{"name":"c","type":"Country"}]}', [country], {
        mode: 'new',
      });
      expect(parsed.canonical).toBe('{"type":"record","name":"Customer","namespace":"io.acme","fields":[{"name":"c","type":"Country"}]}');
      expect(sut.format(parsed, 'RESOLVED')).toBe(
        '{"type":"record","name":"Customer","namespace":"io.acme","fields":[{"name":"c","type":' +
          '{"type":"enum","name":"Country","symbols":["FR","NZ"]}}]}',
      );
    });

    it('leaves other formats to the default', () => {
      const parsed = sut.parse('"string"', [], { mode: 'new' });
      expect(sut.format(parsed, 'default')).toBeUndefined();
      expect(sut.format(parsed, 'serialized')).toBeUndefined();
    });
  });

  describe('fieldTags and fieldNames', () => {
    const schema = JSON.stringify({
      type: 'record',
      name: 'Customer',
      namespace: 'io.acme',
      fields: [
        { name: 'email', type: 'string', 'confluent:tags': ['PII', 'EMAIL', 'PII'] },
        {
          name: 'addresses',
          type: {
            type: 'array',
            items: {
              type: 'record',
              name: 'Address',
              fields: [
                { name: 'street', type: 'string', 'confluent:tags': ['PII'] },
                { name: 'next', type: ['null', 'Address'] },
              ],
            },
          },
        },
        { name: 'notes', type: { type: 'map', values: ['null', { type: 'record', name: 'Note', namespace: 'io.misc', fields: [{ name: 'text', type: 'string' }] }] } },
        { name: 'untagged', type: 'int', 'confluent:tags': 'not-a-list' },
      ],
    });

    it('lists fields carrying confluent:tags with record-qualified paths', () => {
      expect(sut.fieldTags(sut.parse(schema, [], { mode: 'new' }))).toEqual([
        { path: 'io.acme.Customer.email', field: 'email', tags: ['PII', 'EMAIL'] },
        { path: 'io.acme.Address.street', field: 'street', tags: ['PII'] },
      ]);
    });

    it('lists every field through arrays, maps and unions, each record once', () => {
      expect(sut.fieldNames(sut.parse(schema, [], { mode: 'new' }))).toEqual([
        { path: 'io.acme.Customer.email', name: 'email' },
        { path: 'io.acme.Customer.addresses', name: 'addresses' },
        { path: 'io.acme.Address.street', name: 'street' },
        { path: 'io.acme.Address.next', name: 'next' },
        { path: 'io.acme.Customer.notes', name: 'notes' },
        { path: 'io.misc.Note.text', name: 'text' },
        { path: 'io.acme.Customer.untagged', name: 'untagged' },
      ]);
    });
  });

  it('works on a parsed schema it did not make, by parsing its stored text', () => {
    const foreign: ParsedSchema = { schemaType: 'AVRO', canonical: '{"type":"record","name":"R","fields":[]}', references: [] };
    const update = sut.parse('{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}', [], { mode: 'new' });
    expect(sut.diff(foreign, update, 'STRICT').map((d) => d.type)).toEqual(['READER_FIELD_MISSING_DEFAULT_VALUE']);
    expect(sut.normalize(foreign)).toBe('{"type":"record","name":"R","fields":[]}');
  });

  describe('with very deep schemas', () => {
    const depth = 5_000;
    const nestedArrays = (leaf: string) => `${'{"type":"array","items":'.repeat(depth)}"${leaf}"${'}'.repeat(depth)}`;
    const nestedRecords = (leaf: string) => {
      let text = `"${leaf}"`;
      for (let i = 0; i < depth; i++) text = `{"type":"record","name":"R${i}","fields":[{"name":"f","type":${text}}]}`;
      return text;
    };

    it('parses, prints, normalizes and diffs 5,000 nested arrays without exhausting the stack', () => {
      const original = sut.parse(nestedArrays('string'), [], { mode: 'new' });
      const update = sut.parse(nestedArrays('int'), [], { mode: 'new' });
      expect(original.canonical).toBe(nestedArrays('string'));
      expect(sut.normalize(original)).toBe(original.canonical);
      const found = sut.diff(original, update, 'STRICT');
      expect(found).toHaveLength(1);
      expect(found[0].path).toBe(`/${Array(depth).fill('items').join('/')}`);
    });

    it('parses, normalizes, diffs and lists 5,000 nested records without exhausting the stack', () => {
      const original = sut.parse(nestedRecords('long'), [], { mode: 'new' });
      const update = sut.parse(nestedRecords('int'), [], { mode: 'new' });
      expect(sut.normalize(original)).toBe(original.canonical);
      expect(sut.diff(original, update, 'STRICT')).toEqual([
        expect.objectContaining({ type: 'TYPE_MISMATCH', additionalInfo: 'reader type: INT not compatible with writer type: LONG' }),
      ]);
      expect(sut.fieldNames(original)).toHaveLength(depth);
      expect(sut.format(original, 'resolved')).toBe(original.canonical);
    });
  });

  it('diffs two 50-field records without re-parsing them', () => {
    const fields = (type: string) => Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, type }));
    const original = sut.parse(JSON.stringify({ type: 'record', name: 'R', fields: fields('int') }), [], { mode: 'new' });
    const update = sut.parse(JSON.stringify({ type: 'record', name: 'R', fields: fields('long') }), [], { mode: 'new' });
    const parse = jest.spyOn(sut, 'parse');
    expect(sut.diff(original, update, 'STRICT')).toEqual([]);
    expect(sut.diff(update, original, 'STRICT')).toHaveLength(50);
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
  });
});
