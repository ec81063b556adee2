import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import type { RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { ADMIN, as, basic, startSecuredCharter, userWith } from './support';

const shipment = (fields: string[]) =>
  JSON.stringify({ type: 'record', name: 'Shipment', namespace: 'acme.logistics', fields: fields.map((name) => ({ name, type: 'string', default: '' })) });

/**
 * The serializers people run, with credentials: kafkajs' registry client and Confluent's
 * JavaScript client, over HTTP Basic with a user's password and with an API key (as Basic, and
 * as a bearer token for Confluent's client), registering and reading within their grants only.
 */
describe.each(DATABASE_KINDS)('real client libraries with credentials on %s', (kind) => {
  let charter: RunningCharter;
  let key: { id: string; secret: string };

  beforeAll(async () => {
    charter = await startSecuredCharter(kind);
    // kafkajs sets a new subject's compatibility when it first registers (PUT /config/{subject}), so
    // its producer needs configure (DeveloperManage) besides write, as with Confluent's RBAC.
    const shipments = { type: 'Subject', name: 'shipments-', patternType: 'PREFIXED' };
    await userWith(charter, 'producer', 'producer-password', [
      { role: 'DeveloperWrite', resource: shipments },
      { role: 'DeveloperManage', resource: shipments },
    ]);
    await userWith(charter, 'svc-consumer', 'consumer-password');
    const admin = as(charter, basic(ADMIN.user, ADMIN.password));
    key = (await admin.post('/acl/keys', { owner: 'svc-consumer', description: 'consumer service' })).body;
    await admin.post('/acl/bindings', { principal: `ApiKey:${key.id}`, role: 'DeveloperRead', resource: { type: 'Subject', name: 'shipments-', patternType: 'PREFIXED' } });
    await admin.register('secret-value', shipment(['id']));
  });
  afterAll(() => charter.close());

  describe('@kafkajs/confluent-schema-registry', () => {
    it('registers and encodes with a user\'s password, and decodes with an API key', async () => {
      const producer = new SchemaRegistry({ host: charter.url, auth: { username: 'producer', password: 'producer-password' } });
      const { id } = await producer.register({ type: SchemaType.AVRO, schema: shipment(['id']) }, { subject: 'shipments-kjs-value' });
      const encoded = await producer.encode(id, { id: 's-1' });
      const consumer = new SchemaRegistry({ host: charter.url, auth: { username: key.id, password: key.secret } });
      expect(await consumer.decode(encoded)).toEqual({ id: 's-1' });
      expect(await consumer.getLatestSchemaId('shipments-kjs-value')).toBe(id);
    });

    it('is refused what it has no grant for, with the answers Confluent gives', async () => {
      const consumer = new SchemaRegistry({ host: charter.url, auth: { username: key.id, password: key.secret } });
      await expect(consumer.register({ type: SchemaType.AVRO, schema: shipment(['id', 'x']) }, { subject: 'shipments-kjs-value' })).rejects.toThrow(
        /denied operation Write/,
      );
      await expect(consumer.getLatestSchemaId('secret-value')).rejects.toThrow(/Subject 'secret-value' not found/);
      const stranger = new SchemaRegistry({ host: charter.url, auth: { username: 'producer', password: 'wrong-password' } });
      await expect(stranger.getLatestSchemaId('shipments-kjs-value')).rejects.toThrow(/Unauthorized/);
    });
  });

  describe('@confluentinc/schemaregistry', () => {
    it('serializes with a user\'s password over Basic and deserializes with an API key over Basic', async () => {
      const producer = new SchemaRegistryClient({ baseURLs: [charter.url], basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: 'producer:producer-password' } });
      const id = await producer.register('shipments-ccl-value', { schemaType: 'AVRO', schema: shipment(['id']) });
      const bytes = await new AvroSerializer(producer, SerdeType.VALUE, { useLatestVersion: true }).serialize('shipments-ccl', { id: 's-2' });
      expect(bytes.readInt32BE(1)).toBe(id);
      const consumer = new SchemaRegistryClient({ baseURLs: [charter.url], basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `${key.id}:${key.secret}` } });
      expect(await new AvroDeserializer(consumer, SerdeType.VALUE, {}).deserialize('shipments-ccl', bytes)).toEqual({ id: 's-2' });
    });

    it('reads with an API key as a static bearer token', async () => {
      const consumer = new SchemaRegistryClient({
        baseURLs: [charter.url],
        bearerAuthCredentials: { credentialsSource: 'STATIC_TOKEN', token: `${key.id}.${key.secret}`, logicalCluster: 'charter', identityPoolId: 'none' },
      });
      const latest = await consumer.getLatestSchemaMetadata('shipments-ccl-value');
      expect(latest.schema).toBe(shipment(['id']));
      await expect(consumer.getLatestSchemaMetadata('secret-value')).rejects.toThrow(/Subject 'secret-value' not found/);
    });

    it('is refused a registration without write access, with 40301', async () => {
      const consumer = new SchemaRegistryClient({ baseURLs: [charter.url], basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `${key.id}:${key.secret}` } });
      await expect(consumer.register('shipments-ccl-value', { schemaType: 'AVRO', schema: shipment(['id', 'weight']) })).rejects.toThrow(/40301|denied/);
    });
  });
});
