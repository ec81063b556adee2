import type { ResolvedReference } from '../schema-provider';
import { AvroProvider } from './avro.provider';

describe('Avro normalization', () => {
  const sut = new AvroProvider();
  const normalize = (text: string, references: ResolvedReference[] = []): string =>
    sut.normalize(sut.parse(text, references, { mode: 'stored' }));

  it('gives the canonical text of the re-parsed normal form', () => {
    const text = '{"type":"record","name":"myrecord","doc":"hi\\"there","fields":[{"type":"string","name":"f1","doc":"bye\\"now"}]}';
    expect(normalize(text)).toBe('{"type":"record","name":"myrecord","doc":"hi\\"there","fields":[{"name":"f1","type":"string","doc":"bye\\"now"}]}');
  });

  it('sorts custom properties at every level, and aliases', () => {
    const text =
      '{"type":"record","name":"R","zeta":1,"alpha":{"d":1,"c":2},"aliases":["Z","B"],' +
      '"fields":[{"name":"a","type":"int","aliases":["z","b"],"zz":1,"aa":true}]}';
    expect(normalize(text)).toBe(
      '{"type":"record","name":"R","fields":[{"name":"a","type":"int","aliases":["b","z"],"aa":true,"zz":1}],' +
        '"alpha":{"c":2,"d":1},"zeta":1,"aliases":["B","Z"]}',
    );
  });

  it('puts a valid logical type first and leaves an invalid one among the sorted properties', () => {
    expect(normalize('{"type":"bytes","z":1,"a":2,"logicalType":"decimal","precision":4,"scale":0}')).toBe(
      '{"type":"bytes","logicalType":"decimal","precision":4,"a":2,"scale":0,"z":1}',
    );
    expect(normalize('{"type":"int","x":1,"logicalType":"timestamp-millis"}')).toBe('{"type":"int","logicalType":"timestamp-millis","x":1}');
    expect(normalize('{"type":"long","x":1,"logicalType":"timestamp-millis"}')).toBe('{"type":"long","logicalType":"timestamp-millis","x":1}');
  });

  it('makes two spellings of the same schema identical', () => {
    const a = '{"type":"record","name":"R","namespace":"n","fields":[{"name":"f","type":{"type":"string"},"order":"ascending"}],"b":1,"a":2}';
    const b = '{"namespace":"n","name":"n.R","type":"record","a":2,"b":1,"fields":[{"type":"string","name":"f"}]}';
    expect(normalize(a)).toBe(normalize(b));
  });

  it('drops an empty doc of a named type but keeps an empty field doc', () => {
    expect(normalize('{"type":"record","name":"R","doc":"","fields":[{"name":"f","type":"int","doc":""}]}')).toBe(
      '{"type":"record","name":"R","fields":[{"name":"f","type":"int","doc":""}]}',
    );
  });

  it('re-encodes defaults through their type, as Avro does', () => {
    const text =
      '{"type":"record","name":"R","fields":[' +
      '{"name":"f","type":"float","default":0.3333333333},' +
      '{"name":"d","type":"double","default":1},' +
      '{"name":"m","type":{"type":"map","values":"int"},"default":{"b":1,"a":2}},' +
      '{"name":"u","type":["null","string"],"default":"null"}]}';
    // A float narrows to 32 bits; an int default of a double field and a default that does not
    // fit the first union branch are lost, exactly as Confluent loses them.
    expect(normalize(text)).toBe(
      '{"type":"record","name":"R","fields":[{"name":"f","type":"float","default":0.33333334},{"name":"d","type":"double"},' +
        '{"name":"m","type":{"type":"map","values":"int"},"default":{"a":2,"b":1}},{"name":"u","type":["null","string"]}]}',
    );
  });

  it('turns an error record into a plain record', () => {
    expect(normalize('{"type":"error","name":"Oops","fields":[]}')).toBe('{"type":"record","name":"Oops","fields":[]}');
  });

  it('writes the types of references by name', () => {
    const references: ResolvedReference[] = [
      { name: 'b.X', subject: 'x', version: 1, schemaType: 'AVRO', schema: '{"type":"record","name":"X","namespace":"b","fields":[]}', references: [] },
    ];
    expect(normalize('{"type":"record","name":"R","fields":[{"name":"x","type":"b.X"}]}', references)).toBe(
      '{"type":"record","name":"R","fields":[{"name":"x","type":"b.X"}]}',
    );
  });

  it('is idempotent', () => {
    const text = '{"type":"record","name":"R","namespace":"n","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["A"],"default":"A"}}]}';
    const once = normalize(text);
    expect(normalize(once)).toBe(once);
  });
});
