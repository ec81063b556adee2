import { checkCompatibility } from '../compatibility/compatibility-checker';
import type { CompatibilityLevel } from '../compatibility/compatibility-level';
import { createSchemaProviders } from '../compatibility/providers';
import type { SchemaType } from '../compatibility/schema-type';
import { readVerboseMessages } from './server-messages';

const providers = createSchemaProviders();

/** The registry's verbose messages for a pair, as POST /compatibility/...?verbose=true answers. */
function registryMessages(schemaType: SchemaType, before: string, after: string, level: CompatibilityLevel) {
  const provider = providers.get(schemaType);
  const old = provider.parse(before, [], { mode: 'stored' });
  return checkCompatibility(
    {
      level,
      policy: 'STRICT',
      candidate: provider.parse(after, [], { mode: 'new' }),
      previous: [{ version: 7, schemaType, text: old.canonical, schema: () => old }],
    },
    (t) => providers.get(t),
  );
}

describe('readVerboseMessages', () => {
  const cases: { schemaType: SchemaType; before: string; after: string }[] = [
    {
      schemaType: 'AVRO',
      before: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }, { name: 'gone', type: 'string' }] }),
      after: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'string' }, { name: 'new', type: 'long' }] }),
    },
    {
      schemaType: 'PROTOBUF',
      before: 'syntax = "proto3";\nmessage M {\n  int32 a = 1;\n  string b = 2;\n}\n',
      after: 'syntax = "proto3";\nmessage M {\n  string a = 1;\n  int64 c = 3;\n}\n',
    },
    {
      schemaType: 'JSON',
      before: JSON.stringify({ type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false }),
      after: JSON.stringify({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['b'], additionalProperties: false }),
    },
  ];

  it.each(cases)('reads back every $schemaType difference the registry reports, with its type, path, direction and version', ({ schemaType, before, after }) => {
    const result = registryMessages(schemaType, before, after, 'FULL');
    expect(result.compatible).toBe(false);

    const sut = readVerboseMessages(schemaType, result.messages);

    const expected = result.failures.flatMap((f) => f.differences.map((d) => ({ type: d.type, path: d.path, direction: f.direction, version: 7 })));
    expect(expected.length).toBeGreaterThan(0);
    expect(sut.differences.map(({ type, path, direction, version }) => ({ type, path, direction, version }))).toEqual(expected);
    expect(sut.level).toBe('FULL');
    expect(sut.other).toEqual([]);
    expect(sut.differences.every((d) => d.oldSchema !== undefined)).toBe(true);
  });

  it('keeps the additional information and the old schema Avro messages carry', () => {
    const { before, after } = cases[0];
    const sut = readVerboseMessages('AVRO', registryMessages('AVRO', before, after, 'BACKWARD').messages);
    expect(sut.differences[0]).toMatchObject({
      type: 'TYPE_MISMATCH',
      path: '/fields/0/type',
      additionalInfo: 'reader type: STRING not compatible with writer type: INT',
      oldSchema: JSON.stringify(JSON.parse(before)),
    });
  });

  it('reads forward-only answers as old schemas reading new data', () => {
    const { before, after } = cases[1];
    const sut = readVerboseMessages('PROTOBUF', registryMessages('PROTOBUF', before, after, 'FORWARD').messages);
    expect(sut.differences.length).toBeGreaterThan(0);
    expect(sut.differences.every((d) => d.direction === 'OLD_READS_NEW')).toBe(true);
  });

  it('keeps what is not a difference (a schema that does not parse) apart', () => {
    const sut = readVerboseMessages('AVRO', ['Invalid AVRO schema (line 1, column 9): Unexpected end of input']);
    expect(sut).toEqual({ differences: [], other: ['Invalid AVRO schema (line 1, column 9): Unexpected end of input'], level: undefined });
  });

  it('reads the bare messages of a schema type change and of an Avro exception', () => {
    const sut = readVerboseMessages('AVRO', [
      'Incompatible because of different schema type',
      'Unexpected exception during compatibility check: ambiguous alias',
      "{validateFields: 'false', compatibility: 'BACKWARD'}",
    ]);
    expect(sut.differences.map((d) => [d.type, d.path])).toEqual([
      ['SCHEMA_TYPE_CHANGED', '#/'],
      ['UNEXPECTED_EXCEPTION', '/'],
    ]);
  });

  it('falls back on the level for wording it does not know', () => {
    const sut = readVerboseMessages('PROTOBUF', [
      '{errorType:"SOMETHING_NEW", description:"Something at path \'#/M/1\' changed"}',
      "{validateFields: 'false', compatibility: 'FORWARD_TRANSITIVE'}",
    ]);
    expect(sut.differences).toEqual([
      expect.objectContaining({ type: 'SOMETHING_NEW', path: '#/M/1', direction: 'OLD_READS_NEW' }),
    ]);
  });
});

describe('readVerboseMessages with sentences that read the same both ways', () => {
  const renamed = (name: string) => JSON.stringify({ type: 'record', name, fields: [{ name: 'a', type: 'int' }] });

  it.each([
    ['FORWARD', ['OLD_READS_NEW']],
    ['BACKWARD', ['NEW_READS_OLD']],
    ['FULL', ['OLD_READS_NEW', 'NEW_READS_OLD']],
  ] as const)('places an Avro rename (NAME_MISMATCH) at %s by the level and its twin', (level, directions) => {
    const result = registryMessages('AVRO', renamed('A'), renamed('B'), level);
    const sut = readVerboseMessages('AVRO', result.messages);
    expect(sut.differences.map((d) => [d.type, d.direction])).toEqual(directions.map((d) => ['NAME_MISMATCH', d]));
    expect(sut.differences.map((d) => d.direction)).toEqual(result.failures.flatMap((f) => f.differences.map(() => f.direction)));
  });
});
