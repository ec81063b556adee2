import { registrationOrder, replaySchemasTopic, type ImportedVersion, type SchemasTopicRecord } from './schemas-topic';

let offset = 0;
function record(key: unknown, value: unknown | null): SchemasTopicRecord {
  return { partition: 0, offset: String(offset++), key: Buffer.from(JSON.stringify(key)), value: value === null ? null : Buffer.from(JSON.stringify(value)) };
}
const schemaKey = (subject: string, version: number) => ({ keytype: 'SCHEMA', subject, version, magic: 1 });
const schema = (subject: string, version: number, id: number, extra: Record<string, unknown> = {}) =>
  record(schemaKey(subject, version), { subject, version, id, schema: `"s${id}"`, deleted: false, ...extra });

const versions = (s: ReturnType<typeof replaySchemasTopic>) => s.versions.map((v) => `${v.subject}@${v.version}#${v.id}${v.deleted ? ' deleted' : ''}`);

describe('replaySchemasTopic', () => {
  it('keeps the last value of each key and reads Confluent\'s defaults (AVRO, no references)', () => {
    const sut = replaySchemasTopic([
      schema('a', 1, 1),
      schema('b', 1, 2, { schemaType: 'protobuf', references: [{ name: 'x.proto', subject: 'a', version: 1 }] }),
      schema('a', 2, 3, { metadata: { properties: { owner: 'me' } } }),
    ]);
    expect(sut.versions).toEqual([
      expect.objectContaining({ subject: 'a', version: 1, id: 1, schemaType: 'AVRO', references: [], deleted: false, metadata: null }),
      expect.objectContaining({ subject: 'a', version: 2, id: 3, metadata: { properties: { owner: 'me' } } }),
      expect.objectContaining({ subject: 'b', version: 1, id: 2, schemaType: 'PROTOBUF', references: [{ name: 'x.proto', subject: 'a', version: 1 }] }),
    ]);
  });

  it('reads a soft delete of one version, of a subject up to a version, and a tombstone as a permanent delete', () => {
    const sut = replaySchemasTopic([
      schema('a', 1, 1),
      schema('a', 2, 2),
      schema('a', 2, 2, { deleted: true }),
      schema('b', 1, 3),
      schema('b', 2, 4),
      record({ keytype: 'DELETE_SUBJECT', subject: 'b', magic: 0 }, { subject: 'b', version: 1 }),
      schema('c', 1, 5, { deleted: true }),
      record(schemaKey('c', 1), null),
    ]);
    expect(versions(sut)).toEqual(['a@1#1', 'a@2#2 deleted', 'b@1#3 deleted', 'b@2#4']);
    expect(sut.counts).toMatchObject({ schemaRecords: 7, tombstones: 1, deleteSubjectRecords: 1 });
  });

  it('applies a subject delete only to the versions written before it', () => {
    const sut = replaySchemasTopic([
      schema('a', 1, 1),
      record({ keytype: 'DELETE_SUBJECT', subject: 'a', magic: 0 }, { subject: 'a', version: 1 }),
      schema('a', 2, 1),
    ]);
    expect(versions(sut)).toEqual(['a@1#1 deleted', 'a@2#1']);
  });

  it('forgets the soft-deleted versions of a subject, or of a whole context, that CLEAR_SUBJECT names', () => {
    const sut = replaySchemasTopic([
      schema('a', 1, 1, { deleted: true }),
      schema('a', 2, 2),
      schema(':.ctx:b', 1, 1, { deleted: true }),
      schema(':.ctx:c', 1, 2, { deleted: true }),
      record({ keytype: 'CLEAR_SUBJECT', subject: 'a', magic: 0 }, { subject: 'a' }),
      record({ keytype: 'CLEAR_SUBJECT', subject: ':.ctx:', magic: 0 }, { subject: ':.ctx:' }),
    ]);
    expect(versions(sut)).toEqual(['a@2#2']);
  });

  it('reads configs and modes at global, context and subject scope, and their tombstones', () => {
    const sut = replaySchemasTopic([
      record({ keytype: 'CONFIG', subject: null, magic: 0 }, { compatibilityLevel: 'FULL' }),
      record({ keytype: 'CONFIG', subject: 'a', magic: 0 }, { subject: 'a', compatibilityLevel: 'NONE', normalize: true, unknownField: 1 }),
      record({ keytype: 'CONFIG', subject: ':.ctx:', magic: 0 }, { compatibilityLevel: 'FORWARD' }),
      record({ keytype: 'CONFIG', subject: 'gone', magic: 0 }, { compatibilityLevel: 'NONE' }),
      record({ keytype: 'CONFIG', subject: 'gone', magic: 0 }, null),
      record({ keytype: 'MODE', subject: ':.__GLOBAL:', magic: 0 }, { mode: 'readonly' }),
      record({ keytype: 'MODE', subject: 'a', magic: 0 }, { mode: 'IMPORT' }),
    ]);
    expect(sut.configs).toEqual([
      { scope: null, body: { compatibilityLevel: 'FULL' } },
      { scope: { context: '.', name: 'a' }, body: { compatibilityLevel: 'NONE', normalize: true } },
      { scope: { context: '.ctx', name: '' }, body: { compatibilityLevel: 'FORWARD' } },
    ]);
    expect(sut.modes).toEqual([
      { scope: null, mode: 'READONLY' },
      { scope: { context: '.', name: 'a' }, mode: 'IMPORT' },
    ]);
  });

  it('reads qualified subjects into their context and lists the contexts', () => {
    const sut = replaySchemasTopic([
      schema(':.staging:a', 1, 1),
      record({ keytype: 'CONTEXT', tenant: 'default', context: '.empty', magic: 0 }, { tenant: 'default', context: '.empty' }),
      record({ keytype: 'NOOP', magic: 0 }, null),
    ]);
    expect(sut.versions[0]).toMatchObject({ context: '.staging', name: 'a', subject: ':.staging:a' });
    expect(sut.contexts).toEqual(['.empty', '.staging']);
    expect(sut.counts).toMatchObject({ contextRecords: 1, noopRecords: 1 });
  });

  it('skips what it cannot read, saying where and why', () => {
    const sut = replaySchemasTopic([
      { partition: 0, offset: '90', key: Buffer.from('not json'), value: null },
      { partition: 0, offset: '91', key: null, value: null },
      record({ keytype: 'FUTURE', magic: 0 }, {}),
      record(schemaKey('a', 1), { subject: 'a', version: 1, id: 'x', schema: '"s"' }),
      record(schemaKey('a', 1), { subject: 'a', version: 1, id: 1, schema: '"s"', schemaType: 'XML' }),
    ]);
    expect(sut.versions).toEqual([]);
    expect(sut.skipped.map((s) => s.reason)).toEqual([
      'the key is not JSON',
      'the key is empty',
      'unknown keytype "FUTURE"',
      'a SCHEMA value needs an integer "id"',
      'unknown schemaType "XML"',
    ]);
    expect(sut.skipped[0]).toEqual({ partition: 0, offset: '90', reason: 'the key is not JSON' });
  });
});

describe('registrationOrder', () => {
  const v = (subject: string, version: number, refs: [string, number][] = [], deleted = false): ImportedVersion => {
    const [context, name] = subject.startsWith(':.') ? [subject.slice(1, subject.indexOf(':', 2)), subject.slice(subject.indexOf(':', 2) + 1)] : ['.', subject];
    return {
      context, name, subject, version, id: 0, schemaType: 'AVRO', schema: '', metadata: null, ruleSet: null, deleted,
      references: refs.map(([s, ver]) => ({ name: s, subject: s, version: ver })),
    };
  };
  const order = (list: ImportedVersion[]) => registrationOrder(list).map((x) => `${x.subject}@${x.version}`);

  it('registers referenced versions first, with the versions of their subject before them', () => {
    expect(order([v('a', 1, [['z', 2]]), v('z', 1), v('z', 2)])).toEqual(['z@1', 'z@2', 'a@1']);
  });

  it('resolves references relative to the version\'s context, and -1 to the latest live version', () => {
    expect(order([v(':.c:a', 1, [['m', -1]]), v(':.c:m', 1), v(':.c:m', 2), v(':.c:m', 3, [], true), v('m', 1)])).toEqual([
      ':.c:m@1',
      ':.c:m@2',
      ':.c:a@1',
      ':.c:m@3',
      'm@1',
    ]);
  });

  it('keeps each subject\'s versions ascending', () => {
    expect(order([v('a', 2), v('a', 1), v('b', 1, [['a', 2]])])).toEqual(['a@1', 'a@2', 'b@1']);
  });
});
