/**
 * Reformats a numeric option value the way Confluent's normalization does: Apache Commons'
 * `NumberUtils.createNumber` picks Integer/Long/BigInteger, Float, Double or BigDecimal from the
 * literal, then `java.text.DecimalFormat` (no grouping, at most three fraction digits, half-even)
 * prints it. Literals Java cannot read (`inf`, `nan`, ...) come back unchanged.
 */
export function formatNormalizedNumber(literal: string): string {
  const number = createNumber(literal.trim());
  if (number === undefined) return literal;
  if (number.kind === 'integer') return number.value.toString();
  return formatDecimal(number.text);
}

type JavaNumber = { kind: 'integer'; value: bigint } | { kind: 'decimal'; text: string };

function createNumber(str: string): JavaNumber | undefined {
  if (str === '') return undefined;
  const hex = /^([+-]?)(0[xX]|#)([0-9a-fA-F]+)$/.exec(str);
  if (hex) {
    const value = BigInt(`0x${hex[3]}`);
    return { kind: 'integer', value: hex[1] === '-' ? -value : value };
  }
  const last = str[str.length - 1];
  if (!/[0-9.]/.test(last)) {
    // A Java type suffix (1L, 2.5f, 3d); anything else is not a number to Java.
    const body = str.slice(0, -1);
    if ((last === 'l' || last === 'L') && /^[+-]?[0-9]+$/.test(body)) return { kind: 'integer', value: BigInt(body) };
    if (/[fFdD]/.test(last) && isDecimalLiteral(body)) {
      const value = last === 'f' || last === 'F' ? Math.fround(Number(body)) : Number(body);
      return Number.isFinite(value) ? { kind: 'decimal', text: toPlainString(value) } : undefined;
    }
    return undefined;
  }
  if (/^[+-]?[0-9]+$/.test(str)) return decodeInteger(str);
  if (!isDecimalLiteral(str)) return undefined;
  const match = /^[+-]?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(str)!;
  const decimals = match[2]?.length ?? 0;
  const allZeros = /^0*$/.test(`${match[1]}${match[2] ?? ''}`);
  if (decimals <= 7) {
    const asFloat = Math.fround(Number(str));
    if (Number.isFinite(asFloat) && (asFloat !== 0 || allZeros)) return { kind: 'decimal', text: toPlainString(asFloat) };
  }
  if (decimals <= 16) {
    const asDouble = Number(str);
    if (Number.isFinite(asDouble) && (asDouble !== 0 || allZeros)) return { kind: 'decimal', text: toPlainString(asDouble) };
  }
  return { kind: 'decimal', text: toPlainDecimal(str) };
}

function isDecimalLiteral(str: string): boolean {
  return /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(str);
}

/** Java's Integer.decode family: a leading zero means octal. */
function decodeInteger(str: string): JavaNumber | undefined {
  const negative = str.startsWith('-');
  const digits = str.replace(/^[+-]/, '');
  if (digits.length > 1 && digits.startsWith('0')) {
    if (!/^[0-7]+$/.test(digits)) return undefined;
    const value = BigInt(`0o${digits.slice(1)}`);
    return { kind: 'integer', value: negative ? -value : value };
  }
  const value = BigInt(digits);
  return { kind: 'integer', value: negative ? -value : value };
}

/** The shortest decimal digits of a double, without exponent. */
function toPlainString(value: number): string {
  if (Object.is(value, -0)) return '-0';
  return toPlainDecimal(String(value));
}

/** Expands `1.5e-7` into `0.00000015`. */
function toPlainDecimal(text: string): string {
  const match = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!match) return text;
  const sign = match[1] === '-' ? '-' : '';
  let digits = `${match[2]}${match[3] ?? ''}`;
  let point = match[2].length + Number(match[4] ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const integer = digits.slice(0, point).replace(/^0+(?=.)/, '') || '0';
  const fraction = digits.slice(point);
  return fraction ? `${sign}${integer}.${fraction}` : `${sign}${integer}`;
}

/** DecimalFormat with default pattern and no grouping: half-even to three fraction digits. */
function formatDecimal(plain: string): string {
  const negative = plain.startsWith('-');
  const [integerPart, fractionPart = ''] = plain.replace(/^[+-]/, '').split('.');
  let integer = BigInt(integerPart || '0');
  let fraction = fractionPart.slice(0, 3).padEnd(3, '0');
  const rest = fractionPart.slice(3);
  if (rest && /[1-9]/.test(rest)) {
    const first = rest[0];
    const tail = rest.slice(1);
    const lastKept = Number(fraction[2]);
    const roundUp = first > '5' || (first === '5' && (/[1-9]/.test(tail) || lastKept % 2 === 1));
    if (roundUp) {
      let scaled = integer * 1000n + BigInt(fraction) + 1n;
      integer = scaled / 1000n;
      scaled %= 1000n;
      fraction = scaled.toString().padStart(3, '0');
    }
  }
  fraction = fraction.replace(/0+$/, '');
  const body = fraction ? `${integer}.${fraction}` : `${integer}`;
  return negative && body !== '0' ? `-${body}` : negative ? '-0' : body;
}
