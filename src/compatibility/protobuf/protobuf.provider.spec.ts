import { FileDescriptorProto } from 'protobufjs/ext/descriptor';
import { SchemaParseError, type ParsedSchema, type ResolvedReference } from '../schema-provider';
import { ProtobufProvider } from './protobuf.provider';
import { WELL_KNOWN_PROTOS } from './well-known-protos';

const sut = new ProtobufProvider();

function reference(name: string, schema: string, references: ResolvedReference[] = []): ResolvedReference {
  return { name, subject: name, version: 1, schemaType: 'PROTOBUF', schema, references };
}

function parseError(text: string, mode: 'new' | 'stored', references: ResolvedReference[] = []): SchemaParseError {
  try {
    sut.parse(text, references, { mode });
  } catch (error) {
    if (error instanceof SchemaParseError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('ProtobufProvider', () => {
  it('is the PROTOBUF provider', () => {
    expect(sut.schemaType).toBe('PROTOBUF');
  });

  describe('parse', () => {
    it('gives a new schema protobufjs\'s message and line when it does not parse', () => {
      const error = parseError('syntax = "proto3";\nmessage M {\n  strin g a = 1;\n}', 'new');
      expect(error.message).toBe("illegal token 'a', '=' expected (line 3)");
      expect(error.line).toBe(3);
    });

    it('gives a stored schema the line and column of its syntax error', () => {
      expect(parseError('syntax = "proto3";\nmessage M {\n  string a = 1\n}', 'stored')).toMatchObject({ line: 4, column: 1 });
    });

    it('rejects in a new schema what protoc rejects beyond the grammar, such as a reused field number', () => {
      expect(parseError('syntax = "proto3";\nmessage M { int32 a = 1; int32 b = 1; }', 'new').message).toContain('duplicate id 1');
    });

    it('accepts list values for repeated options, which Wire reads and Confluent prints though protoc does not', () => {
      const text = 'syntax = "proto3";\nimport "confluent/meta.proto";\noption (confluent.file_meta).tags = ["PII", "PRIVATE"];\nmessage M { int32 a = 1; }';
      expect(sut.parse(text, [], { mode: 'new' }).canonical).toContain('option (confluent.file_meta).tags = [\n  "PII",\n  "PRIVATE"\n];');
    });

    it('still finds a reused field number that protobufjs did not reach', () => {
      const text = 'syntax = "proto3";\nimport "confluent/meta.proto";\noption (confluent.file_meta).tags = ["PII"];\nmessage M {\n  int32 a = 1;\n  int32 b = 1;\n}';
      expect(parseError(text, 'new')).toMatchObject({
        message: "Field number 1 is used by both 'a' and 'b' in message 'M' (line 6, column 3)",
        line: 6,
        column: 3,
      });
    });

    it('rejects in a new schema a field on a reserved number and enum numbers shared without allow_alias', () => {
      expect(parseError('syntax = "proto3";\nmessage M { reserved 2 to 4; int32 a = 3; }', 'new').message).toMatch(/reserved|Field number 3/);
      expect(parseError('syntax = "proto3";\nenum E { A = 0; B = 0; }', 'new').message).toMatch(/duplicate id 0|share number 0/);
      expect(() => sut.parse('syntax = "proto3";\nenum E { option allow_alias = true; A = 0; B = 0; }', [], { mode: 'new' })).not.toThrow();
    });

    it('reads an edition file and keeps its edition', () => {
      const schema = sut.parse('edition = "2023";\npackage e;\nmessage M {\n  int32 x = 1;\n  repeated string tags = 2;\n}', [], { mode: 'new' });
      expect(schema.canonical).toBe('edition = "2023";\npackage e;\n\nmessage M {\n  int32 x = 1;\n  repeated string tags = 2;\n}\n');
      expect(sut.normalize(schema)).toContain('edition = "2023";\n');
    });

    it('rejects an empty schema', () => {
      expect(parseError('  \n', 'new').message).toBe('Empty Protobuf schema');
    });

    it('resolves every built-in file without a reference', () => {
      for (const name of WELL_KNOWN_PROTOS.keys()) {
        expect(() => sut.parse(`syntax = "proto3";\nimport "${name}";\nmessage M { int32 a = 1; }`, [], { mode: 'new' })).not.toThrow();
      }
    });

    it('resolves types of the well-known and common Google files and of Confluent\'s files', () => {
      const text = `syntax = "proto3";
import "google/protobuf/timestamp.proto";
import "google/protobuf/struct.proto";
import "google/type/money.proto";
import "confluent/type/decimal.proto";
message M {
  google.protobuf.Timestamp at = 1;
  google.protobuf.Struct extra = 2;
  google.type.Money price = 3;
  confluent.type.Decimal amount = 4;
}`;
      expect(() => sut.parse(text, [], { mode: 'new' })).not.toThrow();
    });

    it('resolves imports through references, and their imports through nested references', () => {
      const base = reference('base.proto', 'syntax = "proto3";\npackage base;\nmessage Id { string v = 1; }');
      const mid = reference('mid.proto', 'syntax = "proto3";\npackage mid;\nimport "base.proto";\nmessage Ref { base.Id id = 1; }', [base]);
      const schema = sut.parse('syntax = "proto3";\nimport "mid.proto";\nmessage M { mid.Ref r = 1; base.Id id = 2; }', [mid], { mode: 'new' });
      expect(schema.references).toEqual([mid]);
    });

    it('names an import that neither a reference nor a built-in file provides', () => {
      const error = parseError('syntax = "proto3";\nimport "missing/thing.proto";\nmessage M { int32 a = 1; }', 'new');
      expect(error.message).toContain("Import 'missing/thing.proto'");
    });

    it('names the reference whose own import is missing', () => {
      const broken = reference('broken.proto', 'syntax = "proto3";\nimport "gone.proto";\nmessage B { int32 a = 1; }');
      const error = parseError('syntax = "proto3";\nimport "broken.proto";\nmessage M { int32 a = 1; }', 'new', [broken]);
      expect(error.message).toContain("Import 'gone.proto' of reference 'broken.proto'");
    });

    it('names a reference that does not parse', () => {
      const broken = reference('broken.proto', 'syntax = "proto3";\nmessage {');
      expect(parseError('syntax = "proto3";\nimport "broken.proto";\nmessage M { int32 a = 1; }', 'stored', [broken]).message).toContain(
        "Invalid reference 'broken.proto'",
      );
    });

    it('rejects a type reference that resolves nowhere, with its position', () => {
      const error = parseError('syntax = "proto3";\nmessage M {\n  int32 a = 1;\n  Missing b = 2;\n}', 'new');
      expect(error).toMatchObject({ line: 4, column: 3 });
      expect(error.message).toContain("Could not resolve type 'Missing' of field 'M.b'");
    });

    it('checks map value, rpc and extendee types of a new schema', () => {
      expect(parseError('syntax = "proto3";\nmessage M { map<string, Nope> m = 1; }', 'new').message).toContain("'Nope'");
      expect(parseError('syntax = "proto3";\nmessage M {}\nservice S { rpc R (M) returns (Nope); }', 'new').message).toContain("'Nope'");
      expect(parseError('syntax = "proto2";\nextend Nope { optional int32 x = 100; }', 'new').message).toContain("'Nope'");
    });

    it('parses a stored schema leniently: unknown types and imports are accepted', () => {
      expect(() => sut.parse('syntax = "proto3";\nimport "gone.proto";\nmessage M { Missing a = 1; }', [], { mode: 'stored' })).not.toThrow();
    });

    it('keeps a deep schema within protoc\'s nesting limit for new ones and follows it further for stored ones', () => {
      const nested = (depth: number): string => `syntax = "proto3";\n${'message M {\n'.repeat(depth)}int32 x = 1;\n${'}\n'.repeat(depth)}`;
      expect(() => sut.parse(nested(32), [], { mode: 'new' })).not.toThrow();
      expect(parseError(nested(40), 'new').message).toBe('max depth exceeded');
      const deep = sut.parse(nested(150), [], { mode: 'stored' });
      expect(sut.diff(deep, deep, 'STRICT')).toEqual([]);
      expect(sut.normalize(deep)).toContain('int32 x = 1;');
    });

    it('reads a schema given as a base64 FileDescriptorProto, as Confluent does', () => {
      const original = sut.parse('syntax = "proto3";\npackage p;\nmessage A { string s = 1; repeated int32 n = 2; optional bool b = 3; }', [], {
        mode: 'new',
      });
      const fromDescriptor = sut.parse(sut.format!(original, 'serialized')!, [], { mode: 'new' });
      expect(fromDescriptor.canonical).toBe(
        'syntax = "proto3";\npackage p;\n\nmessage A {\n  string s = 1;\n  repeated int32 n = 2;\n  optional bool b = 3;\n}\n',
      );
    });
  });

  describe('a schema read from its descriptor', () => {
    const text = 'syntax = "proto3";\npackage p;\nmessage A {\n  map<string, B> items = 1;\n}\nmessage B {\n  int32 x = 1;\n}\n';

    it('keeps map entry messages as Confluent does, yet normalizes and diffs like the text it came from', () => {
      const fromText = sut.parse(text, [], { mode: 'new' });
      const fromDescriptor = sut.parse(sut.format!(fromText, 'serialized')!, [], { mode: 'new' });
      expect(fromDescriptor.canonical).toContain('  repeated .p.A.ItemsEntry items = 1;\n');
      expect(fromDescriptor.canonical).toContain('    option map_entry = true;\n');
      expect(sut.normalize(fromDescriptor)).toBe(sut.normalize(fromText));
      expect(sut.diff(fromText, fromDescriptor, 'STRICT')).toEqual([]);
      expect(sut.diff(fromDescriptor, fromText, 'STRICT')).toEqual([]);
    });
  });

  describe('canonical', () => {
    it('is Confluent\'s canonical text and the same for the same schema however written', () => {
      const a = sut.parse('syntax="proto3";package p;message M{string a=1;}', [], { mode: 'new' });
      const b = sut.parse('syntax = "proto3";\n\npackage p;\n\n// comment\nmessage M {\n    string a = 1;\n}\n', [], { mode: 'new' });
      expect(a.canonical).toBe('syntax = "proto3";\npackage p;\n\nmessage M {\n  string a = 1;\n}\n');
      expect(b.canonical).toBe(a.canonical);
    });
  });

  describe('normalize', () => {
    it('is Confluent\'s normalized text', () => {
      const schema = sut.parse('syntax = "proto3";\npackage p;\nmessage M { N n = 2; string a = 1; message N {} }', [], { mode: 'new' });
      expect(sut.normalize(schema)).toBe(
        'syntax = "proto3";\npackage p;\n\nmessage M {\n  string a = 1;\n  .p.M.N n = 2;\n\n  message N {}\n}\n',
      );
    });
  });

  describe('format', () => {
    const text = `syntax = "proto3";
package shop;
import "confluent/meta.proto";
import "google/protobuf/timestamp.proto";
message Order {
  string id = 1;
  string email = 2 [(confluent.field_meta).tags = "PII"];
  map<string, Line> lines = 3;
  google.protobuf.Timestamp at = 4;
  Status status = 5;
  message Line { int64 qty = 1; }
}
enum Status { NEW = 0; }`;

    it('serializes a FileDescriptorProto with resolved types, map entries and Confluent\'s field tags', () => {
      const schema = sut.parse(text, [], { mode: 'new' });
      const file = FileDescriptorProto.toObject(FileDescriptorProto.decode(Buffer.from(sut.format!(schema, 'serialized')!, 'base64')), {
        enums: String,
      });
      expect(file).toMatchObject({
        name: 'default',
        package: 'shop',
        dependency: ['confluent/meta.proto', 'google/protobuf/timestamp.proto'],
        syntax: 'proto3',
      });
      const order = file.messageType[0];
      expect(order.field.map((f: { name: string; type: string; typeName?: string }) => [f.name, f.type, f.typeName])).toEqual([
        ['id', 'TYPE_STRING', undefined],
        ['email', 'TYPE_STRING', undefined],
        ['lines', 'TYPE_MESSAGE', '.shop.Order.LinesEntry'],
        ['at', 'TYPE_MESSAGE', '.google.protobuf.Timestamp'],
        ['status', 'TYPE_ENUM', '.shop.Status'],
      ]);
      expect(order.nestedType.map((n: { name: string }) => n.name)).toEqual(['Line', 'LinesEntry']);
      const roundTrip = sut.parse(sut.format!(schema, 'serialized')!, [], { mode: 'stored' });
      expect(sut.fieldTags!(roundTrip)).toEqual([{ path: 'shop.Order.email', field: 'email', tags: ['PII'] }]);
    });

    it('gives undefined for a format it does not know', () => {
      expect(sut.format!(sut.parse(text, [], { mode: 'new' }), 'resolved')).toBeUndefined();
    });
  });

  describe('fields', () => {
    const text = `syntax = "proto3";
package p;
import "confluent/meta.proto";
message User {
  string ssn = 1 [(confluent.field_meta).tags = "PII", (confluent.field_meta).tags = "SENSITIVE"];
  oneof contact { string email = 2 [(confluent.field_meta) = { tags: ["PII"] }]; string phone = 3; }
  Address address = 4;
  message Address { string street = 1 [(confluent.field_meta) = { doc: "d", tags: "PII" }]; }
}`;
    let schema: ParsedSchema;
    beforeAll(() => {
      schema = sut.parse(text, [], { mode: 'new' });
    });

    it('lists the tags of Confluent\'s field options in both spellings', () => {
      expect(sut.fieldTags!(schema)).toEqual([
        { path: 'p.User.ssn', field: 'ssn', tags: ['PII', 'SENSITIVE'] },
        { path: 'p.User.contact.email', field: 'email', tags: ['PII'] },
        { path: 'p.User.Address.street', field: 'street', tags: ['PII'] },
      ]);
    });

    it('lists every field with its path, oneof members and nested messages included', () => {
      expect(sut.fieldNames!(schema)).toEqual([
        { path: 'p.User.ssn', name: 'ssn' },
        { path: 'p.User.address', name: 'address' },
        { path: 'p.User.contact.email', name: 'email' },
        { path: 'p.User.contact.phone', name: 'phone' },
        { path: 'p.User.Address.street', name: 'street' },
      ]);
    });
  });

  it('refuses a schema of another format', () => {
    const foreign: ParsedSchema = { schemaType: 'AVRO', canonical: '"string"', references: [] };
    expect(() => sut.normalize(foreign)).toThrow(TypeError);
  });
});
