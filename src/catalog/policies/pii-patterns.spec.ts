import { DEFAULT_PII_PATTERNS, matchPiiPattern, nameParts } from './pii-patterns';

describe('PII-looking field names', () => {
  it('splits camelCase, snake_case, kebab-case and acronyms into parts', () => {
    expect(nameParts('customerEmailAddress')).toEqual(['customer', 'email', 'address']);
    expect(nameParts('customer_email')).toEqual(['customer', 'email']);
    expect(nameParts('IPAddress')).toEqual(['ip', 'address']);
  });

  it.each([
    ['email', 'email'],
    ['customerEmail', 'email'],
    ['phone_number', 'phone'],
    ['clientIp', 'ip'],
    ['birthdate', 'birth'],
    ['dateOfBirth', 'birth'],
    ['lastname', 'name'],
    ['ssn', 'ssn'],
    ['cardNumber', 'card'],
    ['iban', 'iban'],
  ])('finds %s (matches %s)', (name, pattern) => {
    expect(matchPiiPattern(name, DEFAULT_PII_PATTERNS)).toBe(pattern);
  });

  it.each(['zip', 'recipientCount', 'orderId', 'amount', 'description'])('leaves %s alone', (name) => {
    expect(matchPiiPattern(name, DEFAULT_PII_PATTERNS)).toBeUndefined();
  });
});
