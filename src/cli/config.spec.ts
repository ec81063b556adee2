import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from './cli-error';
import { loadProject, referencesFirst, selectEntries } from './config';

describe('loadProject (charter.yaml)', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-config-'));
    fs.mkdirSync(path.join(dir, 'schemas'));
    for (const f of ['a.avsc', 'b.avsc', 'c.proto', 'd.json', 'e.txt']) fs.writeFileSync(path.join(dir, 'schemas', f), '{}');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (yaml: string) => fs.writeFileSync(path.join(dir, 'charter.yaml'), yaml);
  const sut = () => loadProject('charter.yaml', dir);
  const failure = (): CliError => {
    try {
      sut();
    } catch (e) {
      if (e instanceof CliError) return e;
      throw e;
    }
    throw new Error('loadProject did not fail');
  };

  it('reads the mapping, infers formats from extensions and resolves references to mapped files', () => {
    write(`registry:
  url: http://registry:8081
compatibility: full_transitive
catalog: schemas
schemas:
  - file: ./schemas/a.avsc
    subject: a-value
    compatibility: forward
    against: latest
    references:
      - name: io.acme.B
        file: schemas/b.avsc
      - name: shared.proto
        subject: shared-value
        version: 3
  - file: schemas/b.avsc
    subject: b-value
  - file: schemas/c.proto
    subject: c-value
  - file: schemas/e.txt
    subject: e-value
    format: json
`);
    const project = sut();
    expect(project).toMatchObject({ registryUrl: 'http://registry:8081', defaultLevel: 'FULL_TRANSITIVE', catalog: path.join(dir, 'schemas') });
    expect(project.entries.map((e) => [e.file, e.subject, e.schemaType, e.level])).toEqual([
      ['schemas/a.avsc', 'a-value', 'AVRO', 'FORWARD'],
      ['schemas/b.avsc', 'b-value', 'AVRO', undefined],
      ['schemas/c.proto', 'c-value', 'PROTOBUF', undefined],
      ['schemas/e.txt', 'e-value', 'JSON', undefined],
    ]);
    expect(project.entries[0].against).toBe('latest');
    expect(project.entries[0].references).toEqual([
      { kind: 'file', name: 'io.acme.B', file: 'schemas/b.avsc' },
      { kind: 'subject', name: 'shared.proto', subject: 'shared-value', version: 3 },
    ]);
    expect(referencesFirst(project.entries).map((e) => e.file)).toEqual(['schemas/b.avsc', 'schemas/a.avsc', 'schemas/c.proto', 'schemas/e.txt']);
    expect(selectEntries(project, ['c-value', 'schemas/b.avsc'], dir).map((e) => e.subject)).toEqual(['c-value', 'b-value']);
  });

  it('names the file, line and column of YAML syntax errors', () => {
    write('schemas:\n  - file: [a\n    subject: x\n');
    const e = failure();
    expect(e.kind).toBe('config');
    expect(e.position).toMatchObject({ file: 'charter.yaml', line: expect.any(Number), column: expect.any(Number) });
  });

  it.each([
    ['an unknown key, at the key', 'schemas:\n  - file: schemas/a.avsc\n    subject: a\n    subjcet: b\n', 'unknown key "subjcet"', 4, 5],
    ['a bad level, at the value', 'schemas:\n  - file: schemas/a.avsc\n    subject: a\n    compatibility: SIDEWAYS\n', 'compatibility level must be one of', 4, 20],
    ['a bad policy, at the value', 'schemas:\n  - file: schemas/a.avsc\n    subject: a\n    compatibilityPolicy: SOFT\n', 'compatibility policy must be one of STRICT, LENIENT', 4, 26],
    ['a missing subject, at the entry', 'schemas:\n  - file: schemas/a.avsc\n', 'schemas.0.subject', 2, 5],
    ['a file that does not exist', 'schemas:\n  - file: schemas/nope.avsc\n    subject: a\n', 'schemas/nope.avsc does not exist', 2, 11],
    ['an unknown extension without format', 'schemas:\n  - file: schemas/e.txt\n    subject: a\n', 'add format: AVRO, PROTOBUF or JSON', 2, 5],
    [
      'a reference to a file that is not mapped',
      'schemas:\n  - file: schemas/a.avsc\n    subject: a\n    references:\n      - name: B\n        file: schemas/b.avsc\n',
      'is not one of the mapped schema files',
      6,
      15,
    ],
    [
      'a reference naming both a file and a subject',
      'schemas:\n  - file: schemas/a.avsc\n    subject: a\n    references:\n      - name: B\n        file: schemas/b.avsc\n        subject: b\n',
      'either a mapped file',
      5,
      9,
    ],
    ['a subject mapped twice', 'schemas:\n  - file: schemas/a.avsc\n    subject: a\n  - file: schemas/b.avsc\n    subject: a\n', 'subject a is mapped twice', 5, 14],
    ['no schemas', 'schemas: []\n', 'at least one schema file', 1, 10],
  ])('refuses %s with its line and column', (_what, yaml, message, line, column) => {
    write(yaml);
    const e = failure();
    expect(e.message).toContain(message);
    expect(e.position).toEqual({ file: 'charter.yaml', line, column });
    expect(e.where).toBe(`charter.yaml:${line}:${column}: ${e.message}`);
  });

  it('refuses references that loop', () => {
    write(`schemas:
  - file: schemas/a.avsc
    subject: a
    references: [{name: B, file: schemas/b.avsc}]
  - file: schemas/b.avsc
    subject: b
    references: [{name: A, file: schemas/a.avsc}]
`);
    expect(failure().message).toContain('references form a cycle: schemas/a.avsc -> schemas/b.avsc -> schemas/a.avsc');
  });

  it('says when there is no charter.yaml', () => {
    expect(failure().message).toBe('cannot read charter.yaml: no such file');
  });
});
