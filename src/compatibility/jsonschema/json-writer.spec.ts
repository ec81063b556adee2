import { Decimal } from './json-decimal';
import { parseJson } from './json-text';
import { formatJsonNumber, quoteJsonString, writeJson } from './json-writer';

describe('writeJson', () => {
  const sut = (text: string, sortKeys = false): string => writeJson(parseJson(text), { sortKeys });

  it('writes compactly in document order (canonical form)', () => {
    expect(sut('{ "type" : "object",\n "properties": { "b": {}, "a": [ 1, true, null ] } }')).toBe(
      '{"type":"object","properties":{"b":{},"a":[1,true,null]}}',
    );
  });

  it('sorts the keys of every object and keeps array order (normalized form)', () => {
    expect(sut('{"z":{"y":1,"x":[{"b":1,"a":2}]},"a":0}', true)).toBe('{"a":0,"z":{"x":[{"a":2,"b":1}],"y":1}}');
  });

  it('sorts keys by UTF-16 code units, as Java does', () => {
    expect(sut('{"b":1,"B":2,"é":3,"a":4,"😀":5,"￿":6}', true)).toBe('{"B":2,"a":4,"b":1,"é":3,"😀":5,"￿":6}');
  });

  it('writes deep documents without using the stack', () => {
    const depth = 1000;
    const text = '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
    expect(sut(text)).toBe(text);
    expect(sut(text, true)).toBe(text);
  });
});

describe('formatJsonNumber', () => {
  const sut = formatJsonNumber;

  it.each([
    ['123456789012345678901234567890', '123456789012345678901234567890'],
    ['-9007199254740993', '-9007199254740993'],
    ['-0', '0'],
    ['1.10', '1.10'],
    ['0.0', '0.0'],
    ['-0.0', '0.0'],
    ['1e5', '1E+5'],
    ['1.5E3', '1.5E+3'],
    ['123.456e2', '12345.6'],
    ['0.000001', '0.000001'],
    ['0.0000001', '1E-7'],
    ['1.0e-10', '1.0E-10'],
    ['0e5', '0E+5'],
    ['3.14159265358979323846264338327950288', '3.14159265358979323846264338327950288'],
  ])('writes %s as Jackson writes an exact BigDecimal: %s', (text, expected) => {
    expect(sut(text)).toBe(expected);
  });
});

describe('quoteJsonString', () => {
  it('escapes like Jackson: short escapes, \\u00XX upper-case for other control characters, nothing else', () => {
    const sut = quoteJsonString;
    expect(sut('a"b\\c\n\t\b\f\r\u0001\u001f/é\u2028')).toBe('"a\\"b\\\\c\\n\\t\\b\\f\\r\\u0001\\u001F/é\u2028"');
  });
});

describe('Decimal', () => {
  it('compares values beyond double precision exactly', () => {
    const sut = Decimal.parse('9007199254740993');
    expect(sut.compare(Decimal.parse('9007199254740992'))).toBe(1);
    expect(sut.equals(Decimal.parse('9007199254740993.0'))).toBe(true);
  });

  it('judges multiples exactly, fractional steps included', () => {
    const sut = Decimal.parse('10');
    expect(sut.isMultipleOf(Decimal.parse('0.5'))).toBe(true);
    expect(Decimal.parse('0.3').isMultipleOf(Decimal.parse('0.1'))).toBe(true);
    expect(Decimal.parse('0.5').isMultipleOf(Decimal.parse('10'))).toBe(false);
    expect(sut.isMultipleOf(Decimal.parse('0'))).toBe(false);
  });
});
