import { create, createFileRegistry, createMutableRegistry, type DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  AvroDeserializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  ProtobufDeserializer,
  ProtobufSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { startCharter, type RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';

/**
 * The serializers people run, pointed at Charter unchanged: kafkajs' registry client and
 * Confluent's JavaScript client, registering, encoding and decoding in all three formats.
 */
describe.each(DATABASE_KINDS)('real client libraries against Charter on %s', (kind) => {
  let charter: RunningCharter;

  beforeAll(async () => {
    charter = await startCharter(kind);
  });
  afterAll(() => charter.close());

  describe('@kafkajs/confluent-schema-registry', () => {
    let sut: SchemaRegistry;
    beforeAll(() => {
      sut = new SchemaRegistry({ host: charter.url });
    });

    it('registers an Avro schema, encodes with its id and decodes the message back', async () => {
      const schema = {
        type: 'record',
        name: 'OrderPlaced',
        namespace: 'acme.orders',
        fields: [
          { name: 'orderId', type: 'string' },
          { name: 'amount', type: 'double' },
        ],
      };
      const { id } = await sut.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: 'kjs-orders-value' });
      const encoded = await sut.encode(id, { orderId: 'o-1', amount: 12.5 });
      expect(encoded.readUInt8(0)).toBe(0);
      expect(encoded.readInt32BE(1)).toBe(id);
      expect(await sut.decode(encoded)).toEqual({ orderId: 'o-1', amount: 12.5 });
      expect(await sut.getLatestSchemaId('kjs-orders-value')).toBe(id);
      expect(await sut.getRegistryIdBySchema('kjs-orders-value', { type: SchemaType.AVRO, schema: JSON.stringify(schema) })).toBe(id);
    });

    it('registers an Avro schema that references another subject and round-trips a message', async () => {
      const money = { type: 'record', name: 'Money', namespace: 'acme.common', fields: [{ name: 'cents', type: 'long' }] };
      await sut.register({ type: SchemaType.AVRO, schema: JSON.stringify(money) }, { subject: 'kjs-money' });
      const invoice = {
        type: 'record',
        name: 'Invoice',
        namespace: 'acme.billing',
        fields: [{ name: 'total', type: 'acme.common.Money' }],
      };
      const { id } = await sut.register(
        {
          type: SchemaType.AVRO,
          schema: JSON.stringify(invoice),
          references: [{ name: 'acme.common.Money', subject: 'kjs-money', version: 1 }],
        },
        { subject: 'kjs-invoice-value' },
      );
      const fresh = new SchemaRegistry({ host: charter.url });
      const encoded = await sut.encode(id, { total: { cents: 995 } });
      expect(await fresh.decode(encoded)).toEqual({ total: { cents: 995 } });
    });

    it('registers Protobuf schemas with an import through a reference and round-trips a message', async () => {
      const common = 'syntax = "proto3";\npackage acme.common;\nmessage Address {\n  string city = 1;\n}\n';
      await sut.register({ type: SchemaType.PROTOBUF, schema: common }, { subject: 'acme/common/address.proto' });
      const customer =
        'syntax = "proto3";\npackage acme.crm;\nimport "acme/common/address.proto";\nmessage Customer {\n  string name = 1;\n  acme.common.Address home = 2;\n}\n';
      const { id } = await sut.register(
        {
          type: SchemaType.PROTOBUF,
          schema: customer,
          references: [{ name: 'acme/common/address.proto', subject: 'acme/common/address.proto', version: 1 }],
        },
        { subject: 'kjs-customer-value' },
      );
      const encoded = await sut.encode(id, { name: 'Ada', home: { city: 'London' } });
      const fresh = new SchemaRegistry({ host: charter.url });
      expect(await fresh.decode(encoded)).toEqual(expect.objectContaining({ name: 'Ada', home: expect.objectContaining({ city: 'London' }) }));
    });

    it('registers a JSON schema and validates what it encodes', async () => {
      const schema = {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { sku: { type: 'string' }, qty: { type: 'integer' } },
        required: ['sku'],
      };
      const { id } = await sut.register({ type: SchemaType.JSON, schema: JSON.stringify(schema) }, { subject: 'kjs-stock-value' });
      const encoded = await sut.encode(id, { sku: 'A-1', qty: 3 });
      expect(await new SchemaRegistry({ host: charter.url }).decode(encoded)).toEqual({ sku: 'A-1', qty: 3 });
      await expect(sut.encode(id, { qty: 3 })).rejects.toThrow();
    });
  });

  describe('@confluentinc/schemaregistry', () => {
    let client: SchemaRegistryClient;
    beforeAll(() => {
      client = new SchemaRegistryClient({ baseURLs: [charter.url] });
    });

    it('serializes and deserializes Avro with the latest version of a subject', async () => {
      const schema = JSON.stringify({
        type: 'record',
        name: 'Shipment',
        namespace: 'acme.logistics',
        fields: [
          { name: 'id', type: 'string' },
          { name: 'weightKg', type: 'float' },
        ],
      });
      const id = await client.register('ccl-shipments-value', { schemaType: 'AVRO', schema });
      const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
      const bytes = await serializer.serialize('ccl-shipments', { id: 's-1', weightKg: 2.5 });
      expect(bytes.readInt32BE(1)).toBe(id);
      const deserializer = new AvroDeserializer(new SchemaRegistryClient({ baseURLs: [charter.url] }), SerdeType.VALUE, {});
      expect(await deserializer.deserialize('ccl-shipments', bytes)).toEqual({ id: 's-1', weightKg: 2.5 });
      expect(await client.getId('ccl-shipments-value', { schemaType: 'AVRO', schema })).toBe(id);
      expect((await client.getLatestSchemaMetadata('ccl-shipments-value')).id).toBe(id);
    });

    it('serializes and deserializes JSON whose schema references another subject', async () => {
      const address = JSON.stringify({
        $id: 'https://acme.example/address.json',
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
      });
      await client.register('ccl-address', { schemaType: 'JSON', schema: address });
      const person = JSON.stringify({
        type: 'object',
        properties: { name: { type: 'string' }, home: { $ref: 'https://acme.example/address.json' } },
        required: ['name'],
      });
      await client.register('ccl-people-value', {
        schemaType: 'JSON',
        schema: person,
        references: [{ name: 'https://acme.example/address.json', subject: 'ccl-address', version: 1 }],
      });
      const serializer = new JsonSerializer(client, SerdeType.VALUE, { useLatestVersion: true, validate: true });
      const bytes = await serializer.serialize('ccl-people', { name: 'Grace', home: { city: 'Arlington' } });
      const deserializer = new JsonDeserializer(new SchemaRegistryClient({ baseURLs: [charter.url] }), SerdeType.VALUE, {});
      expect(await deserializer.deserialize('ccl-people', bytes)).toEqual({ name: 'Grace', home: { city: 'Arlington' } });
      await expect(serializer.serialize('ccl-people', { name: 'Grace', home: {} })).rejects.toThrow();
    });

    it('auto-registers a Protobuf schema as a serialized descriptor and deserializes it', async () => {
      const fileProto = create(FileDescriptorProtoSchema, {
        name: 'acme/payments/payment.proto',
        package: 'acme.payments',
        syntax: 'proto3',
        messageType: [
          {
            name: 'Payment',
            field: [
              { name: 'id', number: 1, type: 9 /* TYPE_STRING */, label: 1, jsonName: 'id' },
              { name: 'cents', number: 2, type: 3 /* TYPE_INT64 */, label: 1, jsonName: 'cents' },
            ],
          },
        ],
      });
      const files = createFileRegistry(fileProto, () => undefined);
      const payment = files.getMessage('acme.payments.Payment') as DescMessage;
      const serializer = new ProtobufSerializer(client, SerdeType.VALUE, {
        autoRegisterSchemas: true,
        registry: createMutableRegistry(payment),
      });
      const bytes = await serializer.serialize('ccl-payments', create(payment, { id: 'p-9', cents: BigInt(4200) }));
      const deserializer = new ProtobufDeserializer(new SchemaRegistryClient({ baseURLs: [charter.url] }), SerdeType.VALUE, {});
      const back = await deserializer.deserialize('ccl-payments', bytes);
      expect(back.id).toBe('p-9');
      expect(back.cents).toBe(BigInt(4200));
      const latest = await client.getLatestSchemaMetadata('ccl-payments-value');
      expect(latest.schemaType).toBe('PROTOBUF');
      expect(latest.schema).toContain('message Payment');
    });
  });
});
