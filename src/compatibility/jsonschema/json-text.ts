/**
 * A JSON document tree that keeps what `JSON.parse` throws away and Confluent keeps: the
 * textual form of numbers (Jackson reads them as exact BigDecimals/BigIntegers), the order of
 * object keys as written (JS objects move integer-like keys to the front), and the offset of
 * every value (so errors can name a line and column).
 *
 * The parser is iterative, so nesting depth costs heap rather than stack; documents deeper
 * than {@link MAX_JSON_DEPTH} are refused before anything recursive sees them.
 */

/** Deepest nesting of arrays/objects accepted in a schema document. Documented in the README of this folder. */
export const MAX_JSON_DEPTH = 1000;

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

export interface JsonObject {
  readonly type: 'object';
  /** Insertion order as written; a repeated key keeps its first position and its last value (as Jackson does). */
  readonly members: Map<string, JsonNode>;
  readonly offset: number;
}

export interface JsonArray {
  readonly type: 'array';
  readonly items: JsonNode[];
  readonly offset: number;
}

export interface JsonString {
  readonly type: 'string';
  readonly value: string;
  readonly offset: number;
}

export interface JsonNumber {
  readonly type: 'number';
  /** The number exactly as written in the source. */
  readonly text: string;
  readonly offset: number;
}

export interface JsonBoolean {
  readonly type: 'boolean';
  readonly value: boolean;
  readonly offset: number;
}

export interface JsonNull {
  readonly type: 'null';
  readonly offset: number;
}

/** A syntax error (or a document nested too deep) with its place in the text (1-based line and column). */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    readonly tooDeep = false,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** 1-based line and column of `offset` in `text` (a CRLF counts as one line break). */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x0d) {
      if (text.charCodeAt(i + 1) !== 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
  }
  return { line, column: end - lineStart + 1 };
}

interface OpenObject {
  readonly node: JsonObject;
  key: string | undefined;
}

type Frame = OpenObject | JsonArray;

/**
 * Parses strict JSON (RFC 8259): no comments, no trailing commas, no leading zeros, nothing
 * after the root value.
 */
export function parseJson(text: string, maxDepth: number = MAX_JSON_DEPTH): JsonNode {
  const fail = (message: string, at: number, tooDeep = false): never => {
    const { line, column } = lineColumnOf(text, at);
    throw new JsonSyntaxError(`${message} at line ${line}, column ${column}`, at, line, column, tooDeep);
  };
  const describeAt = (at: number): string =>
    at >= text.length ? 'end of input' : `character ${JSON.stringify(text[at])}`;

  let pos = 0;
  const skipWhitespace = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };

  const readString = (): string => {
    const start = pos;
    pos++; // opening quote
    let out = '';
    let chunkStart = pos;
    for (;;) {
      if (pos >= text.length) fail('Unterminated string', start);
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(chunkStart, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail('Unescaped control character in string', pos);
      if (c === 0x5c) {
        out += text.slice(chunkStart, pos);
        const e = text[pos + 1];
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = text.slice(pos + 2, pos + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\u escape in string', pos);
            out += String.fromCharCode(parseInt(hex, 16));
            pos += 4;
            break;
          }
          default:
            fail('Invalid escape in string', pos);
        }
        pos += 2;
        chunkStart = pos;
        continue;
      }
      pos++;
    }
  };

  const readNumber = (): JsonNumber => {
    const start = pos;
    if (text[pos] === '-') pos++;
    if (text[pos] === '0') {
      pos++;
      if (isDigit(text.charCodeAt(pos))) fail('Leading zeros are not allowed in numbers', start);
    } else if (isDigit(text.charCodeAt(pos))) {
      while (isDigit(text.charCodeAt(pos))) pos++;
    } else {
      fail(`Unexpected ${describeAt(pos)}`, pos);
    }
    if (text[pos] === '.') {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) fail('Expected a digit after the decimal point', pos);
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos++;
      if (text[pos] === '+' || text[pos] === '-') pos++;
      if (!isDigit(text.charCodeAt(pos))) fail('Expected a digit in the exponent', pos);
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    return { type: 'number', text: text.slice(start, pos), offset: start };
  };

  const readLiteral = (word: 'true' | 'false' | 'null'): JsonNode => {
    const start = pos;
    if (text.startsWith(word, pos)) {
      pos += word.length;
      if (word === 'null') return { type: 'null', offset: start };
      return { type: 'boolean', value: word === 'true', offset: start };
    }
    return fail(`Unexpected ${describeAt(pos)}`, pos);
  };

  const stack: Frame[] = [];
  let root: JsonNode | undefined;

  // Attaches a finished value to its parent (or makes it the root).
  const attach = (value: JsonNode): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) root = value;
    else if ('type' in top) top.items.push(value);
    else {
      top.node.members.set(top.key as string, value);
      top.key = undefined;
    }
  };

  // `expectValue` is true where a value must come next; otherwise a separator or a closer.
  let expectValue = true;
  skipWhitespace();
  if (pos >= text.length) fail('No content: the schema text is empty', pos);
  for (;;) {
    skipWhitespace();
    const top = stack[stack.length - 1];
    if (expectValue) {
      const c = text[pos];
      if (c === '{' || c === '[') {
        if (stack.length >= maxDepth) fail(`Nesting deeper than ${maxDepth} levels (the limit)`, pos, true);
        const offset = pos;
        pos++;
        skipWhitespace();
        if (c === '{') {
          const frame: OpenObject = { node: { type: 'object', members: new Map(), offset }, key: undefined };
          if (text[pos] === '}') {
            pos++;
            attach(frame.node);
            expectValue = false;
          } else {
            stack.push(frame);
            if (text[pos] !== '"') fail(`Expected a property name but found ${describeAt(pos)}`, pos);
            frame.key = readString();
            skipWhitespace();
            if (text[pos] !== ':') fail(`Expected ':' but found ${describeAt(pos)}`, pos);
            pos++;
          }
        } else {
          const node: JsonArray = { type: 'array', items: [], offset };
          if (text[pos] === ']') {
            pos++;
            attach(node);
            expectValue = false;
          } else {
            stack.push(node);
          }
        }
        continue;
      }
      if (c === '"') {
        const offset = pos;
        attach({ type: 'string', value: readString(), offset });
      } else if (c === 't') attach(readLiteral('true'));
      else if (c === 'f') attach(readLiteral('false'));
      else if (c === 'n') attach(readLiteral('null'));
      else if (c === '-' || (c !== undefined && isDigit(c.charCodeAt(0)))) attach(readNumber());
      else fail(`Unexpected ${describeAt(pos)}`, pos);
      expectValue = false;
      continue;
    }
    if (top === undefined) break;
    const c = text[pos];
    if ('type' in top) {
      if (c === ',') {
        pos++;
        expectValue = true;
        skipWhitespace();
        if (text[pos] === ']') fail('Trailing comma in array', pos);
      } else if (c === ']') {
        pos++;
        stack.pop();
        attach(top);
      } else fail(`Expected ',' or ']' but found ${describeAt(pos)}`, pos);
    } else if (c === ',') {
      pos++;
      skipWhitespace();
      if (text[pos] !== '"') fail(`Expected a property name but found ${describeAt(pos)}`, pos);
      top.key = readString();
      skipWhitespace();
      if (text[pos] !== ':') fail(`Expected ':' but found ${describeAt(pos)}`, pos);
      pos++;
      expectValue = true;
    } else if (c === '}') {
      pos++;
      stack.pop();
      attach(top.node);
    } else fail(`Expected ',' or '}' but found ${describeAt(pos)}`, pos);
  }
  skipWhitespace();
  if (pos < text.length) fail(`Unexpected ${describeAt(pos)} after the end of the document`, pos);
  return root as JsonNode;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The member `key` of `node` when `node` is an object. */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.type === 'object' ? node.members.get(key) : undefined;
}

/** The string value of member `key`, when it is a string. */
export function stringMember(node: JsonNode | undefined, key: string): string | undefined {
  const m = member(node, key);
  return m?.type === 'string' ? m.value : undefined;
}

/** Encodes one JSON-pointer reference token (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Follows an RFC 6901 pointer (`/a/0/b`, already percent-decoded) from `root`. */
export function resolvePointer(root: JsonNode, pointer: string): JsonNode | undefined {
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let node: JsonNode | undefined = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node?.type === 'object') node = node.members.get(token);
    else if (node?.type === 'array' && /^(0|[1-9]\d*)$/.test(token)) node = node.items[Number(token)];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * Plain JS value for libraries that want one (ajv). Numbers become doubles, which is enough
 * for validating a schema; `__proto__` keys stay own properties. Iterative, like the parser.
 */
export function toPlain(root: JsonNode): unknown {
  const convertScalar = (node: JsonNode): unknown => {
    switch (node.type) {
      case 'string':
      case 'boolean':
        return node.value;
      case 'number':
        return Number(node.text);
      case 'null':
        return null;
      default:
        return undefined;
    }
  };
  if (root.type !== 'object' && root.type !== 'array') return convertScalar(root);
  const make = (node: JsonObject | JsonArray): Record<string, unknown> | unknown[] =>
    node.type === 'array' ? [] : {};
  const result = make(root);
  const work: Array<[JsonObject | JsonArray, Record<string, unknown> | unknown[]]> = [[root, result]];
  while (work.length) {
    const [node, target] = work.pop() as [JsonObject | JsonArray, Record<string, unknown> | unknown[]];
    const put = (key: string | number, child: JsonNode): void => {
      let value: unknown;
      if (child.type === 'object' || child.type === 'array') {
        value = make(child);
        work.push([child, value as Record<string, unknown> | unknown[]]);
      } else value = convertScalar(child);
      if (Array.isArray(target)) target.push(value);
      else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    };
    if (node.type === 'array') node.items.forEach((child, i) => put(i, child));
    else for (const [key, child] of node.members) put(key, child);
  }
  return result;
}
