import { JsonSyntaxError, lineColumnOf, MAX_JSON_DEPTH, parseJson, resolvePointer, toPlain } from './json-text';

describe('parseJson', () => {
  const sut = parseJson;

  it('keeps object keys in document order, integer-like keys included', () => {
    const node = sut('{"b":1,"10":2,"a":3,"2":4}');
    expect(node.type === 'object' && [...node.members.keys()]).toEqual(['b', '10', 'a', '2']);
  });

  it('keeps the text of numbers as written', () => {
    const node = sut('[123456789012345678901234567890, 1.10, -0, 1e5, 2.5E-3]');
    expect(node.type === 'array' && node.items.map((i) => i.type === 'number' && i.text)).toEqual([
      '123456789012345678901234567890',
      '1.10',
      '-0',
      '1e5',
      '2.5E-3',
    ]);
  });

  it('keeps the first position and the last value of a repeated key, as Jackson does', () => {
    const node = sut('{"a":1,"b":2,"a":3}');
    expect(node.type === 'object' && [...node.members].map(([k, v]) => [k, v.type === 'number' && v.text])).toEqual([
      ['a', '3'],
      ['b', '2'],
    ]);
  });

  it('decodes escapes, surrogate pairs included', () => {
    const node = sut('"a\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00"');
    expect(node.type === 'string' && node.value).toBe('a"b\\c/d\né😀');
  });

  it('records where each value starts', () => {
    const root = sut('{\n  "a": [true, null]\n}');
    const value = resolvePointer(root, '/a/1');
    expect(value?.type).toBe('null');
    expect(lineColumnOf('{\n  "a": [true, null]\n}', value?.offset ?? -1)).toEqual({ line: 2, column: 15 });
  });

  it.each([
    ['{"a":1,}', 'Expected a property name', 1, 8],
    ['[1,]', 'Trailing comma in array', 1, 4],
    ['{"a" 1}', "Expected ':'", 1, 6],
    ['{\n  "a": 01\n}', 'Leading zeros', 2, 8],
    ['{"a": tru}', 'Unexpected character', 1, 7],
    ['{"a": "x\ny"}', 'Unescaped control character', 1, 9],
    ['{"a": 1} {}', 'after the end of the document', 1, 10],
    ['   ', 'No content', 1, 4],
    ['{"a": [1, 2}', "Expected ',' or ']'", 1, 12],
    ['"abc', 'Unterminated string', 1, 1],
  ])('rejects %j with a message and its line and column', (text, message, line, column) => {
    let error: unknown;
    try {
      sut(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).message).toContain(message);
    expect([(error as JsonSyntaxError).line, (error as JsonSyntaxError).column]).toEqual([line, column]);
  });

  it('counts a CRLF as one line break', () => {
    expect(() => sut('{\r\n"a":}')).toThrow(/line 2, column 5/);
  });

  it(`refuses documents nested deeper than ${MAX_JSON_DEPTH} levels without using the stack`, () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    expect(() => sut(deep)).toThrow(expect.objectContaining({ tooDeep: true, column: MAX_JSON_DEPTH + 1 }));
  });

  it(`accepts exactly ${MAX_JSON_DEPTH} levels`, () => {
    const text = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(sut(text).type).toBe('array');
  });
});

describe('toPlain', () => {
  it('keeps __proto__ as an own key rather than a prototype', () => {
    const sut = toPlain;
    const plain = sut(parseJson('{"__proto__":{"x":1},"n":1.5}')) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['__proto__', 'n']);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(plain['n']).toBe(1.5);
  });
});

describe('resolvePointer', () => {
  it('follows escaped tokens and array indexes', () => {
    const sut = resolvePointer;
    const root = parseJson('{"a/b":{"c~d":[0,{"e":true}]}}');
    expect(sut(root, '/a~1b/c~0d/1/e')?.type).toBe('boolean');
    expect(sut(root, '/a~1b/c~0d/01')).toBeUndefined();
    expect(sut(root, '')).toBe(root);
  });
});
