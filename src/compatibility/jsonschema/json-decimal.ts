/**
 * Exact decimal numbers read from JSON text, so that schema limits beyond 2^53 and decimals
 * such as `0.1` compare and divide exactly (Confluent reads them as Java BigDecimals), and so
 * canonical text can be written the way Jackson writes them.
 */
export class Decimal {
  private constructor(
    /** Absolute value without the decimal point. */
    readonly unscaled: bigint,
    /** Digits after the decimal point (negative: trailing zeros implied). */
    readonly scale: number,
    readonly negative: boolean,
  ) {}

  /** Reads a JSON number token (`-12.50e3`). */
  static parse(text: string): Decimal {
    const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m) throw new Error(`Not a JSON number: ${text}`);
    const [, sign, intPart, fraction = '', exponent = '0'] = m;
    const unscaled = BigInt(intPart + fraction);
    return new Decimal(unscaled, fraction.length - Number(exponent), sign === '-' && unscaled !== 0n);
  }

  /** -1, 0 or 1 as `this` is below, equal to or above `other`, by value. */
  compare(other: Decimal): number {
    const [a, b] = Decimal.align(this, other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  /** Whether `this / divisor` is a whole number (false for a zero divisor). */
  isMultipleOf(divisor: Decimal): boolean {
    const [a, b] = Decimal.align(this, divisor);
    return b !== 0n && a % b === 0n;
  }

  /** Whether the value is a whole number. */
  isInteger(): boolean {
    if (this.scale <= 0) return true;
    return this.unscaled % 10n ** BigInt(this.scale) === 0n;
  }

  toNumber(): number {
    return Number(this.toJavaString());
  }

  /**
   * Java's `BigDecimal.toString()`, which Jackson uses for floating-point values: plain
   * notation while the adjusted exponent is at least -6 and the scale is not negative,
   * scientific (`1.5E+3`) otherwise. The scale is kept, so `1.10` stays `1.10`.
   */
  toJavaString(): string {
    const digits = this.unscaled.toString();
    const sign = this.negative ? '-' : '';
    const adjusted = digits.length - 1 - this.scale;
    if (this.scale >= 0 && adjusted >= -6) {
      if (this.scale === 0) return sign + digits;
      if (digits.length > this.scale) {
        return `${sign}${digits.slice(0, digits.length - this.scale)}.${digits.slice(digits.length - this.scale)}`;
      }
      return `${sign}0.${'0'.repeat(this.scale - digits.length)}${digits}`;
    }
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted >= 0 ? '+' : '-'}${Math.abs(adjusted)}`;
  }

  private signed(): bigint {
    return this.negative ? -this.unscaled : this.unscaled;
  }

  // Both values as integers over the same power of ten.
  private static align(a: Decimal, b: Decimal): [bigint, bigint] {
    const scale = Math.max(a.scale, b.scale);
    return [a.signed() * 10n ** BigInt(scale - a.scale), b.signed() * 10n ** BigInt(scale - b.scale)];
  }
}
