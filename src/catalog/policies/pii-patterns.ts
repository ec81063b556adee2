/**
 * Which field names look like personal data. A pattern is a lower-case word; it matches a field
 * whose name has that word as one of its parts (`customerEmail`, `email_address`, `ip`), and,
 * for words of four letters or more, a name that merely contains it (`birthdate`, `lastname`).
 * Short words only match whole parts, so `ip` finds `clientIp` but not `zip` or `recipient`.
 */
export const DEFAULT_PII_PATTERNS: readonly string[] = [
  'email',
  'phone',
  'mobile',
  'ssn',
  'name',
  'surname',
  'address',
  'street',
  'postcode',
  'zipcode',
  'birth',
  'dob',
  'ip',
  'card',
  'cvv',
  'iban',
  'passport',
  'licence',
  'license',
  'taxid',
];

/** The tags that count as classifying a field as personal or regulated data. */
export const DEFAULT_PII_TAGS: readonly string[] = ['PII', 'PHI', 'PCI'];

/** Splits `customerEmailAddress`, `customer_email`, `IPAddress` into lower-case parts. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p.toLowerCase());
}

/** The first pattern `fieldName` matches, or undefined. */
export function matchPiiPattern(fieldName: string, patterns: readonly string[]): string | undefined {
  const parts = nameParts(fieldName);
  const joined = parts.join('');
  return patterns.find((p) => {
    const word = p.toLowerCase();
    return parts.includes(word) || (word.length >= 4 && joined.includes(word));
  });
}
