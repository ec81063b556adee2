import { SchemaParseError } from '../schema-provider';

/**
 * JSON as Java Avro sees it through Jackson: integers and floating-point numbers stay distinct
 * (`1` and `1.0` print differently and validate differently), objects keep their member order,
 * a repeated member replaces the earlier value in place, and comments are allowed.
 * `JSON.parse` gives none of that, so schemas are read and written with this module instead.
 */
export type JsonValue = null | boolean | string | JsonInteger | JsonDouble | JsonArray | JsonObject;

/** An integral number literal (Jackson's IntNode, LongNode or BigIntegerNode, by magnitude). */
export class JsonInteger {
  constructor(readonly value: bigint) {}
}

/**
 * A floating-point number (Jackson's DoubleNode). `isFloat` marks a value narrowed to 32 bits,
 * which Java prints with `Float.toString`.
 */
export class JsonDouble {
  constructor(
    readonly value: number,
    readonly isFloat = false,
  ) {}
}

export class JsonArray {
  readonly items: JsonValue[] = [];
  constructor(
    readonly line = 0,
    readonly column = 0,
  ) {}
}

export class JsonObject {
  readonly members = new Map<string, JsonValue>();
  constructor(
    readonly line = 0,
    readonly column = 0,
  ) {}

  get(key: string): JsonValue | undefined {
    return this.members.get(key);
  }

  /** Jackson's `textValue()`: the member when it is a string, otherwise undefined. */
  text(key: string): string | undefined {
    const value = this.members.get(key);
    return typeof value === 'string' ? value : undefined;
  }
}

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Jackson's IntNode: an integer literal that fits 32 bits. */
export function isJsonInt(value: JsonValue | undefined): value is JsonInteger {
  return value instanceof JsonInteger && value.value >= INT_MIN && value.value <= INT_MAX;
}

/** An integer literal that fits 64 bits (IntNode or LongNode). */
export function fitsJsonLong(value: JsonValue | undefined): value is JsonInteger {
  return value instanceof JsonInteger && value.value >= LONG_MIN && value.value <= LONG_MAX;
}

export function isJsonNumber(value: JsonValue | undefined): value is JsonInteger | JsonDouble {
  return value instanceof JsonInteger || value instanceof JsonDouble;
}

// ---------------------------------------------------------------------------------------------
// Reading

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Quote = 34,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  Star = 42,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  LowerE = 101,
  UpperE = 69,
  OpenBrace = 123,
  CloseBrace = 125,
}

interface OpenContainer {
  readonly node: JsonArray | JsonObject;
  /** The member name waiting for its value, for objects. */
  key?: string;
}

/**
 * Reads one JSON document. Throws SchemaParseError with the 1-based line and column of the
 * offending character. Nesting depth is bounded by memory only: the reader keeps its own stack.
 */
export function readJson(text: string): JsonValue {
  return new JsonReader(text).readDocument();
}

class JsonReader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  readDocument(): JsonValue {
    this.skipSpace();
    if (this.pos >= this.text.length) throw this.error('the schema text is empty');
    const root = this.readValue();
    // Java Avro rejects anything after the schema, comments included ("dangling content").
    const rest = this.text.slice(this.pos).trim();
    if (rest.length > 0) {
      throw this.error(`dangling content after end of schema: ${abbreviate(rest)}`);
    }
    return root;
  }

  private readValue(): JsonValue {
    const stack: OpenContainer[] = [];
    let value: JsonValue;
    for (;;) {
      // Read one value, or open a container and loop to read its first member.
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === Char.OpenBrace) {
        const node = new JsonObject(this.line, this.column());
        this.pos++;
        this.skipSpace();
        if (this.text.charCodeAt(this.pos) === Char.CloseBrace) {
          this.pos++;
          value = node;
        } else {
          stack.push({ node, key: this.readKey() });
          continue;
        }
      } else if (c === Char.OpenBracket) {
        const node = new JsonArray(this.line, this.column());
        this.pos++;
        this.skipSpace();
        if (this.text.charCodeAt(this.pos) === Char.CloseBracket) {
          this.pos++;
          value = node;
        } else {
          stack.push({ node });
          continue;
        }
      } else {
        value = this.readScalar();
      }

      // Hand the value to its container; close every container that ends here.
      for (;;) {
        const open = stack[stack.length - 1];
        if (open === undefined) return value;
        if (open.node instanceof JsonObject) {
          open.node.members.set(open.key as string, value);
        } else {
          open.node.items.push(value);
        }
        this.skipSpace();
        const next = this.text.charCodeAt(this.pos);
        if (next === Char.Comma) {
          this.pos++;
          if (open.node instanceof JsonObject) open.key = this.readKey();
          break;
        }
        const close = open.node instanceof JsonObject ? Char.CloseBrace : Char.CloseBracket;
        if (next !== close) {
          const what = open.node instanceof JsonObject ? "',' or '}' after an object member" : "',' or ']' after an array element";
          throw this.error(`expected ${what}, found ${this.describeHere()}`);
        }
        this.pos++;
        stack.pop();
        value = open.node;
      }
    }
  }

  private readKey(): string {
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== Char.Quote) {
      throw this.error(`expected a double-quoted member name, found ${this.describeHere()}`);
    }
    const key = this.readString();
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== Char.Colon) {
      throw this.error(`expected ':' after member name "${key}", found ${this.describeHere()}`);
    }
    this.pos++;
    return key;
  }

  private readScalar(): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    if (c === Char.Quote) return this.readString();
    if (c === Char.Minus || (c >= Char.Zero && c <= Char.Nine)) return this.readNumber();
    for (const [word, value] of KEYWORDS) {
      if (this.text.startsWith(word, this.pos)) {
        const after = this.text.charCodeAt(this.pos + word.length);
        if (!isIdentifierPart(after)) {
          this.pos += word.length;
          return value;
        }
      }
    }
    if (this.pos >= this.text.length) throw this.error('unexpected end of input, expected a value');
    throw this.error(`unexpected ${this.describeHere()}, expected a value`);
  }

  private readString(): string {
    const start = ++this.pos;
    let out = '';
    let chunk = start;
    for (;;) {
      if (this.pos >= this.text.length) throw this.error('unterminated string');
      const c = this.text.charCodeAt(this.pos);
      if (c === Char.Quote) {
        out += this.text.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c < Char.Space) {
        throw this.error(`control character (code ${c}) inside a string must be escaped`);
      }
      if (c === Char.Backslash) {
        out += this.text.slice(chunk, this.pos);
        out += this.readEscape();
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private readEscape(): string {
    const c = this.text[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.pos -= 2;
          throw this.error('invalid \\u escape: expected four hexadecimal digits');
        }
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        this.pos -= 2;
        throw this.error(`unrecognized escape '\\${c ?? ''}' in string`);
    }
  }

  private readNumber(): JsonValue {
    const start = this.pos;
    const text = this.text;
    let p = this.pos;
    if (text.charCodeAt(p) === Char.Minus) p++;
    const intStart = p;
    while (isDigit(text.charCodeAt(p))) p++;
    if (p === intStart) {
      this.pos = p;
      throw this.error(`invalid number: expected a digit after '-', found ${this.describeHere()}`);
    }
    if (text.charCodeAt(intStart) === Char.Zero && p - intStart > 1) {
      this.pos = intStart;
      throw this.error('invalid number: leading zeroes are not allowed');
    }
    let integral = true;
    if (text.charCodeAt(p) === Char.Dot) {
      integral = false;
      const fracStart = ++p;
      while (isDigit(text.charCodeAt(p))) p++;
      if (p === fracStart) {
        this.pos = p;
        throw this.error('invalid number: decimal point must be followed by a digit');
      }
    }
    const e = text.charCodeAt(p);
    if (e === Char.LowerE || e === Char.UpperE) {
      integral = false;
      p++;
      const sign = text.charCodeAt(p);
      if (sign === Char.Plus || sign === Char.Minus) p++;
      const expStart = p;
      while (isDigit(text.charCodeAt(p))) p++;
      if (p === expStart) {
        this.pos = p;
        throw this.error('invalid number: exponent must have digits');
      }
    }
    if (isIdentifierPart(text.charCodeAt(p))) {
      this.pos = p;
      throw this.error(`invalid number: unexpected ${this.describeHere()}`);
    }
    this.pos = p;
    const literal = text.slice(start, p);
    return integral ? new JsonInteger(BigInt(literal)) : new JsonDouble(Number(literal));
  }

  /** Whitespace and comments (Java Avro enables Jackson's ALLOW_COMMENTS). */
  private skipSpace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === Char.Space || c === Char.Tab || c === Char.CarriageReturn) {
        this.pos++;
      } else if (c === Char.LineFeed) {
        this.newLine(this.pos);
        this.pos++;
      } else if (c === Char.Slash && text.charCodeAt(this.pos + 1) === Char.Slash) {
        const end = text.indexOf('\n', this.pos);
        this.pos = end < 0 ? text.length : end;
      } else if (c === Char.Slash && text.charCodeAt(this.pos + 1) === Char.Star) {
        const end = text.indexOf('*/', this.pos + 2);
        if (end < 0) throw this.error('unterminated comment');
        for (let i = this.pos; i < end; i++) if (text.charCodeAt(i) === Char.LineFeed) this.newLine(i);
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private newLine(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  private column(): number {
    return this.pos - this.lineStart + 1;
  }

  private describeHere(): string {
    if (this.pos >= this.text.length) return 'end of input';
    const c = this.text.codePointAt(this.pos) as number;
    return c < Char.Space ? `character code ${c}` : `'${String.fromCodePoint(c)}'`;
  }

  private error(message: string): SchemaParseError {
    const column = this.column();
    return new SchemaParseError(`Invalid JSON at line ${this.line}, column ${column}: ${message}`, this.line, column);
  }
}

const KEYWORDS: ReadonlyArray<readonly [string, JsonValue]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];

function isDigit(c: number): boolean {
  return c >= Char.Zero && c <= Char.Nine;
}

function isIdentifierPart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === Char.Dot;
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface WriteOptions {
  /** Sort object members by key at every level (Confluent's normalizer builds sorted trees). */
  readonly sortKeys?: boolean;
}

/** Appends the compact JSON of `value` to `out`, formatted as Jackson writes it. */
export function writeJson(value: JsonValue, out: string[], options: WriteOptions = {}): void {
  // Work items: a value to write, or a literal piece of punctuation.
  const work: Array<JsonValue | Punctuation> = [value];
  while (work.length > 0) {
    const item = work.pop() as JsonValue | Punctuation;
    if (item instanceof Punctuation) {
      out.push(item.text);
    } else if (item instanceof JsonObject) {
      const keys = [...item.members.keys()];
      if (options.sortKeys) keys.sort(compareUtf16);
      out.push('{');
      work.push(CLOSE_BRACE);
      for (let i = keys.length - 1; i >= 0; i--) {
        work.push(item.members.get(keys[i]) as JsonValue);
        work.push(new Punctuation(`${i > 0 ? ',' : ''}${quoteJson(keys[i])}:`));
      }
    } else if (item instanceof JsonArray) {
      out.push('[');
      work.push(CLOSE_BRACKET);
      for (let i = item.items.length - 1; i >= 0; i--) {
        work.push(item.items[i]);
        if (i > 0) work.push(COMMA);
      }
    } else {
      out.push(scalarJson(item));
    }
  }
}

/** The compact JSON of `value`, as Jackson prints it. */
export function jsonText(value: JsonValue, options: WriteOptions = {}): string {
  const out: string[] = [];
  writeJson(value, out, options);
  return out.join('');
}

class Punctuation {
  constructor(readonly text: string) {}
}
const CLOSE_BRACE = new Punctuation('}');
const CLOSE_BRACKET = new Punctuation(']');
const COMMA = new Punctuation(',');

function scalarJson(value: null | boolean | string | JsonInteger | JsonDouble): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quoteJson(value);
  if (value instanceof JsonInteger) return value.value.toString();
  // Jackson writes non-finite numbers as strings (WRITE_NAN_AS_STRINGS is on by default).
  if (!Number.isFinite(value.value)) return `"${javaDoubleString(value.value)}"`;
  return value.isFloat ? javaFloatString(value.value) : javaDoubleString(value.value);
}

/** Ordering of Java's `String.compareTo`: by UTF-16 code unit. */
export function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SHORT_ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

/** A JSON string literal escaped as Jackson escapes it (upper-case hex, non-ASCII kept as is). */
export function quoteJson(text: string): string {
  let out = '"';
  let chunk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= Char.Space && c !== Char.Quote && c !== Char.Backslash) continue;
    out += text.slice(chunk, i);
    out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    chunk = i + 1;
  }
  return `${out}${text.slice(chunk)}"`;
}

// ---------------------------------------------------------------------------------------------
// Java number formatting

/** `Double.toString`: shortest round-trip digits, scientific outside [10^-3, 10^7). */
export function javaDoubleString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return formatJavaDecimal(value, Math.abs(value).toExponential());
}

/** `Float.toString` of a value already narrowed with `Math.fround`. */
export function javaFloatString(value: number): string {
  if (!Number.isFinite(value)) return javaDoubleString(value);
  const magnitude = Math.abs(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(magnitude.toPrecision(digits));
    if (Math.fround(candidate) === magnitude) return formatJavaDecimal(value, candidate.toExponential());
  }
  return formatJavaDecimal(value, magnitude.toExponential());
}

function formatJavaDecimal(value: number, exponential: string): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponentText] = exponential.split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}

/**
 * `Double.parseDouble`, which Avro applies to string defaults of float and double fields
 * ("NaN", "Infinity", "1.5", " 2e3 ", "1f" are all accepted). Undefined when Java would throw.
 */
export function parseJavaDouble(text: string): number | undefined {
  // Java trims every character up to and including U+0020.
  const trimmed = text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  const decimal = /^([+-]?)(?:(NaN)|(Infinity)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?)$/.exec(trimmed);
  if (decimal) {
    const negative = decimal[1] === '-';
    if (decimal[2]) return NaN;
    if (decimal[3]) return negative ? -Infinity : Infinity;
    const magnitude = Number(decimal[4]);
    return negative ? -magnitude : magnitude;
  }
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)[fFdD]?$/.exec(trimmed);
  if (hex && (hex[2] || hex[3])) {
    const mantissa = parseInt(`${hex[2]}${hex[3]}` || '0', 16) / 16 ** hex[3].length;
    const magnitude = mantissa * 2 ** Number(hex[4]);
    return hex[1] === '-' ? -magnitude : magnitude;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Equality

/** Jackson's JsonNode equality: member order does not matter, number kinds do. */
export function jsonEquals(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  const pending: Array<[JsonValue | undefined, JsonValue | undefined]> = [[a, b]];
  while (pending.length > 0) {
    const [x, y] = pending.pop() as [JsonValue | undefined, JsonValue | undefined];
    if (x === y) continue;
    if (x instanceof JsonInteger && y instanceof JsonInteger) {
      if (x.value !== y.value) return false;
    } else if (x instanceof JsonDouble && y instanceof JsonDouble) {
      if (!Object.is(x.value, y.value)) return false;
    } else if (x instanceof JsonArray && y instanceof JsonArray) {
      if (x.items.length !== y.items.length) return false;
      x.items.forEach((item, i) => pending.push([item, y.items[i]]));
    } else if (x instanceof JsonObject && y instanceof JsonObject) {
      if (x.members.size !== y.members.size) return false;
      for (const [key, value] of x.members) {
        if (!y.members.has(key)) return false;
        pending.push([value, y.members.get(key)]);
      }
    } else {
      return false;
    }
  }
  return true;
}
