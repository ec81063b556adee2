import { SchemaParseError } from '../schema-provider';
import type { SourcePosition } from './proto-elements';

/** `[A-Za-z0-9_.-]`, by char code: the reader's hottest test. */
function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 45
  );
}

/**
 * A character reader for `.proto` text with the lexical rules of Wire's SyntaxReader: comments
 * and whitespace are skipped before every token, words are runs of `[A-Za-z0-9_.-]`, adjacent
 * string literals are concatenated. Errors carry 1-based line and column.
 */
export class ProtoReader {
  private pos = 0;
  private lineStarts?: number[];

  constructor(private readonly data: string) {}

  exhausted(): boolean {
    this.skipWhitespace();
    return this.pos >= this.data.length;
  }

  /** The position of the next token. */
  position(): SourcePosition {
    this.skipWhitespace();
    return this.positionAt(this.pos);
  }

  /** The next character without consuming it; '' at the end of the text. */
  peekChar(): string {
    this.skipWhitespace();
    return this.pos < this.data.length ? this.data[this.pos] : '';
  }

  /** Consumes the next character when it is `c`. */
  tryChar(c: string): boolean {
    if (this.peekChar() !== c) return false;
    this.pos++;
    return true;
  }

  readChar(): string {
    const c = this.peekChar();
    if (c === '') throw this.error('unexpected end of file');
    this.pos++;
    return c;
  }

  require(c: string): void {
    const at = this.pos;
    const found = this.peekChar();
    if (found !== c) {
      throw this.error(`expected '${c}' but was ${found === '' ? 'end of file' : `'${found}'`}`, Math.max(at, this.pos));
    }
    this.pos++;
  }

  /** Puts back the character just read (Wire's pushBack, used for `key {` in text format). */
  pushBack(c: string): void {
    if (this.pos === 0 || this.data[this.pos - 1] !== c) throw new Error(`cannot push back '${c}'`);
    this.pos--;
  }

  readWord(): string {
    this.skipWhitespace();
    const start = this.pos;
    while (this.pos < this.data.length) {
      const code = this.data.charCodeAt(this.pos);
      if (isWordChar(code)) {
        this.pos++;
      } else if (code === 43 /* + */ && this.isExponentSign(start)) {
        // `1e+5` is one number; Wire would split it, protoc does not.
        this.pos++;
      } else {
        break;
      }
    }
    if (start === this.pos) {
      const found = this.pos < this.data.length ? `'${this.data[this.pos]}'` : 'end of file';
      throw this.error(`expected a word but was ${found}`);
    }
    return this.data.slice(start, this.pos);
  }

  /** A name, or an option name in parentheses or brackets (the brackets are kept by the caller). */
  readName(): string {
    const c = this.peekChar();
    if (c === '(' || c === '[') {
      this.pos++;
      const name = this.readWord();
      this.require(c === '(' ? ')' : ']');
      return name;
    }
    return this.readWord();
  }

  /** A type name, or `map<K, V>` normalized to Wire's spacing. */
  readDataType(first?: string): string {
    const name = first ?? this.readWord();
    if (name === 'map' && this.peekChar() === '<') {
      this.require('<');
      const key = this.readDataType();
      this.require(',');
      const value = this.readDataType();
      this.require('>');
      return `map<${key}, ${value}>`;
    }
    return name;
  }

  /** A quoted string, or a bare word when no quote follows. */
  readString(): string {
    const c = this.peekChar();
    return c === '"' || c === "'" ? this.readQuotedString() : this.readWord();
  }

  readQuotedString(): string {
    let quote = this.readChar();
    if (quote !== '"' && quote !== "'") throw this.error('expected a string', this.pos - 1);
    let result = '';
    while (this.pos < this.data.length) {
      const c = this.data[this.pos++];
      if (c === quote) {
        const next = this.peekChar();
        if (next === '"' || next === "'") {
          quote = this.readChar();
          continue;
        }
        return result;
      }
      if (c === '\\') {
        result += this.readEscape();
        continue;
      }
      if (c === '\n') throw this.error('unterminated string', this.pos - 1);
      result += c;
    }
    throw this.error('unterminated string');
  }

  readInt(): number {
    const at = this.position();
    const word = this.readWord();
    const value = parseProtoInt(word);
    if (value === undefined) {
      throw new SchemaParseError(`expected an integer but was ${word} (line ${at.line}, column ${at.column})`, at.line, at.column);
    }
    return value;
  }

  error(message: string, at: number = this.pos): SchemaParseError {
    const { line, column } = this.positionAt(at);
    return new SchemaParseError(`${message} (line ${line}, column ${column})`, line, column);
  }

  errorAtPosition(message: string, at: SourcePosition): SchemaParseError {
    return new SchemaParseError(`${message} (line ${at.line}, column ${at.column})`, at.line, at.column);
  }

  private isExponentSign(start: number): boolean {
    const prev = this.data[this.pos - 1];
    const first = this.data[start];
    return (prev === 'e' || prev === 'E') && first !== undefined && /[0-9.\-]/.test(first);
  }

  private readEscape(): string {
    if (this.pos >= this.data.length) throw this.error('unexpected end of file');
    const c = this.data[this.pos++];
    switch (c) {
      case 'a':
        return '\x07';
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
      case 'v':
        return '\v';
      case 'x':
      case 'X':
        return String.fromCharCode(this.readDigits(16, 2));
      case 'u':
        return String.fromCodePoint(this.readDigits(16, 4));
      case 'U':
        return String.fromCodePoint(this.readDigits(16, 8));
      default:
        if (c >= '0' && c <= '7') {
          this.pos--;
          return String.fromCharCode(this.readDigits(8, 3));
        }
        return c;
    }
  }

  private readDigits(radix: number, max: number): number {
    let value = 0;
    let count = 0;
    while (count < max && this.pos < this.data.length) {
      const digit = parseInt(this.data[this.pos], radix);
      if (Number.isNaN(digit)) break;
      value = value * radix + digit;
      this.pos++;
      count++;
    }
    if (count === 0) throw this.error('expected a digit after escape');
    return value;
  }

  private skipWhitespace(): void {
    const data = this.data;
    while (this.pos < data.length) {
      const c = data[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v' || c === '\uFEFF') {
        this.pos++;
      } else if (c === '/' && data[this.pos + 1] === '/') {
        const end = data.indexOf('\n', this.pos);
        this.pos = end < 0 ? data.length : end + 1;
      } else if (c === '/' && data[this.pos + 1] === '*') {
        const end = data.indexOf('*/', this.pos + 2);
        if (end < 0) throw this.error('unterminated comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private positionAt(at: number): SourcePosition {
    // Offsets of line starts, computed once: positions are asked for every declaration.
    if (this.lineStarts === undefined) {
      const starts = [0];
      for (let i = 0; i < this.data.length; i++) if (this.data.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    const offset = Math.min(at, this.data.length);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  }

}

/** Parses a decimal, hex (`0x`) or octal (`0` prefix) integer as protoc does; undefined when not one. */
export function parseProtoInt(word: string): number | undefined {
  const match = /^(-?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(word);
  if (!match) return undefined;
  const digits = match[2];
  let value: number;
  if (/^0[xX]/.test(digits)) value = parseInt(digits.slice(2), 16);
  else if (digits.length > 1 && digits.startsWith('0')) value = parseInt(digits.slice(1), 8);
  else value = parseInt(digits, 10);
  return match[1] === '-' ? -value : value;
}
