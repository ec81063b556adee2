import { SchemaParseError } from '../schema-provider';
import type { MessageElement } from './proto-elements';
import { MAX_NESTING_DEPTH, parseProto as sut } from './proto-parser';

function message(text: string, index = 0): MessageElement {
  const type = sut(text).types[index];
  if (type.kind !== 'message') throw new Error('not a message');
  return type;
}

function errorOf(text: string): SchemaParseError {
  try {
    sut(text);
  } catch (error) {
    if (error instanceof SchemaParseError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('proto parser', () => {
  it('reads the file header: syntax, package, plain, public and weak imports, options', () => {
    const file = sut(
      'syntax = "proto3";\npackage a.b;\nimport "x.proto";\nimport public "y.proto";\nimport weak "z.proto";\noption java_package = "com.a";\n',
    );
    expect(file).toMatchObject({
      syntax: 'proto3',
      packageName: 'a.b',
      imports: ['x.proto'],
      publicImports: ['y.proto'],
      weakImports: ['z.proto'],
      options: [{ name: 'java_package', parenthesized: false, value: { kind: 'STRING', value: 'com.a' } }],
    });
  });

  it('reads an edition in place of a syntax', () => {
    expect(sut('edition = "2023";\nmessage M { int32 x = 1; }')).toMatchObject({ edition: '2023', syntax: undefined });
  });

  it('keeps fields, oneofs, groups and nested types apart, as Wire does', () => {
    const m = message(
      'syntax = "proto2";\nmessage M {\n  optional int32 a = 1;\n  oneof o { string b = 2; }\n  message N { optional int32 c = 1; }\n  optional group G = 3 { optional int32 d = 4; }\n  enum E { Z = 0; }\n}',
    );
    expect(m.fields.map((f) => f.name)).toEqual(['a']);
    expect(m.oneOfs.map((o) => [o.name, o.fields.map((f) => f.name)])).toEqual([['o', ['b']]]);
    expect(m.groups.map((g) => [g.label, g.name, g.tag])).toEqual([['optional', 'G', 3]]);
    expect(m.nestedTypes.map((t) => `${t.kind}:${t.name}`)).toEqual(['message:N', 'enum:E']);
  });

  it('keeps a label only where one is written', () => {
    const m = message('syntax = "proto3";\nmessage M { int32 a = 1; optional int32 b = 2; repeated int32 c = 3; oneof o { int32 d = 4; } }');
    expect([...m.fields, ...m.oneOfs[0].fields].map((f) => f.label)).toEqual([undefined, 'optional', 'repeated', undefined]);
  });

  it('spells map types as Wire does, whatever the spacing', () => {
    expect(message('syntax = "proto3";\nmessage M { map < string ,  int32 > m = 1; }').fields[0].type).toBe('map<string, int32>');
  });

  it('takes default and json_name out of the field options', () => {
    const [field] = message('syntax = "proto2";\nmessage M { optional int32 a = 1 [default = 5, deprecated = true, json_name = "A"]; }').fields;
    expect(field).toMatchObject({ defaultValue: '5', jsonName: 'A', options: [{ name: 'deprecated' }] });
  });

  it('reads option values of every kind, keeping number literals as written', () => {
    const file = sut(
      'syntax = "proto3";\noption (a).b = 1.50;\noption (c) = { s: "x" n: 0x1F e: FOO t: true l: [1, 2] m { k: "v" } r: "1" r: "2" };\n',
    );
    expect(file.options[0]).toEqual({
      name: 'a',
      parenthesized: true,
      value: { kind: 'OPTION', option: { name: 'b', parenthesized: false, value: { kind: 'NUMBER', value: '1.50' } } },
    });
    expect(file.options[1].value).toEqual({
      kind: 'MAP',
      entries: [
        ['s', { kind: 'STRING', value: 'x' }],
        ['n', { kind: 'NUMBER', value: '0x1F' }],
        ['e', { kind: 'ENUM', value: 'FOO' }],
        ['t', { kind: 'BOOLEAN', value: 'true' }],
        ['l', { kind: 'LIST', items: [{ kind: 'NUMBER', value: '1' }, { kind: 'NUMBER', value: '2' }] }],
        ['m', { kind: 'MAP', entries: [['k', { kind: 'STRING', value: 'v' }]] }],
        ['r', { kind: 'LIST', items: [{ kind: 'STRING', value: '1' }, { kind: 'STRING', value: '2' }] }],
      ],
    });
  });

  it('decodes escapes and joins adjacent string literals', () => {
    expect(sut('syntax = "proto3";\noption o = "a\\n\\x41\\101" \'b\';').options[0].value).toEqual({ kind: 'STRING', value: 'a\nAAb' });
  });

  it('reads reserved numbers, ranges to max and names, and extension ranges', () => {
    const m = message('syntax = "proto2";\nmessage M { reserved 1, 3 to 5, 9 to max; reserved "a", \'b\'; extensions 100 to 199; }');
    expect(m.reserveds.map((r) => r.values)).toEqual([[1, { start: 3, end: 5 }, { start: 9, end: 536870911 }], ['a', 'b']]);
    expect(m.extensions.map((e) => e.values)).toEqual([[{ start: 100, end: 199 }]]);
  });

  it('reads services with streaming rpcs and rpc options', () => {
    const [service] = sut(
      'syntax = "proto3";\nmessage A {}\nservice S { option deprecated = true; rpc Get (stream A) returns (A) { option deprecated = true; } rpc Put (A) returns (stream A); }',
    ).services;
    expect(service.rpcs.map((r) => [r.name, r.requestStreaming, r.responseStreaming, r.options.length])).toEqual([
      ['Get', true, false, 1],
      ['Put', false, true, 0],
    ]);
    expect(service.options).toHaveLength(1);
  });

  it('reads extend blocks at file and message level', () => {
    const file = sut('syntax = "proto2";\nextend Foo { optional int32 x = 100; }\nmessage M { extend Foo { optional int32 y = 101; } }');
    expect(file.extendDeclarations.map((e) => [e.name, e.fields[0].name])).toEqual([['Foo', 'x']]);
    expect(message('syntax = "proto2";\nmessage M { extend Foo { optional int32 y = 101; } }').extendDeclarations[0].fields[0].name).toBe('y');
  });

  it('accepts stray semicolons and comments anywhere', () => {
    const m = message('// lead\nsyntax = "proto3"; /* block */\nmessage M { ; int32 a = 1; // trailing\n};\n;');
    expect(m.fields).toHaveLength(1);
  });

  it('reports the line and column of a syntax error', () => {
    const error = errorOf('syntax = "proto3";\nmessage M {\n  int32 a 1;\n}');
    expect(error).toMatchObject({ line: 3, column: 11 });
    expect(error.message).toBe("expected '=' but was '1' (line 3, column 11)");
  });

  it('rejects a proto2 field without a label, as Wire does', () => {
    expect(errorOf('syntax = "proto2";\nmessage M {\n  int32 a = 1;\n}')).toMatchObject({ message: 'unexpected label: int32 (line 3, column 3)' });
  });

  it('rejects a syntax statement that is not the first declaration', () => {
    expect(errorOf('package a;\nsyntax = "proto3";').message).toContain("'syntax' element must be the first declaration");
  });

  it('reports an unterminated message at the end of the text', () => {
    expect(errorOf('syntax = "proto3";\nmessage M {\n  int32 a = 1;\n')).toMatchObject({ line: 4, column: 1 });
  });

  it('follows deep nesting up to its limit and fails cleanly beyond it', () => {
    const nested = (depth: number): string => `syntax = "proto3";\n${'message M {\n'.repeat(depth)}int32 x = 1;\n${'}\n'.repeat(depth)}`;
    expect(() => sut(nested(MAX_NESTING_DEPTH))).not.toThrow();
    expect(errorOf(nested(50_000)).message).toContain(`nesting deeper than ${MAX_NESTING_DEPTH} levels`);
    expect(errorOf(`syntax = "proto3";\noption (o) = ${'{ a: '.repeat(50_000)}`).message).toContain('nesting deeper than');
  });
});
