import { SchemaParseError } from '../schema-provider';
import {
  JsonDouble,
  JsonInteger,
  JsonObject,
  javaDoubleString,
  javaFloatString,
  jsonEquals,
  jsonText,
  parseJavaDouble,
  quoteJson,
  readJson,
} from './avro-json';

describe('readJson', () => {
  const sut = readJson;

  it('keeps integer and floating-point literals apart', () => {
    const value = sut('[1, 1.0, 1e2, 99999999999999999999]') as unknown as { items: unknown[] };
    expect(value.items[0]).toEqual(new JsonInteger(1n));
    expect(value.items[1]).toEqual(new JsonDouble(1));
    expect(value.items[2]).toEqual(new JsonDouble(100));
    expect(value.items[3]).toEqual(new JsonInteger(99999999999999999999n));
  });

  it('lets a repeated member replace the earlier value in its original position', () => {
    const value = sut('{"a":1,"b":2,"a":3}') as JsonObject;
    expect([...value.members.keys()]).toEqual(['a', 'b']);
    expect(jsonText(value)).toBe('{"a":3,"b":2}');
  });

  it('accepts comments inside the document', () => {
    expect(sut('/* head */ {"type": // why\n "int"}')).toBeInstanceOf(JsonObject);
  });

  it('rejects anything after the document, comments included', () => {
    expect(() => sut('{"type":"int"} // trailing')).toThrow(/dangling content after end of schema: \/\/ trailing/);
  });

  it('reports the line and column of a syntax error', () => {
    let caught: unknown;
    try {
      sut('{\n  "type": "record",\n  "fields": [,]\n}');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SchemaParseError);
    expect(caught).toMatchObject({ line: 3, column: 14 });
    expect((caught as Error).message).toMatch(/line 3, column 14/);
  });

  it.each([
    ['leading zeroes', '{"size": 01}', /leading zeroes/],
    ['a trailing comma', '{"a": 1,}', /member name/],
    ['a raw control character in a string', '"a\u0001b"', /control character/],
    ['an unknown escape', '"\\x"', /unrecognized escape/],
    ['an empty text', '   ', /empty/],
    ['a bare word', 'int', /unexpected 'i'/],
  ])('rejects %s', (_label, text, message) => {
    expect(() => sut(text)).toThrow(message);
  });

  it('reads nesting far deeper than the native stack allows', () => {
    const depth = 100_000;
    const value = sut(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(jsonText(value)).toHaveLength(2 * depth);
  });
});

describe('Java number formatting', () => {
  it.each([
    [1, '1.0'],
    [-0, '-0.0'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1234567.5, '1234567.5'],
    [12345678.9, '1.23456789E7'],
    [1e21, '1.0E21'],
    [1.23e-18, '1.23E-18'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
  ])('prints the double %p as Double.toString does (%s)', (value, expected) => {
    expect(javaDoubleString(value)).toBe(expected);
  });

  it.each([
    [0.1, '0.1'],
    [0.3333333333, '0.33333334'],
    [16777217.5, '1.6777218E7'],
    [1e-10, '1.0E-10'],
  ])('prints the float narrowed from %p as Float.toString does (%s)', (value, expected) => {
    expect(javaFloatString(Math.fround(value))).toBe(expected);
  });

  it.each([
    ['NaN', NaN],
    ['-Infinity', -Infinity],
    [' 2e3 ', 2000],
    ['1.5f', 1.5],
    ['.5', 0.5],
    ['0x1p3', 8],
  ])('parses %p as Double.parseDouble does', (text, expected) => {
    expect(parseJavaDouble(text)).toBe(expected);
  });

  it('refuses what Double.parseDouble refuses', () => {
    expect(parseJavaDouble('abc')).toBeUndefined();
    expect(parseJavaDouble('')).toBeUndefined();
  });
});

describe('quoteJson', () => {
  it('escapes as Jackson does: short escapes, upper-case hex, non-ASCII kept', () => {
    expect(quoteJson('tab\t"q"\\ \u0001 é /')).toBe('"tab\\t\\"q\\"\\\\ \\u0001 é /"');
  });
});

describe('jsonEquals', () => {
  it('ignores member order but not number kinds', () => {
    expect(jsonEquals(readJson('{"a":1,"b":[true]}'), readJson('{"b":[true],"a":1}'))).toBe(true);
    expect(jsonEquals(readJson('1'), readJson('1.0'))).toBe(false);
  });
});
