import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCharter, type RunningCharter } from '../support/charter';
import { registry } from '../support/http';
import { at, charter, tempDir, where, writeFiles } from './support/cli';
import {
  BREAKING_FILES,
  COMPATIBLE_FILES,
  ORDER_BREAKING,
  ORDER_V1,
  PAYMENT_BREAKING,
  USER_BREAKING,
  USER_COMPATIBLE,
  V1_FILES,
} from './support/schemas';
import { parseWellFormedXml } from './support/well-formed-xml';

describe('charter check, register and diff against a running Charter', () => {
  let server: RunningCharter;
  let project: string;
  let env: Record<string, string>;

  const run = (args: string[], cwd = project) => charter(args, { cwd, env });

  beforeAll(async () => {
    server = await startCharter('sqlite');
    env = { CHARTER_URL: server.url };
    project = tempDir('online');
    writeFiles(project, V1_FILES);
    const registered = await run(['register']);
    expect(registered.stderr).toBe('');
    expect(registered.code).toBe(0);
    expect(registered.stdout.split('\n')).toEqual([
      'schemas/order.avsc (orders-value, AVRO): registered id 1, version 1',
      'schemas/user.proto (users-value, PROTOBUF): registered id 2, version 1',
      'schemas/payment.json (payments-value, JSON): registered id 3, version 1',
      '3 files: 3 registered',
      '',
    ]);
  });
  afterAll(() => server.close());
  afterEach(() => writeFiles(project, V1_FILES));

  it('passes unchanged and compatible files with exit code 0', async () => {
    const same = await run(['check']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('schemas/order.avsc (orders-value, AVRO): compatible with orders-value (registry level)');

    writeFiles(project, COMPATIBLE_FILES);
    const compatible = await run(['check', '--format', 'json']);
    expect(compatible.code).toBe(0);
    expect(JSON.parse(compatible.stdout)).toMatchObject({ ok: true, exitCode: 0, summary: '3 files: 3 compatible' });
  });

  it("fails breaking files with exit code 1, placing each of the registry's differences in the file", async () => {
    writeFiles(project, BREAKING_FILES);
    const text = await run(['check']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('schemas/order.avsc (orders-value, AVRO): incompatible with version 1 at BACKWARD');
    expect(text.stdout).toContain(`  ${where('schemas/order.avsc', ORDER_BREAKING, '"type": "string"\n    },')}: TYPE_MISMATCH: `);
    expect(text.stdout).toContain(`  ${where('schemas/user.proto', USER_BREAKING, 'oneof contact')}: ONEOF_FIELD_REMOVED: `);
    expect(text.stdout).toContain(`  ${where('schemas/payment.json', PAYMENT_BREAKING, '"maxLength": 10')}: MAX_LENGTH_DECREASED: `);

    const json = JSON.parse((await run(['check', '-f', 'json'])).stdout);
    const findings = json.results.flatMap((r: { findings: unknown[] }) => r.findings);
    expect(findings).toHaveLength(9);
    expect(findings).toContainEqual(
      expect.objectContaining({
        file: 'schemas/user.proto',
        type: 'FIELD_SCALAR_KIND_CHANGED',
        path: '#/Address/1',
        version: 1,
        direction: 'NEW_READS_OLD',
        ...at(USER_BREAKING, 'int64 street'),
      }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ file: 'schemas/payment.json', type: 'REQUIRED_ATTRIBUTE_ADDED', path: '#/required/method', ...at(PAYMENT_BREAKING, '"method"]') }),
    );
  });

  it('writes well-formed JUnit XML and GitHub annotations for the registry check', async () => {
    writeFiles(project, BREAKING_FILES);
    const junit = await run(['check', '--format', 'junit']);
    expect(junit.code).toBe(1);
    const xml = parseWellFormedXml(junit.stdout);
    expect(xml.attributes).toMatchObject({ tests: '3', failures: '3' });
    expect(xml.children[0].children.map((c) => c.attributes.classname)).toEqual(['orders-value', 'users-value', 'payments-value']);

    const github = await run(['check', '--format', 'github']);
    expect(github.code).toBe(1);
    const { line, column } = at(ORDER_BREAKING, '"name": "currency"');
    expect(github.stdout).toContain(`::error file=schemas/order.avsc,line=${line},col=${column},title=READER_FIELD_MISSING_DEFAULT_VALUE (orders-value)::`);
  });

  it('checks at the level charter.yaml sets for a file, here, without changing the registry', async () => {
    // Removing a field without default is BACKWARD-compatible but breaks FORWARD.
    const forward = ORDER_V1.replace('    {"name": "amount", "type": "int"},\n', '');
    writeFiles(project, {
      'charter.yaml': V1_FILES['charter.yaml'].replace('subject: orders-value\n', 'subject: orders-value\n    compatibility: FORWARD\n'),
      'schemas/order.avsc': forward,
    });
    const result = await run(['check', 'orders-value', '-f', 'json']);
    expect(result.code).toBe(1);
    const [order] = JSON.parse(result.stdout).results;
    expect(order).toMatchObject({ status: 'incompatible', detail: 'with version 1 at FORWARD' });
    // The old schema reads new data and misses `amount`: the place is the record's fields in the new file.
    expect(order.findings).toEqual([
      expect.objectContaining({ type: 'READER_FIELD_MISSING_DEFAULT_VALUE', direction: 'OLD_READS_NEW', path: '/fields/1', ...at(forward, '"fields"') }),
    ]);
    expect((await registry(server.url).get('/config/orders-value')).status).toBe(404);
    // Without the level, the registry's BACKWARD applies and the change passes.
    writeFiles(project, { 'charter.yaml': V1_FILES['charter.yaml'] });
    expect((await run(['check', 'orders-value'])).code).toBe(0);
  });

  it("follows the registry's level, forward findings included", async () => {
    await registry(server.url).put('/config/payments-value', { compatibility: 'FULL' });
    try {
      const narrowed = fs.readFileSync(path.join(project, 'schemas/payment.json'), 'utf8').replace('"maxLength": 20', '"maxLength": 30');
      writeFiles(project, { 'schemas/payment.json': narrowed });
      const result = await run(['check', 'payments-value', '-f', 'json']);
      expect(result.code).toBe(1);
      const [payment] = JSON.parse(result.stdout).results;
      expect(payment.detail).toBe('with version 1 at FULL');
      expect(payment.findings).toEqual([
        // The old schema reads new data: to it, the new maximum is a decrease.
        expect.objectContaining({ type: 'MAX_LENGTH_DECREASED', direction: 'OLD_READS_NEW', version: 1, ...at(narrowed, '"maxLength": 30') }),
      ]);
    } finally {
      await registry(server.url).delete('/config/payments-value');
    }
  });

  it('registers referenced files first and checks a schema whose reference changed but is not registered', async () => {
    const dir = tempDir('online-references');
    const address = '{"type": "record", "name": "Address", "namespace": "io.acme",\n "fields": [\n  {"name": "zip", "type": "int"}\n ]}\n';
    const customer = '{"type": "record", "name": "Customer", "namespace": "io.acme",\n "fields": [\n  {"name": "home", "type": "Address"}\n ]}\n';
    writeFiles(dir, {
      'charter.yaml': `schemas:
  - file: customer.avsc
    subject: customers-value
    references:
      - name: io.acme.Address
        file: address.avsc
  - file: address.avsc
    subject: address-value
`,
      'customer.avsc': customer,
      'address.avsc': address,
    });
    const registered = await run(['register', 'customers-value', '-f', 'json'], dir);
    expect(registered.code).toBe(0);
    expect(JSON.parse(registered.stdout).results.map((r: { subject: string; detail: string }) => [r.subject, r.detail])).toEqual([
      ['address-value', 'id 4, version 1'],
      ['customers-value', 'id 5, version 1'],
    ]);
    expect((await registry(server.url).get('/subjects/customers-value/versions/1')).body.references).toEqual([
      { name: 'io.acme.Address', subject: 'address-value', version: 1 },
    ]);

    const changed = address.replace('"type": "int"', '"type": "string"');
    writeFiles(dir, { 'address.avsc': changed });
    const checked = await run(['check', 'customers-value'], dir);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(`  ${where('address.avsc', changed, '"type": "string"')}: TYPE_MISMATCH: `);
  });

  it('refuses an incompatible registration with exit code 1 and the differences in place', async () => {
    writeFiles(project, BREAKING_FILES);
    const refused = await run(['register', 'orders-value']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('schemas/order.avsc (orders-value, AVRO): refused (409 40901)');
    expect(refused.stdout).toContain(`  ${where('schemas/order.avsc', ORDER_BREAKING, '"symbols": ["NEW", "PAID"]')}: MISSING_ENUM_SYMBOLS: `);
    expect((await registry(server.url).get('/subjects/orders-value/versions')).body).toEqual([1]);
  });

  it('diffs a registered version with a file, listing compatible and incompatible differences', async () => {
    writeFiles(project, COMPATIBLE_FILES);
    const compatible = await run(['diff', 'users-value@1', 'schemas/user.proto']);
    expect(compatible.code).toBe(0);
    expect(compatible.stdout).toContain('schemas/user.proto (PROTOBUF): compatible with users-value@1 at BACKWARD');
    expect(compatible.stdout).toContain(`  ${where('schemas/user.proto', USER_COMPATIBLE, 'string nickname')}: compatible FIELD_ADDED: `);
    expect(compatible.stdout).toContain(`  ${where('schemas/user.proto', USER_COMPATIBLE, 'string city')}: compatible FIELD_ADDED: `);

    writeFiles(project, BREAKING_FILES);
    const breaking = await run(['diff', 'orders-value@latest', 'schemas/order.avsc', '--level', 'FULL', '-f', 'json']);
    expect(breaking.code).toBe(1);
    const [result] = JSON.parse(breaking.stdout).results;
    expect(result.detail).toBe('with orders-value@1 at FULL');
    expect(result.findings).toContainEqual(
      expect.objectContaining({ type: 'TYPE_MISMATCH', compatible: false, direction: 'OLD_READS_NEW', ...at(ORDER_BREAKING, '"type": "string"\n    },') }),
    );
  });

  it('diffs two files with no registry at all', async () => {
    const dir = tempDir('diff-files');
    writeFiles(dir, { 'a.avsc': ORDER_V1, 'b.avsc': ORDER_BREAKING });
    const result = await charter(['diff', 'a.avsc', 'b.avsc'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`  ${where('b.avsc', ORDER_BREAKING, '"name": "currency"')}: incompatible READER_FIELD_MISSING_DEFAULT_VALUE: `);
    const none = await charter(['diff', 'a.avsc', 'a.avsc'], { cwd: dir });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('a.avsc (AVRO): no differences with a.avsc at BACKWARD');
  });

  it('exits 2 when the registry cannot be reached or none is given', async () => {
    const unreachable = await charter(['check'], { cwd: project, env: { CHARTER_URL: 'http://127.0.0.1:1' } });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('cannot reach the registry at http://127.0.0.1:1');
    const none = await charter(['check'], { cwd: project });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no registry to talk to');
  });

  it('answers --help and unknown commands', async () => {
    const help = await run(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: charter check');
    const unknown = await run(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "deploy"');
  });
});
