import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Admin } from 'kafkajs';
import { startCharter, type RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { registry } from '../support/http';
import { kafkaClient, startKafka, type RunningKafka } from '../support/kafka';

/**
 * Moving from Confluent (or Karapace) to Charter: a `_schemas` topic written in Confluent's key
 * and value format, with soft and permanent deletes, references, the three formats, two
 * contexts, configs and a mode, imported into a fresh Charter on each database. Every registry
 * read endpoint then answers as the source implies, with the source's ids, and a second import
 * changes nothing.
 */

const money = '{"type":"record","name":"Money","namespace":"io.acme","fields":[{"name":"amount","type":"long"},{"name":"currency","type":"string"}]}';
const moneyRef = [{ name: 'io.acme.Money', subject: 'common-money', version: 1 }];
const orderV1 = '{"type":"record","name":"Order","namespace":"io.acme","fields":[{"name":"id","type":"string"},{"name":"total","type":"Money"}]}';
const orderV2 =
  '{"type":"record","name":"Order","namespace":"io.acme","fields":[{"name":"id","type":"string"},{"name":"total","type":"Money"},{"name":"note","type":["null","string"],"default":null}]}';
const orderV3 =
  '{"type":"record","name":"Order","namespace":"io.acme","fields":[{"name":"id","type":"string"},{"name":"total","type":"Money"},{"name":"note","type":["null","string"],"default":null},{"name":"lines","type":"int","default":0}]}';
const paymentV1 = 'syntax = "proto3";\npackage io.acme;\n\nmessage Payment {\n  string id = 1;\n}\n';
const paymentV2 = 'syntax = "proto3";\npackage io.acme;\n\nmessage Payment {\n  string id = 1;\n  int64 amount = 2;\n}\n';
const customerV1 = '{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}';
const customerV2 = '{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}},"required":["id"]}';
const shipment = '{"type":"record","name":"Shipment","namespace":"io.acme","fields":[{"name":"id","type":"string"}]}';
const gone = '{"type":"record","name":"Gone","namespace":"io.acme","fields":[{"name":"id","type":"string"}]}';
const stagingMoney = '{"type":"record","name":"Money","namespace":"io.acme","fields":[{"name":"cents","type":"long"}]}';
const stagingOrder = '{"type":"record","name":"Order","namespace":"io.acme","fields":[{"name":"total","type":"Money"}]}';

type Record_ = { key: unknown; value: unknown | null };
const schemaKey = (subject: string, version: number) => ({ keytype: 'SCHEMA', subject, version, magic: 1 });
const schemaValue = (subject: string, version: number, id: number, schema: string, extra: Record<string, unknown> = {}) => ({
  subject,
  version,
  id,
  schema,
  deleted: false,
  ...extra,
});

/**
 * The registry's log, in the order Confluent would have written it. Schemas are in the canonical
 * form Confluent stores (a named type in the enclosing namespace is written by its short name).
 */
const LOG: Record_[] = [
  { key: { keytype: 'CONFIG', subject: null, magic: 0 }, value: { compatibilityLevel: 'FULL' } },
  { key: schemaKey('common-money', 1), value: schemaValue('common-money', 1, 1, money) },
  { key: schemaKey('orders-value', 1), value: schemaValue('orders-value', 1, 2, orderV1, { references: moneyRef }) },
  { key: schemaKey('orders-value', 2), value: schemaValue('orders-value', 2, 3, orderV2, { references: moneyRef }) },
  { key: schemaKey('orders-value', 3), value: schemaValue('orders-value', 3, 4, orderV3, { references: moneyRef }) },
  // DELETE /subjects/orders-value/versions/3: the version is rewritten as deleted.
  { key: schemaKey('orders-value', 3), value: schemaValue('orders-value', 3, 4, orderV3, { references: moneyRef, deleted: true }) },
  { key: { keytype: 'CONFIG', subject: 'orders-value', magic: 0 }, value: { subject: 'orders-value', compatibilityLevel: 'BACKWARD_TRANSITIVE' } },
  { key: schemaKey('payments-value', 1), value: schemaValue('payments-value', 1, 5, paymentV1, { schemaType: 'PROTOBUF' }) },
  { key: schemaKey('payments-value', 2), value: schemaValue('payments-value', 2, 6, paymentV2, { schemaType: 'PROTOBUF' }) },
  // Soft, then permanent delete of version 2 (a tombstone).
  { key: schemaKey('payments-value', 2), value: schemaValue('payments-value', 2, 6, paymentV2, { schemaType: 'PROTOBUF', deleted: true }) },
  { key: schemaKey('payments-value', 2), value: null },
  { key: { keytype: 'MODE', subject: 'payments-value', magic: 0 }, value: { mode: 'READONLY' } },
  { key: schemaKey('customers-value', 1), value: schemaValue('customers-value', 1, 7, customerV1, { schemaType: 'JSON' }) },
  { key: schemaKey('customers-value', 2), value: schemaValue('customers-value', 2, 8, customerV2, { schemaType: 'JSON' }) },
  { key: { keytype: 'CONFIG', subject: 'customers-value', magic: 0 }, value: { subject: 'customers-value', compatibilityLevel: 'NONE' } },
  // DELETE /subjects/customers-value (Karapace orders the key's fields differently); its config goes too.
  { key: { subject: 'customers-value', magic: 0, keytype: 'DELETE_SUBJECT' }, value: { subject: 'customers-value', version: 2 } },
  { key: { keytype: 'CONFIG', subject: 'customers-value', magic: 0 }, value: null },
  // Deleted, then the same schema registered again: a new version with the same id.
  { key: schemaKey('shipments-value', 1), value: schemaValue('shipments-value', 1, 9, shipment) },
  { key: schemaKey('shipments-value', 1), value: schemaValue('shipments-value', 1, 9, shipment, { deleted: true }) },
  { key: schemaKey('shipments-value', 2), value: schemaValue('shipments-value', 2, 9, shipment) },
  // A subject deleted for good: soft, then tombstoned.
  { key: schemaKey('gone-value', 1), value: schemaValue('gone-value', 1, 10, gone) },
  { key: { keytype: 'DELETE_SUBJECT', subject: 'gone-value', magic: 0 }, value: { subject: 'gone-value', version: 1 } },
  { key: schemaKey('gone-value', 1), value: null },
  { key: { keytype: 'NOOP', magic: 0 }, value: null },
  // A second context with its own id space; its reference is relative to the context.
  { key: { keytype: 'CONTEXT', tenant: 'default', context: '.staging', magic: 0 }, value: { tenant: 'default', context: '.staging' } },
  { key: schemaKey(':.staging:common-money', 1), value: schemaValue(':.staging:common-money', 1, 1, stagingMoney) },
  {
    key: schemaKey(':.staging:orders-value', 1),
    value: schemaValue(':.staging:orders-value', 1, 2, stagingOrder, { references: moneyRef }),
  },
  { key: { keytype: 'CONFIG', subject: ':.staging:', magic: 0 }, value: { compatibilityLevel: 'FORWARD' } },
];

/** Every registry read endpoint, with what the source implies it answers. */
const EXPECTED: [string, number, unknown][] = [
  ['/subjects', 200, [':.staging:common-money', ':.staging:orders-value', 'common-money', 'orders-value', 'payments-value', 'shipments-value']],
  [
    '/subjects?deleted=true',
    200,
    [':.staging:common-money', ':.staging:orders-value', 'common-money', 'customers-value', 'orders-value', 'payments-value', 'shipments-value'],
  ],
  ['/subjects/orders-value/versions', 200, [1, 2]],
  ['/subjects/orders-value/versions?deleted=true', 200, [1, 2, 3]],
  ['/subjects/payments-value/versions?deleted=true', 200, [1]],
  ['/subjects/shipments-value/versions', 200, [2]],
  ['/subjects/shipments-value/versions?deleted=true', 200, [1, 2]],
  ['/subjects/customers-value/versions', 404, { error_code: 40401, message: "Subject 'customers-value' not found." }],
  ['/subjects/customers-value/versions?deleted=true', 200, [1, 2]],
  ['/subjects/gone-value/versions?deleted=true', 404, { error_code: 40401, message: "Subject 'gone-value' not found." }],
  ['/subjects/common-money/versions/1', 200, { subject: 'common-money', version: 1, id: 1, schema: money }],
  ['/subjects/orders-value/versions/1', 200, { subject: 'orders-value', version: 1, id: 2, references: moneyRef, schema: orderV1 }],
  ['/subjects/orders-value/versions/latest', 200, { subject: 'orders-value', version: 2, id: 3, references: moneyRef, schema: orderV2 }],
  ['/subjects/orders-value/versions/3', 404, { error_code: 40402, message: 'Version 3 not found.' }],
  ['/subjects/orders-value/versions/3?deleted=true', 200, { subject: 'orders-value', version: 3, id: 4, references: moneyRef, schema: orderV3 }],
  ['/subjects/payments-value/versions/1', 200, { subject: 'payments-value', version: 1, id: 5, schemaType: 'PROTOBUF', schema: paymentV1 }],
  ['/subjects/payments-value/versions/2?deleted=true', 404, { error_code: 40402, message: 'Version 2 not found.' }],
  ['/subjects/customers-value/versions/2?deleted=true', 200, { subject: 'customers-value', version: 2, id: 8, schemaType: 'JSON', schema: customerV2 }],
  ['/subjects/shipments-value/versions/1?deleted=true', 200, { subject: 'shipments-value', version: 1, id: 9, schema: shipment }],
  ['/subjects/shipments-value/versions/2', 200, { subject: 'shipments-value', version: 2, id: 9, schema: shipment }],
  ['/subjects/common-money/versions/1/referencedby', 200, [2, 3]],
  ['/subjects/common-money/versions/1/referencedby?deleted=true', 200, [2, 3, 4]],
  ['/subjects/:.staging:orders-value/versions/1', 200, { subject: ':.staging:orders-value', version: 1, id: 2, references: moneyRef, schema: stagingOrder }],
  ['/schemas/ids/1', 200, { schema: money }],
  ['/schemas/ids/3', 200, { references: moneyRef, schema: orderV2 }],
  ['/schemas/ids/4', 200, { references: moneyRef, schema: orderV3 }],
  ['/schemas/ids/5', 200, { schemaType: 'PROTOBUF', schema: paymentV1 }],
  ['/schemas/ids/6', 404, { error_code: 40403, message: 'Schema 6 not found' }],
  ['/schemas/ids/7', 200, { schemaType: 'JSON', schema: customerV1 }],
  ['/schemas/ids/10', 404, { error_code: 40403, message: 'Schema 10 not found' }],
  ['/schemas/ids/1?subject=:.staging:common-money', 200, { schema: stagingMoney }],
  ['/schemas/ids/1/subjects', 200, ['common-money']],
  ['/schemas/ids/9/subjects', 200, ['shipments-value']],
  ['/schemas/ids/8/subjects', 200, []],
  ['/schemas/ids/8/subjects?deleted=true', 200, ['customers-value']],
  ['/schemas/ids/3/versions', 200, [{ subject: 'orders-value', version: 2 }]],
  ['/schemas/ids/9/versions', 200, [{ subject: 'shipments-value', version: 2 }]],
  ['/schemas/ids/9/versions?deleted=true', 200, [{ subject: 'shipments-value', version: 1 }, { subject: 'shipments-value', version: 2 }]],
  ['/config', 200, { compatibilityLevel: 'FULL' }],
  ['/config/orders-value', 200, { compatibilityLevel: 'BACKWARD_TRANSITIVE' }],
  ['/config/customers-value', 404, { error_code: 40408, message: "Subject 'customers-value' does not have subject-level compatibility configured" }],
  ['/config/:.staging:', 200, { compatibilityLevel: 'FORWARD' }],
  ['/mode', 200, { mode: 'READWRITE' }],
  ['/mode/payments-value', 200, { mode: 'READONLY' }],
  ['/mode/orders-value', 404, { error_code: 40409, message: "Subject 'orders-value' does not have subject-level mode configured" }],
  ['/contexts', 200, ['.', '.staging']],
];

describe('import of a _schemas topic', () => {
  let broker: RunningKafka;
  let admin: Admin;

  beforeAll(async () => {
    broker = await startKafka();
    admin = kafkaClient(broker).admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: '_schemas', numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
    });
    const producer = kafkaClient(broker).producer();
    await producer.connect();
    await producer.send({
      topic: '_schemas',
      messages: LOG.map((r) => ({ key: JSON.stringify(r.key), value: r.value === null ? null : JSON.stringify(r.value) })),
    });
    await producer.disconnect();
  }, 300_000);

  afterAll(async () => {
    await admin?.disconnect();
    await broker?.stop();
  }, 60_000);

  describe.each(DATABASE_KINDS)('into a fresh Charter on %s', (kind) => {
    let charter: RunningCharter;
    let sut: ReturnType<typeof registry>;
    let first: any;

    beforeAll(async () => {
      charter = await startCharter(kind, {
        KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap,
        KAFKA_CLUSTER_NAME: 'source',
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'admin',
        KAFKA_SASL_PASSWORD: broker.users.admin,
        KAFKA_SCAN_INTERVAL_SECONDS: '0',
      });
      sut = registry(charter.url);
      const res = await sut.post('/kafka/clusters/source/import-schemas?topic=_schemas');
      if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
      first = res.body;
    }, 120_000);

    afterAll(() => charter?.close());

    async function answers(): Promise<[string, number, unknown][]> {
      const out: [string, number, unknown][] = [];
      for (const [path] of EXPECTED) {
        const res = await sut.get(path.replace(/:\.staging:/g, encodeURIComponent(':.staging:')));
        out.push([path, res.status, res.body]);
      }
      return out;
    }

    it('reports what it read and wrote: every live and soft-deleted version, none permanently deleted', () => {
      expect(first).toMatchObject({
        cluster: 'source',
        topic: '_schemas',
        records: { records: LOG.length, schemaRecords: 18, tombstones: 2, deleteSubjectRecords: 2, configRecords: 5, modeRecords: 1, contextRecords: 1, noopRecords: 1, skipped: 0 },
        subjects: 7,
        versions: { total: 11, imported: 11, unchanged: 0, softDeleted: 4, failed: 0 },
        configs: { set: 3, unchanged: 0, failed: 0 },
        modes: { set: 1, unchanged: 0, failed: 0 },
        errors: [],
      });
    });

    it.each(EXPECTED)('answers GET %s as the source implies', async (path, status, body) => {
      const res = await sut.get(path.replace(/:\.staging:/g, encodeURIComponent(':.staging:')));
      expect({ status: res.status, body: res.body }).toEqual({ status, body: Array.isArray(body) ? body : expect.objectContaining(body as object) });
      if (!Array.isArray(body) && status === 200) {
        for (const absent of ['references', 'schemaType'].filter((f) => !(f in (body as object)))) expect(res.body).not.toHaveProperty(absent);
      }
    });

    it('keeps the source ids, so a serializer reads data written against the old registry', async () => {
      const client = new SchemaRegistry({ host: charter.url });
      const payload = { id: 'o-1', total: { amount: 1250, currency: 'EUR' }, note: null };
      // Bytes a Confluent serializer wrote with schema id 3: magic byte, the id, then Avro.
      const bytes = await client.encode(3, payload);

      expect(bytes.readInt32BE(1)).toBe(3);
      expect(await client.decode(bytes)).toEqual(payload);
    });

    it('changes nothing when run again', async () => {
      const before = await answers();
      const again = await sut.post('/kafka/clusters/source/import-schemas?topic=_schemas');

      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        versions: { total: 11, imported: 0, unchanged: 11, softDeleted: 0, failed: 0 },
        configs: { set: 0, unchanged: 3 },
        modes: { set: 0, unchanged: 1 },
        contexts: { created: 0 },
        errors: [],
      });
      expect(await answers()).toEqual(before);
    });

    it('answers 404 for a topic the cluster does not have', async () => {
      const res = await sut.post('/kafka/clusters/source/import-schemas?topic=no-such-topic');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error_code: 40473 });
    });
  });
});
