import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { startCharter, type RunningCharter } from '../support/charter';
import { api } from '../support/http';
import { at, charter, tempDir, where, writeFiles } from './support/cli';
import { PAYMENT_V1, USER_V1 } from './support/schemas';
import { parseWellFormedXml } from './support/well-formed-xml';

const ORDER_PLACED = `{
  "type": "record",
  "name": "OrderPlaced",
  "namespace": "io.acme.sales",
  "fields": [
    {"name": "orderId", "type": "string"},
    {"name": "customerEmail", "type": "string"}
  ]
}
`;

const SALES = `apiVersion: charter/v1
kind: Domain
domain:
  name: sales
teams:
  - name: sales-core
topics:
  - name: sales.order.placed
    ownerTeam: sales-core
    classification: confidential
    topicConfiguration:
      retention.ms: 86400000
  - name: OrdersLegacy
    classification: internal
`;

const GLOBAL = `apiVersion: charter/v1
kind: Global
policies:
  - name: topic-names
    kind: naming
    severity: warn
    params:
      template: "{domain}.{entity}.{event}"
  - name: owners
    kind: required-fields
    severity: block
    params:
      fields: [owner]
  - name: pii
    kind: pii-tagging
    severity: block
  - name: retention-min
    kind: retention
    severity: block
    params:
      classifications: [confidential]
      minMs: 604800000
`;

const CHARTER_YAML = `catalog: catalog
schemas:
  - file: schemas/order.avsc
    subject: sales.order.placed-value
  - file: schemas/user.proto
    subject: users-value
  - file: schemas/payment.json
    subject: payments-value
`;

/** The catalogue once every violation above is fixed. */
const SALES_FIXED = SALES.replace('retention.ms: 86400000', 'retention.ms: 864000000').replace(
  '  - name: OrdersLegacy\n    classification: internal\n',
  '  - name: sales.order.cancelled\n    ownerTeam: sales-core\n    classification: internal\n',
);
const ORDER_TAGGED = ORDER_PLACED.replace('{"name": "customerEmail", "type": "string"}', '{"name": "customerEmail", "type": "string", "confluent:tags": ["PII"]}');

describe('charter validate (offline) and charter catalog export|import', () => {
  let project: string;

  beforeEach(() => {
    project = tempDir('validate');
    writeFiles(project, {
      'charter.yaml': CHARTER_YAML,
      'schemas/order.avsc': ORDER_PLACED,
      'schemas/user.proto': USER_V1,
      'schemas/payment.json': PAYMENT_V1,
      'catalog/sales.yaml': SALES,
      'catalog/_global.yaml': GLOBAL,
    });
  });

  it('passes valid schemas and a catalogue that keeps its policies with exit code 0', async () => {
    writeFiles(project, { 'catalog/sales.yaml': SALES_FIXED, 'schemas/order.avsc': ORDER_TAGGED });
    const run = await charter(['validate'], { cwd: project });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'schemas/order.avsc (sales.order.placed-value, AVRO): valid',
      'schemas/user.proto (users-value, PROTOBUF): valid',
      'schemas/payment.json (payments-value, JSON): valid',
      'catalog/_global.yaml: valid (catalogue)',
      'catalog/sales.yaml: valid (catalogue)',
      '5 files: 5 valid',
      '',
    ]);
  });

  it('reports schema files that do not parse at their line and column, in each format', async () => {
    const avro = '{\n  "type": "record",\n  "name": "Order",\n  "fields": [\n    {"name": "id", "type": "strin"}\n  ]\n}\n';
    const protobuf = 'syntax = "proto3";\n\nmessage User {\n  string id = 1\n  int32 age = 2;\n}\n';
    const jsonSchema = '{\n  "type": "object",\n  "properties": {\n    "id": {"type": "string",}\n  }\n}\n';
    writeFiles(project, { 'schemas/order.avsc': avro, 'schemas/user.proto': protobuf, 'schemas/payment.json': jsonSchema, 'catalog/sales.yaml': SALES_FIXED });
    const run = await charter(['validate', '--format', 'json'], { cwd: project });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout).results;
    expect(results.slice(0, 3).map((r: { status: string }) => r.status)).toEqual(['invalid', 'invalid', 'invalid']);
    const [order, user, payment] = results.slice(0, 3).map((r: { findings: unknown[] }) => r.findings[0]);
    // The Avro parser names the field whose type is unknown.
    expect(order).toMatchObject({ type: 'INVALID_SCHEMA', file: 'schemas/order.avsc', ...at(avro, '{"name": "id"') });
    expect(order.message).toContain('strin');
    // The missing `;` is found at the next word.
    expect(user).toMatchObject({ type: 'INVALID_SCHEMA', file: 'schemas/user.proto', line: at(protobuf, 'int32 age').line });
    expect(payment).toMatchObject({ type: 'INVALID_SCHEMA', file: 'schemas/payment.json', ...at(jsonSchema, '}\n  }') });
  });

  it('reports policy violations of the catalogue at the entry, the field, or the schema field they are about', async () => {
    const run = await charter(['validate'], { cwd: project });
    expect(run.code).toBe(1);
    const catalog = run.stdout.split('\n').filter((l) => l.startsWith('  '));
    expect(catalog).toEqual(
      expect.arrayContaining([
        // No owner to point at: the topic's entry.
        expect.stringContaining(`  ${where('catalog/sales.yaml', SALES, 'name: OrdersLegacy')}: POLICY_REQUIRED_FIELDS: The topic 'OrdersLegacy' has no owner`),
        expect.stringContaining(`  ${where('catalog/sales.yaml', SALES, '86400000')}: POLICY_RETENTION: Retention of topic 'sales.order.placed'`),
        expect.stringContaining(`  ${where('catalog/sales.yaml', SALES, 'OrdersLegacy')}: warning: POLICY_NAMING: The topic name 'OrdersLegacy'`),
        expect.stringContaining(`  ${where('schemas/order.avsc', ORDER_PLACED, '"name": "customerEmail"')}: POLICY_PII_TAGGING: Field 'customerEmail'`),
      ]),
    );
    expect(run.stdout).toContain('catalog/sales.yaml: violates policies (catalogue)');

    const junit = parseWellFormedXml((await charter(['validate', '-f', 'junit'], { cwd: project })).stdout);
    expect(junit.attributes).toMatchObject({ name: 'charter validate', tests: '5', failures: '1' });
    const github = (await charter(['validate', '-f', 'github'], { cwd: project })).stdout;
    const { line, column } = at(SALES, 'OrdersLegacy');
    expect(github).toContain(`::warning file=catalog/sales.yaml,line=${line},col=${column},title=POLICY_NAMING::`);
  });

  it('passes warnings alone with exit code 0', async () => {
    writeFiles(project, {
      'catalog/sales.yaml': SALES_FIXED.replace('sales.order.cancelled', 'OrdersCancelled'),
      'schemas/order.avsc': ORDER_TAGGED,
    });
    const run = await charter(['validate'], { cwd: project });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  ${where('catalog/sales.yaml', SALES_FIXED.replace('sales.order.cancelled', 'OrdersCancelled'), 'OrdersCancelled')}: warning: POLICY_NAMING:`);
  });

  it('reports malformed catalogue documents at their line', async () => {
    const broken = SALES.replace('    classification: confidential\n', '    classification: top-secret\n');
    writeFiles(project, { 'catalog/sales.yaml': broken, 'catalog/_global.yaml': `${GLOBAL}  - name: [oops\n` });
    const run = await charter(['validate', '-f', 'json'], { cwd: project });
    expect(run.code).toBe(1);
    const catalog = JSON.parse(run.stdout).results.filter((r: { file: string }) => r.file.startsWith('catalog/'));
    expect(catalog.map((r: { file: string; status: string }) => [r.file, r.status])).toEqual([
      ['catalog/_global.yaml', 'invalid'],
      ['catalog/sales.yaml', 'invalid'],
    ]);
    expect(catalog[0].findings[0]).toMatchObject({ type: 'CATALOG_YAML', line: expect.any(Number) });
    expect(catalog[1].findings[0]).toMatchObject({ type: 'CATALOG_INVALID', ...at(broken, 'top-secret') });
  });

  describe('against a running Charter', () => {
    let server: RunningCharter;
    beforeAll(async () => {
      server = await startCharter('sqlite');
    });
    afterAll(() => server.close());

    it('plans and applies the catalogue, refuses blocking violations, and exports it back', async () => {
      const env = { CHARTER_URL: server.url };
      const refused = await charter(['catalog', 'import', '--mode', 'apply'], { cwd: project, env });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain(`  ${where('catalog/sales.yaml', SALES, '86400000')}: POLICY_RETENTION: `);
      expect((await api(server.url, 'GET', '/catalog/topics')).body).toEqual([]);

      writeFiles(project, { 'catalog/sales.yaml': SALES_FIXED });
      const plan = await charter(['catalog', 'import', '-f', 'json'], { cwd: project, env });
      expect(plan.code).toBe(0);
      const planned = JSON.parse(plan.stdout).results.flatMap((r: { findings: unknown[] }) => r.findings);
      expect(planned).toContainEqual(
        expect.objectContaining({ type: 'CREATE', severity: 'notice', message: 'create topic sales.order.cancelled', file: 'catalog/sales.yaml', ...at(SALES_FIXED, 'name: sales.order.cancelled') }),
      );

      const applied = await charter(['catalog', 'import', 'catalog', '--mode', 'apply'], { cwd: project, env });
      expect(applied.code).toBe(0);
      expect(applied.stdout).toContain('catalog/sales.yaml: valid (catalogue: applied)');
      expect(((await api(server.url, 'GET', '/catalog/topics')).body as { name: string }[]).map((t) => t.name)).toEqual([
        'sales.order.cancelled',
        'sales.order.placed',
      ]);

      const exported = await charter(['catalog', 'export', '--output', 'exported.yaml'], { cwd: project, env });
      expect(exported.code).toBe(0);
      const documents = YAML.parseAllDocuments(fs.readFileSync(path.join(project, 'exported.yaml'), 'utf8')).map((d) => d.toJS());
      expect(documents.map((d) => d.kind)).toEqual(['Domain', 'Global']);
      expect(documents[0].topics.map((t: { name: string }) => t.name)).toEqual(['sales.order.cancelled', 'sales.order.placed']);

      const dir = await charter(['catalog', 'export', '--dir', 'exported'], { cwd: project, env });
      expect(dir.code).toBe(0);
      expect(fs.readdirSync(path.join(project, 'exported')).sort()).toEqual(['_global.yaml', 'sales.yaml']);
      // What was exported imports as no change at all.
      const again = await charter(['catalog', 'import', 'exported', '--mode', 'plan', '-f', 'json'], { cwd: project, env });
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout).results.flatMap((r: { findings: unknown[] }) => r.findings)).toEqual([]);
    });

    it('exits 2 for a mode it does not know and for an unreachable server', async () => {
      const mode = await charter(['catalog', 'import', '--mode', 'force'], { cwd: project, env: { CHARTER_URL: server.url } });
      expect(mode.code).toBe(2);
      expect(mode.stderr).toContain('--mode must be validate, plan or apply');
      const down = await charter(['catalog', 'export'], { cwd: project, env: { CHARTER_URL: 'http://127.0.0.1:1' } });
      expect(down.code).toBe(2);
    });
  });
});
