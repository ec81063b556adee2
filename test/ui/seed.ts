import { registry } from '../support/http';

/** Avro schemas of the seeded `orders-value`: version 2 adds `total` with a default (compatible). */
export const ORDER_V1 = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'customer_email', type: 'string' },
  ],
};
export const ORDER_V2 = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'total', type: 'double', default: 0 }] };

/** Registry data the UI tests browse, written over the API as a producer's serializer would. */
export async function seedRegistry(base: string): Promise<void> {
  const r = registry(base);
  const ok = async (p: Promise<{ status: number; text: string }>) => {
    const res = await p;
    if (res.status !== 200) throw new Error(`seeding failed: ${res.status} ${res.text}`);
  };
  await ok(r.register('orders-value', ORDER_V1));
  await ok(r.register('orders-value', ORDER_V2));
  await ok(r.register('orders-key', '"string"'));
  await ok(r.register('shop.Address', { type: 'record', name: 'Address', namespace: 'shop', fields: [{ name: 'street', type: 'string' }, { name: 'postcode', type: 'string' }] }));
  await ok(
    r.register(
      'customers-value',
      { type: 'record', name: 'Customer', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'home', type: 'shop.Address' }] },
      { references: [{ name: 'shop.Address', subject: 'shop.Address', version: 1 }] },
    ),
  );
  await ok(
    r.register(
      'payments-value',
      'syntax = "proto3";\npackage shop;\n\nmessage Payment {\n  string id = 1;\n  int64 amount_cents = 2;\n  string card_holder = 3;\n}\n',
      { schemaType: 'PROTOBUF' },
    ),
  );
  await ok(r.register('team/shipments-value', { type: 'object', properties: { tracking_code: { type: 'string' } } }, { schemaType: 'JSON' }));
  await ok(r.register('scratch-value', '"int"'));
  await ok(r.register('scratch-value', '"long"'));
}
