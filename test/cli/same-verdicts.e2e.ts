import * as path from 'node:path';
import { startCharter, type RunningCharter } from '../support/charter';
import { registry } from '../support/http';
import { charter, tempDir, writeFiles } from './support/cli';

type Format = 'AVRO' | 'PROTOBUF' | 'JSON';

/** A subject's history (oldest first) and the file that is checked against it. */
interface Case {
  readonly name: string;
  readonly format: Format;
  readonly history: readonly string[];
  readonly candidate: string;
}

const avro = (fields: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'record', name: 'Order', namespace: 'io.acme', fields, ...extra }, null, 2);
const proto = (body: string, pkg = 'acme') => `syntax = "proto3";\npackage ${pkg};\n\n${body}\n`;
const json = (schema: Record<string, unknown>) => JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2);

const ID = { name: 'id', type: 'string' };
const CASES: Case[] = [
  { name: 'avro-added-without-default', format: 'AVRO', history: [avro([ID])], candidate: avro([ID, { name: 'n', type: 'int' }]) },
  { name: 'avro-added-with-default', format: 'AVRO', history: [avro([ID])], candidate: avro([ID, { name: 'n', type: 'int', default: 0 }]) },
  { name: 'avro-removed', format: 'AVRO', history: [avro([ID, { name: 'n', type: 'int' }])], candidate: avro([ID]) },
  { name: 'avro-promoted', format: 'AVRO', history: [avro([ID, { name: 'n', type: 'int' }])], candidate: avro([ID, { name: 'n', type: 'long' }]) },
  {
    name: 'avro-enum-narrowed',
    format: 'AVRO',
    history: [avro([{ name: 's', type: { type: 'enum', name: 'S', symbols: ['A', 'B', 'C'] } }])],
    candidate: avro([{ name: 's', type: { type: 'enum', name: 'S', symbols: ['A', 'B'] } }]),
  },
  {
    name: 'avro-union-narrowed',
    format: 'AVRO',
    history: [avro([{ name: 'u', type: ['null', 'string', 'int'] }])],
    candidate: avro([{ name: 'u', type: ['null', 'string'] }]),
  },
  {
    name: 'avro-nested-record',
    format: 'AVRO',
    history: [avro([{ name: 'a', type: { type: 'record', name: 'A', fields: [{ name: 'x', type: 'int' }, { name: 'y', type: 'string' }] } }])],
    candidate: avro([{ name: 'a', type: { type: 'record', name: 'A', fields: [{ name: 'y', type: 'bytes' }, { name: 'z', type: 'int' }] } }]),
  },
  { name: 'avro-renamed', format: 'AVRO', history: [avro([ID])], candidate: avro([ID]).replace('"Order"', '"Purchase"') },
  {
    name: 'avro-fixed-size',
    format: 'AVRO',
    history: [avro([{ name: 'f', type: { type: 'fixed', name: 'F', size: 4 } }])],
    candidate: avro([{ name: 'f', type: { type: 'fixed', name: 'F', size: 8 } }]),
  },
  { name: 'proto-kind', format: 'PROTOBUF', history: [proto('message M {\n  int32 a = 1;\n}')], candidate: proto('message M {\n  string a = 1;\n}') },
  { name: 'proto-removed', format: 'PROTOBUF', history: [proto('message M {\n  int32 a = 1;\n  int32 b = 2;\n}')], candidate: proto('message M {\n  int32 a = 1;\n}') },
  {
    name: 'proto-oneof',
    format: 'PROTOBUF',
    history: [proto('message M {\n  int32 a = 1;\n  int32 b = 2;\n  oneof o {\n    string c = 3;\n  }\n}')],
    candidate: proto('message M {\n  oneof o {\n    int32 a = 1;\n    int32 b = 2;\n    string c = 3;\n  }\n}'),
  },
  {
    name: 'proto-message-removed',
    format: 'PROTOBUF',
    history: [proto('message M {\n  N n = 1;\n}\nmessage N {\n  int32 x = 1;\n}')],
    candidate: proto('message M {\n  int32 n = 1;\n}'),
  },
  {
    name: 'proto-nested-and-enum',
    format: 'PROTOBUF',
    history: [proto('message M {\n  message I {\n    int64 x = 1;\n  }\n  enum E {\n    E_A = 0;\n    E_B = 1;\n  }\n  I i = 1;\n  E e = 2;\n}')],
    candidate: proto('message M {\n  message I {\n    double x = 1;\n  }\n  enum E {\n    E_A = 0;\n  }\n  I i = 1;\n  E e = 2;\n}'),
  },
  { name: 'proto-package', format: 'PROTOBUF', history: [proto('message M {\n  int32 a = 1;\n}')], candidate: proto('message M {\n  int32 a = 1;\n}', 'other') },
  {
    name: 'json-type',
    format: 'JSON',
    history: [json({ type: 'object', properties: { a: { type: 'integer' } } })],
    candidate: json({ type: 'object', properties: { a: { type: 'string' } } }),
  },
  {
    name: 'json-closed-model',
    format: 'JSON',
    history: [json({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false })],
    candidate: json({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, additionalProperties: false }),
  },
  {
    name: 'json-open-model',
    format: 'JSON',
    history: [json({ type: 'object', properties: { a: { type: 'string' } } })],
    candidate: json({ type: 'object', properties: { b: { type: 'integer' } } }),
  },
  {
    name: 'json-required-and-limits',
    format: 'JSON',
    history: [json({ type: 'object', properties: { a: { type: 'string', maxLength: 10 }, n: { type: 'number', minimum: 0 } } })],
    candidate: json({ type: 'object', properties: { a: { type: 'string', maxLength: 5 }, n: { type: 'number', minimum: 1 } }, required: ['a'] }),
  },
  {
    name: 'json-enum-and-items',
    format: 'JSON',
    history: [json({ type: 'object', properties: { e: { enum: ['x', 'y'] }, l: { type: 'array', items: { type: 'string' } } } })],
    candidate: json({ type: 'object', properties: { e: { enum: ['x', 'y', 'z'] }, l: { type: 'array', items: { type: 'integer' } } } }),
  },
  {
    name: 'json-ref',
    format: 'JSON',
    history: [json({ type: 'object', properties: { p: { $ref: '#/definitions/P' } }, definitions: { P: { type: 'object', properties: { q: { type: 'string' } } } } })],
    candidate: json({ type: 'object', properties: { p: { $ref: '#/definitions/P' } }, definitions: { P: { type: 'object', properties: { q: { type: 'boolean' } } } } }),
  },
];

/** Histories of two versions: transitive levels look past the latest. */
const TRANSITIVE_CASES: Case[] = [
  {
    name: 'avro-compatible-history',
    format: 'AVRO',
    history: [avro([ID]), avro([ID, { name: 'a', type: 'int', default: 1 }])],
    candidate: avro([ID, { name: 'a', type: 'int', default: 1 }, { name: 'b', type: 'string', default: '' }]),
  },
  {
    name: 'avro-history',
    format: 'AVRO',
    history: [avro([ID, { name: 'n', type: 'int' }]), avro([ID, { name: 'n', type: 'int' }, { name: 'm', type: 'int', default: 1 }])],
    candidate: avro([ID, { name: 'm', type: 'int', default: 1 }]),
  },
  {
    name: 'proto-history',
    format: 'PROTOBUF',
    history: [proto('message M {\n  int32 a = 1;\n}'), proto('message M {\n  int64 a = 1;\n}')],
    candidate: proto('message M {\n  sint64 a = 1;\n}'),
  },
  {
    name: 'json-history',
    format: 'JSON',
    history: [json({ type: 'object', properties: { a: { type: 'string', maxLength: 5 } } }), json({ type: 'object', properties: { a: { type: 'string', maxLength: 10 } } })],
    candidate: json({ type: 'object', properties: { a: { type: 'string', maxLength: 8 } } }),
  },
];

const EXTENSIONS: Record<Format, string> = { AVRO: 'avsc', PROTOBUF: 'proto', JSON: 'json' };

interface Checked {
  file: string;
  status: string;
  findings: { type: string; path: string; direction: string; line: number; column: number; version: number | string }[];
}

/**
 * The promise of `--offline`: the same verdicts as the server. Every pair (and history) is
 * registered in a running Charter at a level and checked there, then checked offline against
 * folders holding the same versions, and the two reports must agree on every file's verdict and
 * every difference: type, path, direction, the version it was found against, line and column.
 */
describe('charter check gives the same verdicts online and --offline', () => {
  let server: RunningCharter;

  beforeAll(async () => {
    server = await startCharter('sqlite');
  });
  afterAll(() => server.close());

  const groups: [string, string, Case[]][] = [
    ['BACKWARD', 'pairs', CASES],
    ['FORWARD', 'pairs', CASES],
    ['FULL', 'pairs', CASES],
    ['BACKWARD_TRANSITIVE', 'histories', TRANSITIVE_CASES],
    ['FORWARD_TRANSITIVE', 'histories', TRANSITIVE_CASES],
    ['FULL_TRANSITIVE', 'histories', TRANSITIVE_CASES],
    ['FULL', 'histories', TRANSITIVE_CASES],
  ];

  it.each(groups)('at %s, for %s', async (level, _kind, cases) => {
    const api = registry(server.url);
    const dir = tempDir(`verdicts-${level}`);
    const depth = Math.max(...cases.map((c) => c.history.length));
    // Folder k holds the k-th newest earlier version of each file: --against them newest first.
    const folders = Array.from({ length: depth }, (_, k) => path.join(dir, `earlier-${k + 1}`));
    const yaml = [`compatibility: ${level}`, 'schemas:'];
    const files: Record<string, string> = {};
    for (const c of cases) {
      const subject = `${level}.${c.name}-${cases === TRANSITIVE_CASES ? 't' : 'p'}`;
      const file = `schemas/${c.name}.${EXTENSIONS[c.format]}`;
      yaml.push(`  - file: ${file}`, `    subject: ${subject}`, `    format: ${c.format}`);
      files[file] = c.candidate;
      // The history goes in under NONE (it may break itself), then the subject gets the level.
      expect((await api.put(`/config/${encodeURIComponent(subject)}`, { compatibility: 'NONE' })).status).toBe(200);
      for (const [i, version] of c.history.entries()) {
        const res = await api.register(subject, version, c.format === 'AVRO' ? {} : { schemaType: c.format });
        expect(res.status).toBe(200);
        writeFiles(folders[c.history.length - 1 - i], { [file]: version });
      }
      expect((await api.put(`/config/${encodeURIComponent(subject)}`, { compatibility: level })).status).toBe(200);
    }
    writeFiles(dir, { ...files, 'charter.yaml': `${yaml.join('\n')}\n` });

    const online = await charter(['check', '--format', 'json'], { cwd: dir, env: { CHARTER_URL: server.url } });
    const offline = await charter(['check', '--offline', ...folders.flatMap((f) => ['--against', f]), '--format', 'json'], { cwd: dir });
    expect(online.stderr).toBe('');
    expect(offline.stderr).toBe('');
    expect(offline.code).toBe(online.code);

    // Registry versions are numbers; offline, the k-th newest folder stands for version (n - k + 1).
    const byFolder = new Map(folders.map((f, k) => [f, k]));
    const read = (stdout: string, offlineReport: boolean): Checked[] =>
      JSON.parse(stdout).results.map((r: Checked & { subject: string }) => ({
        file: r.file,
        status: r.status,
        findings: r.findings.map((f) => ({
          type: f.type,
          path: f.path,
          direction: f.direction,
          line: f.line,
          column: f.column,
          version: offlineReport ? cases.find((c) => r.file.includes(`/${c.name}.`))!.history.length - byFolder.get(f.version as string)! : f.version,
        })),
      }));
    const fromServer = read(online.stdout, false);
    expect(read(offline.stdout, true)).toEqual(fromServer);

    // The cases must not all agree by passing: each level sees both verdicts.
    const statuses = new Set(fromServer.map((r) => r.status));
    expect(statuses).toEqual(new Set(['compatible', 'incompatible']));
    expect(fromServer.flatMap((r) => r.findings).every((f) => f.line > 0 && f.column > 0)).toBe(true);
  });

  it('at the JSON Schema LENIENT policy: the subject\'s online, charter.yaml\'s compatibilityPolicy offline', async () => {
    const api = registry(server.url);
    const open = json({ type: 'object', properties: { a: { type: 'string' } } });
    const cases = [
      // Adding an optional property to an open content model breaks STRICT readers only.
      { name: 'lenient-added', candidate: json({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } } }) },
      { name: 'lenient-type', candidate: json({ type: 'object', properties: { a: { type: 'integer' } } }) },
    ];
    const verdicts: Record<string, Record<string, string[]>> = {};
    for (const policy of ['STRICT', 'LENIENT']) {
      const dir = tempDir(`verdicts-${policy}`);
      const earlier = path.join(dir, 'earlier');
      const yaml = [`compatibility: BACKWARD`, `compatibilityPolicy: ${policy}`, 'schemas:'];
      const files: Record<string, string> = {};
      for (const c of cases) {
        const subject = `policy-${policy}.${c.name}`;
        const file = `schemas/${c.name}.json`;
        yaml.push(`  - file: ${file}`, `    subject: ${subject}`);
        files[file] = c.candidate;
        expect((await api.register(subject, open, { schemaType: 'JSON' })).status).toBe(200);
        expect((await api.put(`/config/${encodeURIComponent(subject)}`, { compatibility: 'BACKWARD', compatibilityPolicy: policy })).status).toBe(200);
        writeFiles(earlier, { [file]: open });
      }
      writeFiles(dir, { ...files, 'charter.yaml': `${yaml.join('\n')}\n` });
      // Online the subject's policy applies (charter.yaml's is for offline); the two must agree.
      const online = await charter(['check', '--format', 'json'], { cwd: dir, env: { CHARTER_URL: server.url } });
      const offline = await charter(['check', '--offline', '--against', earlier, '--format', 'json'], { cwd: dir });
      expect([online.stderr, offline.stderr]).toEqual(['', '']);
      const summary = (stdout: string) =>
        JSON.parse(stdout).results.map((r: Checked) => `${r.file} ${r.status} ${r.findings.map((f) => f.type).join(',')}`.trim());
      verdicts[policy] = { online: summary(online.stdout), offline: summary(offline.stdout) };
      expect(verdicts[policy].offline).toEqual(verdicts[policy].online);
    }
    expect(verdicts.STRICT.online).toEqual([
      'schemas/lenient-added.json incompatible OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
      'schemas/lenient-type.json incompatible TYPE_CHANGED',
    ]);
    expect(verdicts.LENIENT.online).toEqual(['schemas/lenient-added.json compatible', 'schemas/lenient-type.json incompatible TYPE_CHANGED']);
  });
});
