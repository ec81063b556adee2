import { formatNormalizedNumber as sut } from './proto-number-format';

describe('normalized number formatting', () => {
  it.each([
    ['123', '123'],
    ['0123', '83'],
    ['0x123', '291'],
    ['010', '8'],
    ['0123.0', '123'],
    ['123.', '123'],
    ['123.00', '123'],
    ['1.50', '1.5'],
    ['-2.25', '-2.25'],
    ['1e3', '1000'],
    ['123E-1', '12.3'],
    ['.123E+3', '123'],
    ['123.4567E+2', '12345.67'],
    ['10f', '10'],
    ['1.0f', '1'],
    ['9223372036854775808', '9223372036854775808'],
  ])('reads %s as Java does and prints %s', (literal, expected) => {
    expect(sut(literal)).toBe(expected);
  });

  it('rounds half-even to three decimals, after widening a short literal from float as Java does', () => {
    expect(sut('3.14159')).toBe('3.142');
    expect(sut('123456.7')).toBe('123456.703');
    expect(sut('0.0005')).toBe('0.001');
    expect(sut('0.0625')).toBe('0.062');
  });

  it('leaves what Java cannot read as a number as written', () => {
    expect(sut('08')).toBe('08');
    expect(sut('nan')).toBe('nan');
    expect(sut('-inf')).toBe('-inf');
    expect(sut('FOO')).toBe('FOO');
  });
});
