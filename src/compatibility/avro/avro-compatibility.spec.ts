import { checkCompatibility, formatDifference } from '../compatibility-checker';
import type { Difference } from '../difference';
import { AvroProvider } from './avro.provider';

/** Paths and messages below are those Java Avro 1.12.1 and Confluent report for the same pairs. */
describe('Avro compatibility (update reads data written with original)', () => {
  const sut = new AvroProvider();
  const parse = (schema: unknown) => sut.parse(JSON.stringify(schema), [], { mode: 'stored' });
  const diff = (original: unknown, update: unknown): Difference[] => sut.diff(parse(original), parse(update), 'STRICT');
  /** Confluent's message for a BACKWARD check: the update is "new", the original "old". */
  const messages = (original: unknown, update: unknown): string[] => diff(original, update).map((d) => formatDifference(d, 'new', 'old'));
  const record = (fields: unknown[], extra: object = {}) => ({ type: 'record', name: 'R', fields, ...extra });

  it('finds nothing between identical schemas', () => {
    expect(diff(record([{ name: 'a', type: 'int' }]), record([{ name: 'a', type: 'int' }]))).toEqual([]);
  });

  it('reports TYPE_MISMATCH at the root as Confluent words it', () => {
    expect(messages('int', 'boolean')).toEqual([
      "{errorType:'TYPE_MISMATCH', description:'The type (path '/') of a field in the new schema does not match with the old schema', " +
        "additionalInfo:'reader type: BOOLEAN not compatible with writer type: INT'}",
    ]);
  });

  it('reports READER_FIELD_MISSING_DEFAULT_VALUE at the new field', () => {
    expect(messages(record([{ name: 'a', type: 'int' }]), record([{ name: 'a', type: 'int' }, { name: 'b', type: 'string' }]))).toEqual([
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in the new schema has no " +
        "default value and is missing in the old schema', additionalInfo:'b'}",
    ]);
  });

  it('accepts a new field that has a default', () => {
    expect(diff(record([]), record([{ name: 'b', type: 'string', default: 'x' }]))).toEqual([]);
  });

  it('reports NAME_MISMATCH when the unqualified name changes', () => {
    expect(messages(record([]), record([], { name: 'S' }))).toEqual([
      "{errorType:'NAME_MISMATCH', description:'The name of the schema has changed (path '/name')', additionalInfo:'expected: R'}",
    ]);
  });

  it('ignores a namespace change, comparing unqualified names', () => {
    expect(diff(record([], { namespace: 'a' }), record([], { namespace: 'b' }))).toEqual([]);
  });

  it('accepts a renamed type that lists the old full name among its aliases', () => {
    expect(diff(record([], { namespace: 'm' }), record([], { name: 'S', namespace: 'n', aliases: ['m.R'] }))).toEqual([]);
  });

  it('reports FIXED_SIZE_MISMATCH after a NAME_MISMATCH of the same fixed', () => {
    expect(messages({ type: 'fixed', name: 'F', size: 8 }, { type: 'fixed', name: 'G', size: 4 })).toEqual([
      "{errorType:'NAME_MISMATCH', description:'The name of the schema has changed (path '/name')', additionalInfo:'expected: F'}",
      "{errorType:'FIXED_SIZE_MISMATCH', description:'The size of FIXED type field at path '/size' in the new schema does not match " +
        "with the old schema', additionalInfo:'expected: 8, found: 4'}",
    ]);
  });

  it('reports MISSING_ENUM_SYMBOLS with the missing symbols sorted', () => {
    expect(messages({ type: 'enum', name: 'E', symbols: ['C', 'A', 'B'] }, { type: 'enum', name: 'E', symbols: ['A'] })).toEqual([
      "{errorType:'MISSING_ENUM_SYMBOLS', description:'The new schema is missing enum symbols '[B, C]' at path '/symbols' in the old " +
        "schema', additionalInfo:'[B, C]'}",
    ]);
  });

  it('accepts missing enum symbols when the reader enum has a default', () => {
    expect(diff({ type: 'enum', name: 'E', symbols: ['C', 'A'] }, { type: 'enum', name: 'E', symbols: ['A'], default: 'A' })).toEqual([]);
  });

  it('reports MISSING_UNION_BRANCH at each writer branch the reader union lacks', () => {
    expect(messages(['null', 'int', 'string', { type: 'array', items: 'int' }], ['null', 'int'])).toEqual([
      "{errorType:'MISSING_UNION_BRANCH', description:'The new schema is missing a type inside a union field at path '/2' in the old " +
        "schema', additionalInfo:'reader union lacking writer type: STRING'}",
      "{errorType:'MISSING_UNION_BRANCH', description:'The new schema is missing a type inside a union field at path '/3' in the old " +
        "schema', additionalInfo:'reader union lacking writer type: ARRAY'}",
    ]);
  });

  it('reports MISSING_UNION_BRANCH when a reader union cannot read a plain writer type', () => {
    expect(diff('int', ['null', 'string'])).toEqual([
      expect.objectContaining({ type: 'MISSING_UNION_BRANCH', path: '/', additionalInfo: 'reader union lacking writer type: INT' }),
    ]);
  });

  it('reports a TYPE_MISMATCH per writer union branch a plain reader cannot read', () => {
    const found = diff(record([{ name: 'a', type: ['int', 'string', 'boolean'] }]), record([{ name: 'a', type: 'int' }]));
    expect(found.map((d) => [d.type, d.path, d.additionalInfo])).toEqual([
      ['TYPE_MISMATCH', '/fields/0/type/1', 'reader type: INT not compatible with writer type: STRING'],
      ['TYPE_MISMATCH', '/fields/0/type/2', 'reader type: INT not compatible with writer type: BOOLEAN'],
    ]);
  });

  it('walks nested records, unions, arrays and maps in the path', () => {
    const nested = (item: string, value: string) =>
      record([
        { name: 'x', type: 'int' },
        {
          name: 'n',
          type: {
            type: 'record',
            name: 'N',
            fields: [
              { name: 'q', type: ['null', { type: 'array', items: item }] },
              { name: 'r', type: { type: 'map', values: value } },
            ],
          },
        },
      ]);
    const found = diff(nested('string', 'int'), nested('int', 'boolean'));
    expect(found.map((d) => [d.type, d.path])).toEqual([
      ['MISSING_UNION_BRANCH', '/fields/1/type/fields/0/type/1'],
      ['TYPE_MISMATCH', '/fields/1/type/fields/1/type/values'],
    ]);
  });

  it.each([
    ['int', 'long'],
    ['int', 'float'],
    ['int', 'double'],
    ['long', 'float'],
    ['long', 'double'],
    ['float', 'double'],
    ['string', 'bytes'],
    ['bytes', 'string'],
  ])('promotes a %s written value to a %s reader', (writer, reader) => {
    expect(diff(writer, reader)).toEqual([]);
  });

  it.each([
    ['long', 'int'],
    ['double', 'float'],
    ['string', 'int'],
  ])('does not demote a %s written value to a %s reader', (writer, reader) => {
    expect(diff(writer, reader)).toEqual([expect.objectContaining({ type: 'TYPE_MISMATCH', path: '/' })]);
  });

  it('matches a renamed field through its aliases', () => {
    expect(diff(record([{ name: 'a', type: 'int' }]), record([{ name: 'b', type: 'int', aliases: ['a'] }]))).toEqual([]);
  });

  it('reports the exception Confluent reports when field aliases match several writer fields', () => {
    const found = diff(record([{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }]), record([{ name: 'b', type: 'int', aliases: ['a'] }]));
    expect(found).toEqual([expect.objectContaining({ type: 'UNEXPECTED_EXCEPTION', compatible: false })]);
    expect(found[0].description).toMatch(
      /^Unexpected exception during compatibility check: Reader record field b type:INT pos:0 matches multiple fields in writer record schema \{/,
    );
  });

  it("reproduces Avro's check of an enum-with-default field missing from the writer against the writer record", () => {
    const found = diff(record([]), record([{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'], default: 'A' } }]));
    expect(found.map((d) => [d.type, d.path, d.additionalInfo])).toEqual([
      ['TYPE_MISMATCH', '/fields/0/type', 'reader type: ENUM not compatible with writer type: RECORD'],
    ]);
  });

  it('terminates on self-referencing records and still finds their differences', () => {
    const node = (value: string) => ({
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'value', type: value },
        { name: 'next', type: ['null', 'Node'] },
        { name: 'children', type: { type: 'array', items: 'Node' } },
      ],
    });
    expect(diff(node('int'), node('int'))).toEqual([]);
    expect(diff(node('int'), node('long'))).toEqual([]);
    expect(diff(node('long'), node('int')).map((d) => d.path)).toEqual(['/fields/0/type']);
  });

  it('reports a shared named type at the path of its first visit, once per use, as Avro memoises it', () => {
    const shared = (x: string) =>
      record([
        { name: 'a', type: { type: 'record', name: 'S', fields: [{ name: 'x', type: x }] } },
        { name: 'b', type: 'S' },
      ]);
    expect(diff(shared('string'), shared('int')).map((d) => d.path)).toEqual(['/fields/0/type/fields/0/type', '/fields/0/type/fields/0/type']);
  });

  it('marks every difference incompatible, whatever the policy', () => {
    const original = parse(record([{ name: 'a', type: 'long' }]));
    const update = parse(record([{ name: 'a', type: 'int' }]));
    for (const policy of ['STRICT', 'LENIENT', 'LOGICAL'] as const) {
      expect(sut.diff(original, update, policy)).toEqual([expect.objectContaining({ type: 'TYPE_MISMATCH', compatible: false })]);
    }
  });

  it('ignores logical types, as Avro does', () => {
    const decimal = (precision: number) => ({ type: 'bytes', logicalType: 'decimal', precision, scale: 2 });
    expect(diff(decimal(9), decimal(4))).toEqual([]);
  });

  it('composes with the level checker into Confluent messages for FULL', () => {
    const old = parse(record([{ name: 'a', type: 'int' }]));
    const candidate = sut.parse(JSON.stringify(record([{ name: 'a', type: 'long' }])), [], { mode: 'new' });
    const result = checkCompatibility(
      {
        level: 'FULL',
        policy: 'STRICT',
        candidate,
        previous: [{ version: 1, schemaType: 'AVRO', text: old.canonical, schema: () => old }],
      },
      () => sut,
    );
    expect(result.compatible).toBe(false);
    expect(result.messages).toEqual([
      "{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in the old schema does not match with " +
        "the new schema', additionalInfo:'reader type: INT not compatible with writer type: LONG'}",
      '{oldSchemaVersion: 1}',
      `{oldSchema: '${old.canonical}'}`,
      "{validateFields: 'false', compatibility: 'FULL'}",
    ]);
  });
});
