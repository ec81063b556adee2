import { parseProto } from './proto-parser';
import { ProtobufProvider } from './protobuf.provider';
import { IGNORE_EXTENSIONS, NORMALIZED, printProto as sut } from './protobuf-printer';

/** Parses with the provider, which supplies the types normalization resolves names against. */
const provider = new ProtobufProvider();

const normalized = (text: string): string => {
  const schema = provider.parse(text, [], { mode: 'stored' });
  return sut(schema.file, NORMALIZED, schema.types);
};

describe('Protobuf printer', () => {
  describe('canonical text (Confluent canonicalString)', () => {
    it('lays out sections with blank lines, two-space indents and messages before enums', () => {
      const text = `syntax = "proto3";
package p;
import "b.proto";
import public "c.proto";
import "a.proto";
option java_package = "x";
enum Top { T = 0; }
message A {
  option deprecated = true;
  reserved 5, 9 to 11;
  reserved "old";
  oneof o { int32 i = 2; }
  string s = 1 [deprecated = true, json_name = "S"];
  message Inner { option deprecated = true; int32 x = 1; }
  enum E { reserved 3; option allow_alias = true; Z = 0; Y = 0; }
}
message Empty {}
service S { rpc Get (A) returns (stream A) { option deprecated = true; } rpc Put (A) returns (A); }
`;
      expect(sut(parseProto(text))).toBe(`syntax = "proto3";
package p;

import "b.proto";
import "a.proto";
import public "c.proto";

option java_package = "x";

message A {
  reserved 5, 9 to 11;
  reserved "old";

  option deprecated = true;

  string s = 1 [
    deprecated = true,
    json_name = "S"
  ];

  oneof o {
    int32 i = 2;
  }

  message Inner {
    option deprecated = true;
  
    int32 x = 1;
  }
  enum E {
    reserved 3;
    option allow_alias = true;
    Z = 0;
    Y = 0;
  }
}
message Empty {}
enum Top {
  T = 0;
}

service S {
  rpc Get (A) returns (stream A) {
    option deprecated = true;
  };
  rpc Put (A) returns (A);
}
`);
    });

    it('prints aggregate options one entry per line, escaping strings', () => {
      const text = `syntax = "proto3";
import "confluent/meta.proto";
message A {
  string s = 1 [(confluent.field_meta) = { doc: "say \\"hi\\"", params: [{ key: "k", value: "v" }], tags: ["PII"] }];
  string t = 2 [(confluent.field_meta).tags = "PII"];
}
`;
      expect(sut(parseProto(text))).toBe(`syntax = "proto3";

import "confluent/meta.proto";

message A {
  string s = 1 [(confluent.field_meta) = {
    doc: "say \\"hi\\"",
    params: [
      {
        key: "k",
        value: "v"
      }
    ],
    tags: [
      "PII"
    ]
  }];
  string t = 2 [(confluent.field_meta).tags = "PII"];
}
`);
    });

    it('prints proto2 labels, defaults, groups, extension ranges and extend blocks', () => {
      const text = `syntax = "proto2";
message A {
  required string s = 1 [default = "x"];
  optional E e = 2 [default = B];
  optional group G = 3 { optional int32 x = 4; }
  extensions 100 to max;
  enum E { A = 0; B = 1; }
}
extend A { optional int32 ext = 100; }
`;
      expect(sut(parseProto(text))).toBe(`syntax = "proto2";

message A {
  required string s = 1 [default = "x"];
  optional E e = 2 [default = B];

  optional group G = 3 {
    optional int32 x = 4;
  }

  extensions 100 to max;

  enum E {
    A = 0;
    B = 1;
  }
}

extend A {
  optional int32 ext = 100;
}
`);
    });

    it('prints text that parses back to the same text', () => {
      const text = `syntax = "proto3"; package p; import "confluent/meta.proto";
message A { map<string, A> m = 1; optional int32 o = 2 [(confluent.field_meta) = { tags: ["x", "y"] }]; oneof k { string s = 3; } reserved 4 to 6; }
enum E { option allow_alias = true; Z = 0; ZZ = 0 [deprecated = true]; }`;
      const once = sut(parseProto(text));
      expect(sut(parseProto(once))).toBe(once);
      expect(() => provider.parse(once, [], { mode: 'new' })).not.toThrow();
    });
  });

  describe('normalized text (Confluent toNormalizedString)', () => {
    it('sorts imports, options, fields, oneofs, reserved values and enum constants, and qualifies types', () => {
      const text = `syntax = "proto3";
package p;
import "google/protobuf/timestamp.proto";
import "google/protobuf/any.proto";
import "google/protobuf/any.proto";
option java_package = "x";
option deprecated = true;
enum E { option allow_alias = true; B = 1; A = 0; C = 0; }
message A {
  reserved 9 to 11, 5, "b", "a";
  string s = 3 [json_name = "S", deprecated = true];
  B b = 1;
  map<string, B> m = 2;
  oneof z { int32 z2 = 7; int32 z1 = 6; }
  oneof y { int32 y1 = 4; }
  google.protobuf.Timestamp at = 8;
  message B { double d = 1; }
}
`;
      expect(normalized(text)).toBe(`syntax = "proto3";
package p;

import "google/protobuf/any.proto";
import "google/protobuf/timestamp.proto";

option deprecated = true;
option java_package = "x";

message A {
  reserved 5;
  reserved 9 to 11;
  reserved "a";
  reserved "b";

  .p.A.B b = 1;
  map<string, .p.A.B> m = 2;
  string s = 3 [
    deprecated = true,
    json_name = "S"
  ];
  .google.protobuf.Timestamp at = 8;

  oneof y {
    int32 y1 = 4;
  }
  oneof z {
    int32 z1 = 6;
    int32 z2 = 7;
  }

  message B {
    double d = 1;
  }
}
enum E {
  option allow_alias = true;
  A = 0;
  C = 0;
  B = 1;
}
`);
    });

    it('merges options of one non-repeated extension into a single aggregate with sorted keys', () => {
      const text = `syntax = "proto3";
package p;
import "confluent/meta.proto";
message A {
  string s = 1 [(confluent.field_meta).tags = "PII", (confluent.field_meta).doc = "d", (confluent.field_meta) = { tags: ["X"] }];
}
`;
      expect(normalized(text)).toContain(`  string s = 1 [(confluent.field_meta) = {
    doc: "d",
    tags: [
      "PII",
      "X"
    ]
  }];`);
    });

    it('nests an option set through a dotted path and merges it with its siblings', () => {
      const text = `syntax = "proto3";
package shop;
import "google/protobuf/descriptor.proto";
message Audit { string owner = 1; string team = 2; }
message Rules { Audit audit = 1; bool strict = 2; }
extend google.protobuf.FieldOptions { Rules rules = 50000; }
message Order { string id = 1 [(rules).audit.owner = "billing", (rules).strict = true, (rules).audit.team = "core"]; }
`;
      expect(sut(parseProto(text))).toContain(`  string id = 1 [
    (rules).audit.owner = "billing",
    (rules).strict = true,
    (rules).audit.team = "core"
  ];`);
      // Confluent's merge turns values clashing under one key into a list, aggregates included.
      expect(normalized(text)).toContain(`  string id = 1 [(shop.rules) = {
    audit: [
      {
        owner: "billing"
      },
      {
        team: "core"
      }
    ],
    strict: true
  }];`);
    });

    it('prints a single-value range as written but as one number when normalized', () => {
      const text = 'syntax = "proto2";\nmessage M { reserved 7 to 7; extensions 100 to 100; optional int32 a = 1; }';
      expect(sut(parseProto(text))).toContain('  reserved 7 to 7;\n');
      expect(normalized(text)).toContain('  reserved 7;\n');
      expect(normalized(text)).toContain('  extensions 100;\n');
    });

    it('prints a bytes default bare as Confluent does, quoted only when bare text would not parse', () => {
      const text = 'syntax = "proto2";\nmessage M { optional bytes a = 1 [default = "abc"]; optional bytes b = 2 [default = "a b"]; }';
      const canonical = sut(parseProto(text));
      expect(canonical).toContain('optional bytes a = 1 [default = abc];');
      expect(canonical).toContain('optional bytes b = 2 [default = "a b"];');
    });

    it('drops the proto2 syntax line and reformats numbers as Java does', () => {
      const text = `syntax = "proto2";
message N {
  optional double d = 1 [default = 1.50];
  optional float f = 2 [default = 3.14159];
  optional int32 i = 3 [default = 0x10];
  optional double inf = 4 [default = inf];
}
`;
      expect(normalized(text)).toBe(`
message N {
  optional double d = 1 [default = 1.5];
  optional float f = 2 [default = 3.142];
  optional int32 i = 3 [default = 16];
  optional double inf = 4 [default = inf];
}
`);
    });

    it('regroups extend blocks by their fully-qualified extendee', () => {
      const text = `syntax = "proto2";
package p;
message A { extensions 10 to 20; }
extend A { optional int32 b = 11; }
extend .p.A { optional int32 a = 10; }
`;
      expect(normalized(text)).toContain(`extend .p.A {
  optional int32 a = 10;
  optional int32 b = 11;
}
`);
    });
  });

  it('leaves out extension ranges, extend blocks and custom options but Confluent\'s for ignore_extensions', () => {
    const text = `syntax = "proto2";
import "confluent/meta.proto";
import "google/protobuf/descriptor.proto";
extend google.protobuf.FieldOptions { optional string mine = 50000; }
message A {
  extensions 100 to 200;
  optional string s = 1 [(mine) = "x", (confluent.field_meta).tags = "PII", deprecated = true];
}
`;
    const schema = provider.parse(text, [], { mode: 'new' });
    expect(sut(schema.file, IGNORE_EXTENSIONS, schema.types)).toBe(`syntax = "proto2";

import "confluent/meta.proto";
import "google/protobuf/descriptor.proto";

message A {
  optional string s = 1 [
    (confluent.field_meta).tags = "PII",
    deprecated = true
  ];
}
`);
  });

});
