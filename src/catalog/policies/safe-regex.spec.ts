import { compileSafeRegex, unsafeRegexReason } from './safe-regex';

describe('unsafeRegexReason', () => {
  it.each([
    '^[a-z]+\\.[a-z]+\\.[a-z]+$',
    '^(prod|test)[.][a-z0-9.]+$',
    '^[a-z]+(\\.[a-z0-9-]+)*$',
    '^([a-z0-9-]+\\.)+[a-z]+$',
    '^(a|b|c)+$',
    '^[a-z]{2,10}(-[0-9]{1,3}){0,3}$',
    '^(?:orders|payments)\\.[a-z-]+\\.(created|updated|deleted)$',
    '^\\w+-\\d{4}$',
    '^.*\\.audit$',
  ])('accepts the linear pattern %s', (pattern) => {
    expect(unsafeRegexReason(pattern)).toBeNull();
  });

  it.each([
    ['(a+)+$', 'nests a variable quantifier'],
    ['^(\\w*)*$', 'nests a variable quantifier'],
    ['^([a-z]+)*\\.x$', 'nests a variable quantifier'],
    ['^(a|aa)+$', 'repeats a group of alternatives'],
    ['^(a|a?)+$', 'repeats a group of alternatives'],
    ['^(.*a){20}$', 'nests a variable quantifier'],
    ['^(\\.[a-z.]+)+$', 'nests a variable quantifier'],
    ['^.*.*.*.*x$', 'more than 3 unbounded repetitions'],
    ['^(a)\\1$', 'backreference'],
    ['^(?<x>a)\\k<x>$', 'backreference'],
    ['^(?<=a)b$', 'lookbehind'],
    ['[a-', 'not a valid regular expression'],
    ['a'.repeat(1001), 'longer than 1000'],
  ])('refuses %s: %s', (pattern, reason) => {
    expect(unsafeRegexReason(pattern)).toContain(reason);
  });

  it('refuses the classic catastrophic pattern before it could run', () => {
    const sut = () => compileSafeRegex('^(([a-z])+.)+[A-Z]([a-z])+$');
    expect(sut).toThrow(/Unsafe regular expression/);
  });

  it('compiles an accepted pattern that matches as JavaScript does', () => {
    const sut = compileSafeRegex('^[a-z]+(\\.[a-z]+){2}$');
    expect(sut.test('orders.order.created')).toBe(true);
    expect(sut.test('orders.created')).toBe(false);
  });
});
