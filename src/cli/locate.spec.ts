import { locateDifference, locateField, type LocateRequest, type SourcePoint } from './locate';

/** Line and column of the `nth` occurrence of `marker` in `text` (1-based, as findings report them). */
function at(text: string, marker: string, nth = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = text.indexOf(marker, index + 1);
    if (index < 0) throw new Error(`${marker} not found ${nth} times`);
  }
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const sut = (request: LocateRequest): SourcePoint | undefined => locateDifference(request);

describe('locateDifference', () => {
  describe('Avro', () => {
    const order = `{
  "type": "record",
  "name": "Order",
  "namespace": "io.acme",
  "fields": [
    {"name": "id", "type": "long"},
    {
      "name": "amount",
      "type": "int"
    },
    {"name": "lines", "type": {"type": "array", "items": {
      "type": "record", "name": "Line", "fields": [
        {"name": "sku", "type": "string"},
        {"name": "qty", "type": ["null", "int"]}
      ]}}},
    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
    {"name": "again", "type": "Line"}
  ]
}`;

    it('puts a field at its name and a field type at its type key', () => {
      expect(sut({ schemaType: 'AVRO', text: order, path: '/fields/1' })).toEqual({ source: 0, ...at(order, '"name": "amount"'), exact: true });
      expect(sut({ schemaType: 'AVRO', text: order, path: '/fields/1/type' })).toEqual({ source: 0, ...at(order, '"type": "int"'), exact: true });
    });

    it('follows arrays, nested records, enums and union branches of the writer', () => {
      expect(sut({ schemaType: 'AVRO', text: order, path: '/fields/2/type/items/fields/1/type' })).toMatchObject(at(order, '"type": ["null", "int"]'));
      expect(sut({ schemaType: 'AVRO', text: order, path: '/fields/3/type/symbols' })).toMatchObject(at(order, '"symbols"'));
      // A writer's branch index names no place in a reader union: the union is the place.
      expect(sut({ schemaType: 'AVRO', text: order, path: '/fields/2/type/items/fields/1/type/1' })).toMatchObject({
        ...at(order, '"type": ["null", "int"]'),
        exact: true,
      });
      // Against a non-union reader the index is the writer's: the reader's type is the place.
      expect(sut({ schemaType: 'AVRO', text: order, path: '/fields/1/type/0' })).toMatchObject(at(order, '"type": "int"'));
    });

    it('follows a type used by name to its declaration', () => {
      expect(sut({ schemaType: 'AVRO', text: order, path: '/fields/4/type/fields/0/type' })).toMatchObject(at(order, '"type": "string"'));
    });

    it('finds named types declared in a reference, and says so by its index', () => {
      const address = `{"type": "record", "name": "Address", "namespace": "io.acme",
 "fields": [
   {"name": "street", "type": "string"},
   {"name": "zip", "type": "int"}
 ]}`;
      const customer = `{"type": "record", "name": "Customer", "namespace": "io.acme",
 "fields": [{"name": "home", "type": "Address"}]}`;
      expect(sut({ schemaType: 'AVRO', text: customer, path: '/fields/0/type/fields/1/type', references: [address] })).toEqual({
        source: 1,
        ...at(address, '"type": "int"'),
        exact: true,
      });
    });

    it('reads forward paths (positions in the old schema) by field name in the new one', () => {
      const old = `{"type": "record", "name": "R", "fields": [
  {"name": "a", "type": "int"},
  {"name": "b", "type": "int"}
]}`;
      const now = `{"type": "record", "name": "R", "fields": [
  {"name": "x", "type": "string", "default": ""},
  {"name": "b", "type": "long"},
  {"name": "a", "type": "int"}
]}`;
      expect(sut({ schemaType: 'AVRO', text: now, readerText: old, path: '/fields/1/type' })).toMatchObject({ ...at(now, '"type": "long"'), exact: true });
      // Aliases name a field too.
      const renamed = now.replace('"name": "b"', '"name": "bee", "aliases": ["b"]');
      expect(sut({ schemaType: 'AVRO', text: renamed, readerText: old, path: '/fields/1' })).toMatchObject(at(renamed, '"name": "bee"'));
    });

    it('points a field the file does not have at its record\'s fields, not exactly', () => {
      expect(sut({ schemaType: 'AVRO', text: order, path: '/fields/9' })).toEqual({ source: 0, ...at(order, '"fields"'), exact: false });
    });

    it('gives nothing for text that is not JSON', () => {
      expect(sut({ schemaType: 'AVRO', text: '{"type": ', path: '/fields/0' })).toBeUndefined();
    });
  });

  describe('JSON Schema', () => {
    const schema = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "properties": {
    "id": {"type": "string"},
    "address": {"$ref": "#/definitions/Address"},
    "tags": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}
  },
  "required": ["id", "address"],
  "definitions": {
    "Address": {
      "type": "object",
      "properties": {"city": {"type": "string", "maxLength": 40}}
    }
  }
}`;

    it('puts a property at its key, a keyword at its key', () => {
      expect(sut({ schemaType: 'JSON', text: schema, path: '#/properties/id' })).toEqual({ source: 0, ...at(schema, '"id": {'), exact: true });
      expect(sut({ schemaType: 'JSON', text: schema, path: '#/properties/id/type' })).toMatchObject(at(schema, '"type": "string"'));
    });

    it('finds a required name among the required items', () => {
      expect(sut({ schemaType: 'JSON', text: schema, path: '#/required/address' })).toMatchObject(at(schema, '"address"]'));
    });

    it('follows $ref within the document', () => {
      expect(sut({ schemaType: 'JSON', text: schema, path: '#/properties/address/properties/city/maxLength' })).toEqual({
        source: 0,
        ...at(schema, '"maxLength"'),
        exact: true,
      });
    });

    it('indexes tuple items and combined subschemas', () => {
      expect(sut({ schemaType: 'JSON', text: schema, path: '#/properties/tags/items/1' })).toMatchObject(at(schema, '{"type": "integer"}'));
    });

    it('points a removed property at its parent, not exactly; the root is line 1', () => {
      expect(sut({ schemaType: 'JSON', text: schema, path: '#/properties/gone' })).toEqual({ source: 0, ...at(schema, '"properties"'), exact: false });
      expect(sut({ schemaType: 'JSON', text: schema, path: '#/' })).toEqual({ source: 0, line: 1, column: 1, exact: true });
    });
  });

  describe('Protobuf', () => {
    const proto = `syntax = "proto3";
package acme.shop; // the package

import "common.proto";

/* An order, with a } in a comment */
message Order {
  option (x.y) = { a: 1 b: "}" };
  string id = 1 [(validate.rules).string = {min_len: 1}];
  map<string, int64> counts = 2;
  oneof payment {
    string card = 3;
    string iban = 4;
  }
  message Line {
    reserved 2;
    int32 qty = 1;
  }
  enum State {
    STATE_UNKNOWN = 0;
    STATE_PAID = 0x1;
  }
  repeated Line lines = 5;
}

service Orders {
  rpc Get (Order) returns (Order) { option idempotency_level = NO_SIDE_EFFECTS; }
}

enum Top { TOP_A = 0; TOP_B = -1; }
`;

    it('finds messages, fields by number, map fields and options around them', () => {
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Order' })).toEqual({ source: 0, ...at(proto, 'message Order'), exact: true });
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Order/1' })).toMatchObject(at(proto, 'string id'));
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Order/2' })).toMatchObject(at(proto, 'map<string'));
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Order/5' })).toMatchObject(at(proto, 'repeated Line'));
    });

    it('finds oneof members by number with or without the oneof in the path', () => {
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Order/payment/4' })).toMatchObject(at(proto, 'string iban'));
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Order/3' })).toMatchObject(at(proto, 'string card'));
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Order/payment' })).toMatchObject(at(proto, 'oneof payment'));
    });

    it('finds nested messages, enums and enum constants (hex and negative numbers too)', () => {
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Order/Line/1' })).toMatchObject(at(proto, 'int32 qty'));
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Order/State/1' })).toMatchObject(at(proto, 'STATE_PAID'));
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Top/-1' })).toMatchObject(at(proto, 'TOP_B'));
    });

    it('puts the package statement at #/', () => {
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/' })).toEqual({ source: 0, ...at(proto, 'package acme'), exact: true });
    });

    it('points a removed field at its message, not exactly', () => {
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Order/9' })).toEqual({ source: 0, ...at(proto, 'message Order'), exact: false });
    });

    it('finds types of imported files in the references', () => {
      const common = `syntax = "proto3";
package common;
message Money {
  int64 units = 1;
  string currency = 2;
}`;
      expect(sut({ schemaType: 'PROTOBUF', text: proto, path: '#/Money/2', references: [common] })).toEqual({
        source: 1,
        ...at(common, 'string currency'),
        exact: true,
      });
    });
  });
});

describe('locateField', () => {
  it('finds an Avro field by record full name and field name, in the schema or a reference', () => {
    const address = '{"type": "record", "name": "Address", "namespace": "io.acme",\n "fields": [{"name": "email", "type": "string"}]}';
    const customer = '{"type": "record", "name": "Customer", "namespace": "io.acme",\n "fields": [\n  {"name": "home", "type": "Address"}\n]}';
    expect(locateField('AVRO', customer, 'io.acme.Customer.home')).toEqual({ source: 0, line: 3, column: 4, exact: true });
    expect(locateField('AVRO', customer, 'io.acme.Address.email', [address])).toEqual({ source: 1, line: 2, column: 14, exact: true });
    expect(locateField('AVRO', customer, 'io.acme.Customer.nope')).toBeUndefined();
  });

  it('finds a Protobuf field by package, messages and oneof', () => {
    const proto = 'syntax = "proto3";\npackage acme;\nmessage Order {\n  oneof pay {\n    string card = 1;\n  }\n  message Line { string sku = 1; }\n}\n';
    expect(locateField('PROTOBUF', proto, 'acme.Order.pay.card')).toEqual({ source: 0, line: 5, column: 5, exact: true });
    expect(locateField('PROTOBUF', proto, 'acme.Order.Line.sku')).toEqual({ source: 0, line: 7, column: 18, exact: true });
    expect(locateField('PROTOBUF', proto, 'other.Order.pay.card')).toBeUndefined();
  });

  it('finds a JSON Schema field by its path', () => {
    const schema = '{\n  "properties": {\n    "email": {"type": "string"}\n  }\n}';
    expect(locateField('JSON', schema, '#/properties/email')).toEqual({ source: 0, line: 3, column: 5, exact: true });
    expect(locateField('JSON', schema, '#/properties/phone')).toBeUndefined();
  });
});
