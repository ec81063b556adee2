import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseWellFormedXml } from './support/well-formed-xml';
import { at, charter, git, gitRepo, tempDir, where, writeFiles } from './support/cli';
import {
  BREAKING_FILES,
  COMPATIBLE_FILES,
  ORDER_BREAKING,
  ORDER_V1,
  PAYMENT_BREAKING,
  USER_BREAKING,
  V1_FILES,
} from './support/schemas';

/** The findings every format must report for the breaking versions, with where they are. */
const BREAKS = [
  ['schemas/order.avsc', ORDER_BREAKING, 'TYPE_MISMATCH', '"type": "string"\n    },', '/fields/1/type'],
  ['schemas/order.avsc', ORDER_BREAKING, 'MISSING_ENUM_SYMBOLS', '"symbols": ["NEW", "PAID"]', '/fields/2/type/symbols'],
  ['schemas/order.avsc', ORDER_BREAKING, 'READER_FIELD_MISSING_DEFAULT_VALUE', '"name": "currency"', '/fields/3'],
  ['schemas/user.proto', USER_BREAKING, 'FIELD_SCALAR_KIND_CHANGED', 'string age = 2;', '#/User/2'],
  ['schemas/user.proto', USER_BREAKING, 'ONEOF_FIELD_REMOVED', 'oneof contact', '#/User/contact/4'],
  ['schemas/user.proto', USER_BREAKING, 'FIELD_SCALAR_KIND_CHANGED', 'int64 street = 1;', '#/Address/1'],
  ['schemas/payment.json', PAYMENT_BREAKING, 'TYPE_CHANGED', '"amount": {"type": "string"}', '#/properties/amount'],
  ['schemas/payment.json', PAYMENT_BREAKING, 'MAX_LENGTH_DECREASED', '"maxLength": 10', '#/properties/method/maxLength'],
  ['schemas/payment.json', PAYMENT_BREAKING, 'REQUIRED_ATTRIBUTE_ADDED', '"method"]', '#/required/method'],
] as const;

describe('charter check --offline (against git refs and folders, no registry)', () => {
  let repo: string;

  beforeAll(() => {
    repo = gitRepo('offline', V1_FILES);
    git(repo, 'checkout', '-q', '-b', 'feature');
  });

  afterEach(() => {
    git(repo, 'checkout', '-q', '--', '.');
    git(repo, 'clean', '-qfd');
  });

  it('passes compatible changes with exit code 0', async () => {
    writeFiles(repo, COMPATIBLE_FILES);
    const run = await charter(['check', '--offline', '--against', 'main'], { cwd: repo });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('schemas/order.avsc (orders-value, AVRO): compatible with main at BACKWARD');
    expect(run.stdout).toContain('schemas/user.proto (users-value, PROTOBUF): compatible with main at BACKWARD');
    expect(run.stdout).toContain('schemas/payment.json (payments-value, JSON): compatible with main at BACKWARD');
  });

  it('fails breaking changes with exit code 1 and every finding at its file, line and column (text)', async () => {
    writeFiles(repo, BREAKING_FILES);
    const run = await charter(['check', '--offline', '--against', 'main'], { cwd: repo });
    expect(run.code).toBe(1);
    for (const [file, text, type, marker] of BREAKS) expect(run.stdout).toContain(`  ${where(file, text, marker)}: ${type}: `);
    expect(run.stdout).toContain('3 files: 3 incompatible');
  });

  it('reports the same findings as JSON, with type, path, line and column', async () => {
    writeFiles(repo, BREAKING_FILES);
    const run = await charter(['check', '--offline', '--against', 'main', '--format', 'json'], { cwd: repo });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ command: 'check', ok: false, exitCode: 1 });
    const findings = report.results.flatMap((r: { findings: unknown[] }) => r.findings);
    expect(findings).toHaveLength(BREAKS.length);
    for (const [file, text, type, marker, diffPath] of BREAKS) {
      expect(findings).toContainEqual(
        expect.objectContaining({ file, type, path: diffPath, ...at(text, marker), severity: 'error', version: 'main', direction: 'NEW_READS_OLD' }),
      );
    }
  });

  it('writes well-formed JUnit XML with one failing test case per incompatible file', async () => {
    writeFiles(repo, { ...BREAKING_FILES, 'schemas/payment.json': JSON.stringify(JSON.parse(fs.readFileSync(path.join(repo, 'schemas/payment.json'), 'utf8'))) });
    const run = await charter(['check', '--offline', '--against', 'main', '--format', 'junit', '--output', 'reports/charter.xml'], { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('charter check: 3 files: 2 incompatible, 1 compatible (report in reports/charter.xml)');
    const xml = parseWellFormedXml(fs.readFileSync(path.join(repo, 'reports/charter.xml'), 'utf8'));
    expect(xml.attributes).toMatchObject({ name: 'charter check', tests: '3', failures: '2' });
    const cases = xml.children[0].children;
    expect(cases.map((c) => [c.attributes.name, c.children.map((f) => f.name)])).toEqual([
      ['schemas/order.avsc', ['failure']],
      ['schemas/user.proto', ['failure']],
      ['schemas/payment.json', []],
    ]);
    const failure = cases[0].children[0];
    expect(failure.attributes.type).toBe('TYPE_MISMATCH');
    expect(failure.attributes.message).toContain(`${where('schemas/order.avsc', ORDER_BREAKING, '"type": "string"\n    },')}: TYPE_MISMATCH: `);
    expect(failure.text).toContain(`${where('schemas/order.avsc', ORDER_BREAKING, '"name": "currency"')}: READER_FIELD_MISSING_DEFAULT_VALUE`);
  });

  it('writes GitHub workflow annotations with file, line and column', async () => {
    writeFiles(repo, BREAKING_FILES);
    const run = await charter(['check', '--offline', '--against', 'main', '--format', 'github'], { cwd: repo });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(BREAKS.length);
    const subjects: Record<string, string> = { 'schemas/order.avsc': 'orders-value', 'schemas/user.proto': 'users-value', 'schemas/payment.json': 'payments-value' };
    for (const [file, text, type, marker] of BREAKS) {
      const { line, column } = at(text, marker);
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^::error file=${file},line=${line},col=${column},title=${type} \\(${subjects[file]}\\)::\\S`)));
    }
    expect(lines[lines.length - 1]).toBe('3 files: 3 incompatible');
  });

  it('compares with a folder holding the earlier files at the same paths', async () => {
    const baseline = tempDir('baseline');
    writeFiles(baseline, { 'schemas/order.avsc': ORDER_V1 });
    writeFiles(repo, BREAKING_FILES);
    const run = await charter(['check', '--offline', '--against', baseline, '--format', 'json'], { cwd: repo });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout).results;
    expect(results.map((r: { file: string; status: string }) => [r.file, r.status])).toEqual([
      ['schemas/order.avsc', 'incompatible'],
      ['schemas/user.proto', 'new'],
      ['schemas/payment.json', 'new'],
    ]);
    expect(results[0].findings.map((f: { type: string }) => f.type)).toEqual(['TYPE_MISMATCH', 'MISSING_ENUM_SYMBOLS', 'READER_FIELD_MISSING_DEFAULT_VALUE']);
  });

  it('treats a file the ref does not have as new, and checks only the files named', async () => {
    writeFiles(repo, {
      'charter.yaml': `${fs.readFileSync(path.join(repo, 'charter.yaml'), 'utf8')}  - file: schemas/extra.avsc\n    subject: extra-value\n`,
      'schemas/extra.avsc': '{"type": "record", "name": "Extra", "fields": []}',
      ...BREAKING_FILES,
    });
    const run = await charter(['check', '--offline', '--against', 'main', 'schemas/extra.avsc', 'users-value'], { cwd: repo });
    expect(run.stdout.split('\n').slice(0, 1)).toEqual(['schemas/extra.avsc (extra-value, AVRO): new (not in main)']);
    expect(run.stdout).toContain('schemas/user.proto (users-value, PROTOBUF): incompatible');
    expect(run.stdout).not.toContain('order.avsc');
    expect(run.code).toBe(1);
  });

  it('applies the level of charter.yaml: per file, else its default, transitive over several refs', async () => {
    // main drops SHIPPED from v1; the feature adds LOST: readable against main, not against v1.
    const transitive = gitRepo('transitive', V1_FILES);
    const v1 = git(transitive, 'rev-parse', 'HEAD').trim();
    writeFiles(transitive, { 'schemas/order.avsc': ORDER_V1.replace('"NEW", "PAID", "SHIPPED"', '"NEW", "PAID"') });
    git(transitive, 'commit', '-qam', 'v2');
    writeFiles(transitive, { 'schemas/order.avsc': ORDER_V1.replace('"NEW", "PAID", "SHIPPED"', '"NEW", "PAID", "LOST"') });
    const yaml = fs.readFileSync(path.join(transitive, 'charter.yaml'), 'utf8');
    const check = (charterYaml: string) => {
      writeFiles(transitive, { 'charter.yaml': charterYaml });
      return charter(['check', '--offline', '--against', 'main', '--against', v1, 'orders-value', '-f', 'json'], { cwd: transitive });
    };

    const latest = await check(`compatibility: FULL\n${yaml}`.replace('subject: orders-value\n', 'subject: orders-value\n    compatibility: BACKWARD\n'));
    expect(latest.code).toBe(0);
    expect(JSON.parse(latest.stdout).results[0]).toMatchObject({ status: 'compatible', detail: `with main, ${v1} at BACKWARD` });

    const all = await check(`compatibility: BACKWARD_TRANSITIVE\n${yaml}`);
    expect(all.code).toBe(1);
    const result = JSON.parse(all.stdout).results[0];
    expect(result.detail).toBe(`with ${v1} at BACKWARD_TRANSITIVE`);
    expect(result.findings).toEqual([
      expect.objectContaining({ type: 'MISSING_ENUM_SYMBOLS', version: v1, additionalInfo: '[SHIPPED]', ...at(ORDER_V1, '"symbols"') }),
    ]);
  });

  it('resolves references between mapped files, and places findings in the referenced file', async () => {
    const common = 'syntax = "proto3";\npackage common;\n\nmessage Money {\n  int64 units = 1;\n  string currency = 2;\n}\n';
    const shop = 'syntax = "proto3";\npackage shop;\nimport "common.proto";\n\nmessage Order {\n  string id = 1;\n  common.Money total = 2;\n}\n';
    const refs = gitRepo('references', {
      'charter.yaml': `schemas:
  - file: proto/common.proto
    subject: common-value
  - file: proto/shop.proto
    subject: shop-value
    references:
      - name: common.proto
        file: proto/common.proto
`,
      'proto/common.proto': common,
      'proto/shop.proto': shop,
    });
    const changed = common.replace('string currency = 2;', 'int32 currency = 2;');
    writeFiles(refs, { 'proto/common.proto': changed });
    const run = await charter(['check', '--offline', '--against', 'HEAD', 'shop-value'], { cwd: refs });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`  ${where('proto/common.proto', changed, 'int32 currency')}: FIELD_SCALAR_KIND_CHANGED: `);
    expect(run.stdout).toContain(`  ${where('proto/shop.proto', shop, 'common.Money total')}: FIELD_NAMED_TYPE_CHANGED: `);
  });

  it('reports a schema that does not parse as a finding at its line (exit 1)', async () => {
    writeFiles(repo, { 'schemas/user.proto': 'syntax = "proto3";\nmessage User {\n  string id = 1\n}\n' });
    const run = await charter(['check', '--offline', '--against', 'main', 'users-value', '-f', 'json'], { cwd: repo });
    expect(run.code).toBe(1);
    const [result] = JSON.parse(run.stdout).results;
    expect(result.status).toBe('invalid');
    expect(result.findings).toEqual([expect.objectContaining({ type: 'INVALID_SCHEMA', file: 'schemas/user.proto', line: 4 })]);
  });

  it.each([
    [['--offline'], '--offline needs --against'],
    [['--against', 'main'], '--against goes with --offline'],
    [['--offline', '--against', 'no-such-ref'], 'neither a folder nor a git ref'],
    [['--offline', '--against', 'main', '--format', 'xml'], '--format must be one of text, json, junit, github'],
    [['--offline', '--against', 'main', 'nope.avsc'], 'nope.avsc is neither a schema file nor a subject mapped in charter.yaml'],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const run = await charter(['check', ...args], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('exits 2 with the file, line and column of a bad charter.yaml, also as a GitHub annotation', async () => {
    writeFiles(repo, { 'charter.yaml': 'schemas:\n  - file: schemas/order.avsc\n    subject: orders-value\n    compatibility: SOMETIMES\n' });
    const run = await charter(['check', '--offline', '--against', 'main', '--format', 'github'], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('charter: charter.yaml:4:20: schemas.0.compatibility: the compatibility level must be one of NONE, BACKWARD');
    expect(run.stdout).toMatch(/^::error title=charter::charter.yaml:4:20: /);
  });

  it('exits 2 when a reference names a registry subject, which only a registry resolves', async () => {
    writeFiles(repo, {
      'charter.yaml': 'schemas:\n  - file: schemas/order.avsc\n    subject: orders-value\n    references:\n      - name: io.acme.Other\n        subject: other-value\n        version: 1\n',
    });
    const run = await charter(['check', '--offline', '--against', 'main'], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('references subject other-value');
  });

  it('exits 2 outside a git repository when the ref is not a folder', async () => {
    const loose = tempDir('loose');
    writeFiles(loose, V1_FILES);
    const run = await charter(['check', '--offline', '--against', 'main'], { cwd: loose });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a folder');
  });
});
