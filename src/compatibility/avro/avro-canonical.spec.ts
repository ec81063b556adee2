import type { ResolvedReference } from '../schema-provider';
import { AvroProvider } from './avro.provider';

/** Expected texts below were produced by Java Avro 1.12.1's Schema.toString for the same inputs. */
describe('Avro canonical form', () => {
  const sut = new AvroProvider();
  const canonical = (text: string, references: ResolvedReference[] = []): string =>
    sut.parse(text, references, { mode: 'stored' }).canonical;

  it('collapses a primitive without properties to its name', () => {
    expect(canonical('{"type":"string"}')).toBe('"string"');
    expect(canonical('{"type":"int","name":"ignored","doc":"ignored"}')).toBe('"int"');
  });

  it('keeps a primitive that carries properties or a logical type as an object', () => {
    expect(canonical('{"type":"string","avro.java.string":"String"}')).toBe('{"type":"string","avro.java.string":"String"}');
    expect(canonical('{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}')).toBe(
      '{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}',
    );
  });

  it('writes record and field attributes in Avro order, custom properties before type aliases', () => {
    const text =
      '{"fields":[{"aliases":["old_id"],"order":"descending","default":0,"doc":"the id","type":"long","name":"id","x-pii":true}],' +
      '"aliases":["LegacyOrder"],"doc":"An order","namespace":"io.acme","name":"Order","type":"record","owner":"team-a"}';
    expect(canonical(text)).toBe(
      '{"type":"record","name":"Order","namespace":"io.acme","doc":"An order","fields":[{"name":"id","type":"long","doc":"the id",' +
        '"default":0,"order":"descending","aliases":["old_id"],"x-pii":true}],"owner":"team-a","aliases":["LegacyOrder"]}',
    );
  });

  it('omits the order of a field when it is ascending', () => {
    expect(canonical('{"type":"record","name":"R","fields":[{"name":"f","type":"int","order":"ascending"}]}')).toBe(
      '{"type":"record","name":"R","fields":[{"name":"f","type":"int"}]}',
    );
  });

  it('writes enum attributes as type, name, namespace, doc, symbols, default, properties, aliases', () => {
    expect(canonical('{"symbols":["A","B"],"default":"A","doc":"d","name":"E","type":"enum","aliases":["F"],"x":1}')).toBe(
      '{"type":"enum","name":"E","doc":"d","symbols":["A","B"],"default":"A","x":1,"aliases":["F"]}',
    );
  });

  it('writes fixed attributes as type, name, namespace, doc, size, properties, aliases', () => {
    expect(canonical('{"size":16,"logicalType":"uuid","doc":"d","name":"F","namespace":"n","type":"fixed","aliases":["G"]}')).toBe(
      '{"type":"fixed","name":"F","namespace":"n","doc":"d","size":16,"logicalType":"uuid","aliases":["G"]}',
    );
  });

  it('writes a namespace only where it differs from the enclosing one, and names relative to it', () => {
    const text =
      '{"type":"record","name":"Outer","namespace":"io.acme","fields":[' +
      '{"name":"same","type":{"type":"record","name":"Inner","namespace":"io.acme","fields":[]}},' +
      '{"name":"other","type":{"type":"enum","name":"Kind","namespace":"io.other","symbols":["A"]}},' +
      '{"name":"none","type":{"type":"fixed","name":"Raw","namespace":"","size":2}},' +
      '{"name":"again","type":["null","Inner","io.other.Kind","Raw"]}]}';
    expect(canonical(text)).toBe(
      '{"type":"record","name":"Outer","namespace":"io.acme","fields":[' +
        '{"name":"same","type":{"type":"record","name":"Inner","fields":[]}},' +
        '{"name":"other","type":{"type":"enum","name":"Kind","namespace":"io.other","symbols":["A"]}},' +
        '{"name":"none","type":{"type":"fixed","name":"Raw","namespace":"","size":2}},' +
        '{"name":"again","type":["null","Inner","io.other.Kind","Raw"]}]}',
    );
  });

  it('splits a dotted name into name and namespace, ignoring a namespace attribute', () => {
    expect(canonical('{"type":"record","name":"a.b.R","namespace":"q","fields":[]}')).toBe(
      '{"type":"record","name":"R","namespace":"a.b","fields":[]}',
    );
  });

  it('writes a named type in full where it first appears, even after a forward reference', () => {
    const text = '{"type":"record","name":"R","fields":[{"name":"f","type":"E"},{"name":"g","type":{"type":"enum","name":"E","symbols":["A"]}}]}';
    expect(canonical(text)).toBe(
      '{"type":"record","name":"R","fields":[{"name":"f","type":{"type":"enum","name":"E","symbols":["A"]}},{"name":"g","type":"E"}]}',
    );
  });

  it('prints numbers as Java does: doubles with a fraction, integers as written', () => {
    const text =
      '{"type":"record","name":"R","fields":[{"name":"a","type":"double","default":1.50},{"name":"b","type":"double","default":1E2},' +
      '{"name":"c","type":"long","default":99999999999999999999},{"name":"d","type":"double","default":1e400},' +
      '{"name":"e","type":"float","default":"1e3"}]}';
    expect(canonical(text)).toBe(
      '{"type":"record","name":"R","fields":[{"name":"a","type":"double","default":1.5},{"name":"b","type":"double","default":100.0},' +
        '{"name":"c","type":"long","default":99999999999999999999},{"name":"d","type":"double","default":"Infinity"},' +
        '{"name":"e","type":"float","default":1000.0}]}',
    );
  });

  it('escapes strings as Jackson does', () => {
    expect(canonical('{"type":"record","name":"R","doc":"tab\\there \\u0001 \\u00e9 \\/ \\"q\\"","fields":[]}')).toBe(
      '{"type":"record","name":"R","doc":"tab\\there \\u0001 é / \\"q\\"","fields":[]}',
    );
  });

  it('writes the top-level types of references by full name only', () => {
    const references = [
      reference('b.X', '{"type":"record","name":"X","namespace":"b","fields":[{"name":"n","type":{"type":"enum","name":"N","symbols":["A"]}}]}'),
      reference('a.Y', '{"type":"enum","name":"Y","namespace":"a","symbols":["Q"]}'),
    ];
    const text = '{"type":"record","name":"R","namespace":"a","fields":[{"name":"x","type":"b.X"},{"name":"y","type":"a.Y"},{"name":"n","type":"b.N"}]}';
    // Java knows only each reference's top-level name, so a nested type of a reference is inlined.
    expect(canonical(text, references)).toBe(
      '{"type":"record","name":"R","namespace":"a","fields":[{"name":"x","type":"b.X"},{"name":"y","type":"Y"},' +
        '{"name":"n","type":{"type":"enum","name":"N","namespace":"b","symbols":["A"]}}]}',
    );
  });

  it('keeps the error flavour of a record', () => {
    expect(canonical('{"type":"error","name":"Oops","fields":[]}')).toBe('{"type":"error","name":"Oops","fields":[]}');
  });
});

function reference(name: string, schema: string, references: ResolvedReference[] = []): ResolvedReference {
  return { name, subject: name, version: 1, schemaType: 'AVRO', schema, references };
}
