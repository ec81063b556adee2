/**
 * One schema file per format, each in a first version, a compatible second version and a
 * breaking one. Written by hand with line breaks, so findings have lines worth checking.
 */
export const ORDER_V1 = `{
  "type": "record",
  "name": "Order",
  "namespace": "io.acme.sales",
  "fields": [
    {"name": "id", "type": "string"},
    {"name": "amount", "type": "int"},
    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}}
  ]
}
`;

/** Adds a field with a default and widens int to long: BACKWARD compatible. */
export const ORDER_COMPATIBLE = `{
  "type": "record",
  "name": "Order",
  "namespace": "io.acme.sales",
  "fields": [
    {"name": "id", "type": "string"},
    {"name": "amount", "type": "long"},
    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
    {"name": "note", "type": ["null", "string"], "default": null}
  ]
}
`;

/** amount becomes a string, a symbol goes, a field without default arrives: three breaks. */
export const ORDER_BREAKING = `{
  "type": "record",
  "name": "Order",
  "namespace": "io.acme.sales",
  "fields": [
    {"name": "id", "type": "string"},
    {
      "name": "amount",
      "type": "string"
    },
    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
    {"name": "currency", "type": "string"}
  ]
}
`;

export const USER_V1 = `syntax = "proto3";
package acme.users;

message User {
  string id = 1;
  int32 age = 2;
  oneof contact {
    string email = 3;
    string phone = 4;
  }
  Address address = 5;
}

message Address {
  string street = 1;
}
`;

/** Adds a field and a message: compatible. */
export const USER_COMPATIBLE = `syntax = "proto3";
package acme.users;

message User {
  string id = 1;
  int32 age = 2;
  oneof contact {
    string email = 3;
    string phone = 4;
  }
  Address address = 5;
  string nickname = 6;
}

message Address {
  string street = 1;
  string city = 2;
}
`;

/** age becomes a string, phone leaves the oneof, street becomes a number: three breaks. */
export const USER_BREAKING = `syntax = "proto3";
package acme.users;

// Users of the shop.
message User {
  string id = 1;
  string age = 2;
  oneof contact {
    string email = 3;
  }
  Address address = 5;
}

message Address {
  int64 street = 1;
}
`;

export const PAYMENT_V1 = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "properties": {
    "id": {"type": "string"},
    "amount": {"type": "number", "maximum": 1000},
    "method": {"type": "string", "maxLength": 20}
  },
  "required": ["id"]
}
`;

/** Raises a maximum and a maxLength: compatible. */
export const PAYMENT_COMPATIBLE = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "properties": {
    "id": {"type": "string"},
    "amount": {"type": "number", "maximum": 5000},
    "method": {"type": "string", "maxLength": 40}
  },
  "required": ["id"]
}
`;

/** amount becomes a string, method gets shorter, a property becomes required: three breaks. */
export const PAYMENT_BREAKING = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "properties": {
    "id": {"type": "string"},
    "amount": {"type": "string"},
    "method": {"type": "string", "maxLength": 10}
  },
  "required": ["id", "method"]
}
`;

export const CHARTER_YAML = `schemas:
  - file: schemas/order.avsc
    subject: orders-value
  - file: schemas/user.proto
    subject: users-value
  - file: schemas/payment.json
    subject: payments-value
`;

export const V1_FILES = {
  'charter.yaml': CHARTER_YAML,
  'schemas/order.avsc': ORDER_V1,
  'schemas/user.proto': USER_V1,
  'schemas/payment.json': PAYMENT_V1,
};

export const COMPATIBLE_FILES = {
  'schemas/order.avsc': ORDER_COMPATIBLE,
  'schemas/user.proto': USER_COMPATIBLE,
  'schemas/payment.json': PAYMENT_COMPATIBLE,
};

export const BREAKING_FILES = {
  'schemas/order.avsc': ORDER_BREAKING,
  'schemas/user.proto': USER_BREAKING,
  'schemas/payment.json': PAYMENT_BREAKING,
};
