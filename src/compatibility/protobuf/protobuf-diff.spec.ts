import { describe as fill, type Difference } from '../difference';
import type { ResolvedReference } from '../schema-provider';
import { COMPATIBLE_CHANGES, PROTOBUF_DIFFERENCE_TYPES } from './protobuf-difference';
import { ProtobufProvider } from './protobuf.provider';

const sut = new ProtobufProvider();

function reference(name: string, schema: string, version = 1, subject = name): ResolvedReference {
  return { name, subject, version, schemaType: 'PROTOBUF', schema, references: [] };
}

function diff(
  original: string,
  update: string,
  refs: { original?: ResolvedReference[]; update?: ResolvedReference[] } = {},
): Difference[] {
  const before = sut.parse(original, refs.original ?? [], { mode: 'stored' });
  const after = sut.parse(update, refs.update ?? [], { mode: 'new' });
  return sut.diff(before, after, 'STRICT');
}

function changes(original: string, update: string, refs?: { original?: ResolvedReference[]; update?: ResolvedReference[] }): string[] {
  return diff(original, update, refs)
    .map((d) => `${d.type} ${d.path}`)
    .sort();
}

const proto3 = (body: string): string => `syntax = "proto3";\n${body}`;
const proto2 = (body: string): string => `syntax = "proto2";\n${body}`;

describe('Protobuf diff', () => {
  describe('reports each of Confluent\'s 26 difference types at its path', () => {
    it.each<[string, string, string, string[]]>([
      ['PACKAGE_CHANGED', proto3('package a;\nmessage M { int32 x = 1; }'), proto3('package b;\nmessage M { int32 x = 1; }'), ['PACKAGE_CHANGED #/']],
      ['MESSAGE_ADDED', proto3('message A { int32 x = 1; }'), proto3('message A { int32 x = 1; }\nmessage B { int32 y = 1; }'), ['MESSAGE_ADDED #/B']],
      ['MESSAGE_REMOVED', proto3('message A { int32 x = 1; }\nmessage B { int32 y = 1; }'), proto3('message A { int32 x = 1; }'), ['MESSAGE_REMOVED #/B']],
      [
        'MESSAGE_MOVED',
        proto3('message A { int32 x = 1; }\nmessage B { int32 y = 1; }'),
        proto3('message B { int32 y = 1; }\nmessage A { int32 x = 1; }'),
        ['MESSAGE_MOVED #/A', 'MESSAGE_MOVED #/B'],
      ],
      ['ENUM_ADDED', proto3('message A { int32 x = 1; }'), proto3('message A { int32 x = 1; }\nenum E { Z = 0; }'), ['ENUM_ADDED #/E']],
      ['ENUM_REMOVED', proto3('message A { int32 x = 1; }\nenum E { Z = 0; }'), proto3('message A { int32 x = 1; }'), ['ENUM_REMOVED #/E']],
      ['ENUM_CONST_ADDED', proto3('enum E { Z = 0; }'), proto3('enum E { Z = 0; ONE = 1; }'), ['ENUM_CONST_ADDED #/E/1']],
      ['ENUM_CONST_CHANGED', proto3('enum E { Z = 0; ONE = 1; }'), proto3('enum E { Z = 0; UNO = 1; }'), ['ENUM_CONST_CHANGED #/E/1']],
      ['ENUM_CONST_REMOVED', proto3('enum E { Z = 0; ONE = 1; }'), proto3('enum E { Z = 0; }'), ['ENUM_CONST_REMOVED #/E/1']],
      ['FIELD_ADDED', proto3('message A { int32 x = 1; }'), proto3('message A { int32 x = 1; string y = 2; }'), ['FIELD_ADDED #/A/2']],
      ['FIELD_REMOVED', proto3('message A { int32 x = 1; string y = 2; }'), proto3('message A { int32 x = 1; }'), ['FIELD_REMOVED #/A/2']],
      ['FIELD_NAME_CHANGED', proto3('message A { int32 x = 1; }'), proto3('message A { int32 renamed = 1; }'), ['FIELD_NAME_CHANGED #/A/1']],
      [
        'FIELD_KIND_CHANGED',
        proto3('message A { int32 x = 1; }'),
        proto3('message A { B x = 1; }\nmessage B { int32 y = 1; }'),
        ['FIELD_KIND_CHANGED #/A/1', 'MESSAGE_ADDED #/B'],
      ],
      ['FIELD_SCALAR_KIND_CHANGED', proto3('message A { int32 x = 1; }'), proto3('message A { sint32 x = 1; }'), ['FIELD_SCALAR_KIND_CHANGED #/A/1']],
      [
        'FIELD_NAMED_TYPE_CHANGED',
        proto3('message A { B x = 1; }\nmessage B { int32 y = 1; }\nmessage C { int32 y = 1; }'),
        proto3('message A { C x = 1; }\nmessage B { int32 y = 1; }\nmessage C { int32 y = 1; }'),
        ['FIELD_NAMED_TYPE_CHANGED #/A/1'],
      ],
      [
        'FIELD_NUMERIC_LABEL_CHANGED',
        proto2('message A { optional int32 x = 1; }'),
        proto2('message A { repeated int32 x = 1; }'),
        ['FIELD_NUMERIC_LABEL_CHANGED #/A/1'],
      ],
      [
        'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
        proto2('message A { optional bytes x = 1; }'),
        proto2('message A { repeated bytes x = 1; }'),
        ['FIELD_STRING_OR_BYTES_LABEL_CHANGED #/A/1'],
      ],
      [
        'REQUIRED_FIELD_ADDED',
        proto2('message A { optional int32 x = 1; }'),
        proto2('message A { optional int32 x = 1; required int32 y = 2; }'),
        ['REQUIRED_FIELD_ADDED #/A/2'],
      ],
      [
        'REQUIRED_FIELD_REMOVED',
        proto2('message A { optional int32 x = 1; required int32 y = 2; }'),
        proto2('message A { optional int32 x = 1; }'),
        ['REQUIRED_FIELD_REMOVED #/A/2'],
      ],
      ['ONEOF_ADDED', proto3('message A { int32 x = 1; }'), proto3('message A { oneof o { int32 x = 1; } }'), ['ONEOF_ADDED #/A/o']],
      [
        'ONEOF_REMOVED',
        proto3('message A { oneof o { int32 x = 1; } }'),
        proto3('message A { int32 y = 2; }'),
        ['FIELD_ADDED #/A/2', 'ONEOF_REMOVED #/A/o'],
      ],
      [
        'ONEOF_FIELD_ADDED',
        proto3('message A { oneof o { int32 x = 1; } }'),
        proto3('message A { oneof o { int32 x = 1; string y = 3; } }'),
        ['ONEOF_FIELD_ADDED #/A/o/3'],
      ],
      [
        'ONEOF_FIELD_REMOVED',
        proto3('message A { oneof o { int32 x = 1; string y = 2; } }'),
        proto3('message A { oneof o { int32 x = 1; } }'),
        ['ONEOF_FIELD_REMOVED #/A/o/2'],
      ],
      [
        'ONEOF_FIELD_MOVED_TO_TOP_LEVEL',
        proto3('message A { oneof o { int32 x = 1; string y = 2; } }'),
        proto3('message A { oneof o { int32 x = 1; } string y = 2; }'),
        ['ONEOF_FIELD_MOVED_TO_TOP_LEVEL #/A/2'],
      ],
      [
        'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
        proto3('message A { int32 x = 1; string y = 2; }'),
        proto3('message A { oneof o { int32 x = 1; string y = 2; } }'),
        ['MULTIPLE_FIELDS_MOVED_TO_ONEOF #/A/o', 'ONEOF_ADDED #/A/o'],
      ],
      [
        'FIELD_MOVED_TO_EXISTING_ONEOF',
        proto3('message A { int32 x = 1; oneof o { string y = 2; } }'),
        proto3('message A { oneof o { int32 x = 1; string y = 2; } }'),
        ['FIELD_MOVED_TO_EXISTING_ONEOF #/A/o'],
      ],
    ])('%s', (_type, original, update, expected) => {
      expect(changes(original, update)).toEqual([...expected].sort());
    });

    it('knows all 26 types, 15 of them compatible as in Confluent\'s COMPATIBLE_CHANGES', () => {
      expect(PROTOBUF_DIFFERENCE_TYPES).toHaveLength(26);
      expect(COMPATIBLE_CHANGES.size).toBe(15);
    });
  });

  it('classifies every difference with Confluent\'s compatible set, whatever the policy', () => {
    const original = proto3('package a;\nmessage A { int32 x = 1; string s = 2; }');
    const update = proto3('package b;\nmessage A { string x = 1; int32 t = 3; }');
    const before = sut.parse(original, [], { mode: 'stored' });
    const after = sut.parse(update, [], { mode: 'new' });
    for (const policy of ['STRICT', 'LENIENT', 'LOGICAL'] as const) {
      const found = sut.diff(before, after, policy);
      expect(found.map((d) => [d.type, d.compatible])).toEqual(
        found.map((d) => [d.type, COMPATIBLE_CHANGES.has(d.type as never)]),
      );
    }
  });

  it('describes an incompatible difference in Confluent\'s words, new and old filled in', () => {
    const [difference] = diff(proto3('message A { int32 x = 1; }'), proto3('message A { string x = 1; }'));
    expect(fill(difference, 'new', 'old')).toBe(
      "The kind of a SCALAR field at path '#/A/1' in the new schema does not match its kind in the old schema",
    );
    expect(difference.compatible).toBe(false);
  });

  it('keeps Confluent\'s double space in the REQUIRED_FIELD_ADDED description', () => {
    const [difference] = diff(proto2('message A { optional int32 x = 1; }'), proto2('message A { optional int32 x = 1; required int32 y = 2; }'));
    expect(fill(difference, 'new', 'old')).toBe("A required field  at path '#/A/2' in the new schema is missing in the old schema");
  });

  it('paths nested messages by their enclosing names', () => {
    expect(
      changes(
        proto3('message Outer { message Inner { int32 x = 1; } Inner i = 1; }'),
        proto3('message Outer { message Inner { int32 x = 1; string y = 2; } Inner i = 1; }'),
      ),
    ).toEqual(['FIELD_ADDED #/Outer/Inner/2']);
  });

  it('compares a field moved into a new oneof where it now is', () => {
    expect(changes(proto3('message A { int32 x = 1; int32 y = 2; }'), proto3('message A { int32 x = 1; oneof o { string y = 2; } }'))).toEqual([
      'FIELD_SCALAR_KIND_CHANGED #/A/o/2',
      'ONEOF_ADDED #/A/o',
    ]);
  });

  it('treats an enum like the integer scalars and a label on only one side as no label change', () => {
    expect(
      changes(proto3('message A { int32 x = 1; int64 y = 2; }'), proto3('message A { E x = 1; repeated int64 y = 2; }\nenum E { Z = 0; }')),
    ).toEqual(['ENUM_ADDED #/E']);
  });

  it('resolves relative and fully-qualified names of the same type alike', () => {
    expect(
      changes(
        proto3('package p;\nmessage A { B b = 1; map<string, B> m = 2; }\nmessage B { int32 x = 1; }'),
        proto3('package p;\nmessage A { .p.B b = 1; map<string, p.B> m = 2; }\nmessage B { int32 x = 1; }'),
      ),
    ).toEqual([]);
  });

  describe('types from imports', () => {
    const lib = (type: string): string => proto3(`package lib;\nmessage Point { ${type} x = 1; }`);
    const user = proto3('import "lib.proto";\nmessage A { lib.Point p = 1; }');

    it('reports a change inside an imported type at the type\'s path and at the field using it', () => {
      expect(
        changes(user, user, { original: [reference('lib.proto', lib('int32'), 1)], update: [reference('lib.proto', lib('string'), 2)] }),
      ).toEqual(['FIELD_NAMED_TYPE_CHANGED #/A/1', 'FIELD_SCALAR_KIND_CHANGED #/Point/1']);
    });

    it('does not look into a type imported from the same subject and version on both sides', () => {
      expect(
        changes(user, user, { original: [reference('lib.proto', lib('int32'), 1)], update: [reference('lib.proto', lib('string'), 1)] }),
      ).toEqual([]);
    });

    it('finds no difference in an unchanged well-known type', () => {
      const schema = proto3('import "google/protobuf/timestamp.proto";\nmessage A { google.protobuf.Timestamp at = 1; }');
      expect(changes(schema, schema)).toEqual([]);
    });

    it('ends on messages that refer to themselves through an import', () => {
      const graph = (type: string): string =>
        proto3(`package g;\nmessage Node { Node next = 1; ${type} value = 2; Edge edge = 3; }\nmessage Edge { Node from = 1; Node to = 2; }`);
      const schema = proto3('import "g.proto";\nmessage Root { g.Node node = 1; }');
      const found = changes(schema, schema, {
        original: [reference('g.proto', graph('int32'), 1)],
        update: [reference('g.proto', graph('string'), 2)],
      });
      expect(found).toContain('FIELD_SCALAR_KIND_CHANGED #/Node/2');
      expect(found).toContain('FIELD_NAMED_TYPE_CHANGED #/Root/1');
    });

    it('follows a chain of thousands of imported types without exhausting the stack', () => {
      const length = 3000;
      const chain = (leaf: string): string => {
        let body = 'package c;\n';
        for (let i = 0; i < length; i++) body += `message M${i} { M${i + 1} next = 1; }\n`;
        return proto3(`${body}message M${length} { ${leaf} v = 1; }`);
      };
      const schema = proto3('import "c.proto";\nmessage Root { c.M0 head = 1; }');
      const found = diff(schema, schema, {
        original: [reference('c.proto', chain('int32'), 1)],
        update: [reference('c.proto', chain('string'), 2)],
      });
      expect(found.filter((d) => d.type === 'FIELD_SCALAR_KIND_CHANGED').map((d) => d.path)).toEqual([`#/M${length}/1`]);
      // One per link of the chain, and the root's own field.
      expect(found.filter((d) => d.type === 'FIELD_NAMED_TYPE_CHANGED')).toHaveLength(length + 1);
    });
  });

  it('compares type names that resolve nowhere by their text, without failing', () => {
    const stored = (text: string) => sut.parse(text, [], { mode: 'stored' });
    const unresolved = stored(proto3('message A { bad.Message m = 1; }'));
    expect(sut.diff(unresolved, unresolved, 'STRICT')).toEqual([]);
    const other = stored(proto3('message A { bad.Other m = 1; }'));
    expect(sut.diff(unresolved, other, 'STRICT').map((d) => `${d.type} ${d.path}`)).toEqual(['FIELD_NAMED_TYPE_CHANGED #/A/1']);
  });

  it('finds nothing between a self-referencing schema and itself', () => {
    const schema = proto3('message Node { Node next = 1; repeated Node children = 2; map<string, Node> named = 3; }');
    expect(changes(schema, schema)).toEqual([]);
  });
});
