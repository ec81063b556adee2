import type { ParsedSchema, SchemaProvider } from '../compatibility/schema-provider';
import { globToRegex, schemaFields } from './schema-fields';

describe('schemaFields', () => {
  const provider = {
    fieldNames: () => [
      { path: 'io.acme.Customer.email', name: 'email' },
      { path: 'io.acme.Customer.address.street', name: 'street' },
      { path: 'io.acme.Customer.ssn', name: 'ssn' },
    ],
    fieldTags: () => [{ path: 'io.acme.Customer.email', field: 'email', tags: ['PII', 'PII'] }],
  } as unknown as SchemaProvider;

  it('gives each field its inline tags and the metadata tags whose path pattern matches it', () => {
    const sut = schemaFields(provider, {} as ParsedSchema, { tags: { '**.ssn': ['PII'], 'io.acme.Customer.*.street': ['ADDRESS'], email: ['CONTACT'] } });
    expect(sut).toEqual([
      { path: 'io.acme.Customer.email', name: 'email', schemaTags: ['PII'], metadataTags: ['CONTACT'] },
      { path: 'io.acme.Customer.address.street', name: 'street', schemaTags: [], metadataTags: ['ADDRESS'] },
      { path: 'io.acme.Customer.ssn', name: 'ssn', schemaTags: [], metadataTags: ['PII'] },
    ]);
  });

  it('matches JSON Schema paths in their dotted form', () => {
    const json = { fieldNames: () => [{ path: '#/properties/address/properties/street', name: 'street' }] } as unknown as SchemaProvider;
    expect(schemaFields(json, {} as ParsedSchema, { tags: { 'address.street': ['PII'] } })[0].metadataTags).toEqual(['PII']);
  });
});

describe('globToRegex', () => {
  it('lets * stand for one name and ** for any depth, and nothing else be special', () => {
    expect(globToRegex('**.ssn').test('ssn')).toBe(true);
    expect(globToRegex('**.ssn').test('a.b.ssn')).toBe(true);
    expect(globToRegex('a.*.c').test('a.b.c')).toBe(true);
    expect(globToRegex('a.*.c').test('a.b.x.c')).toBe(false);
    expect(globToRegex('a+b').test('a+b')).toBe(true);
    expect(globToRegex('a+b').test('aab')).toBe(false);
  });
});
