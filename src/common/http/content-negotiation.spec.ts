import { negotiate, SCHEMA_REGISTRY_V1_JSON } from './content-negotiation';

describe('content negotiation', () => {
  it('answers with the v1 type when the client sends no Accept or a wildcard', () => {
    expect(negotiate(undefined)).toBe(SCHEMA_REGISTRY_V1_JSON);
    expect(negotiate('*/*')).toBe(SCHEMA_REGISTRY_V1_JSON);
    expect(negotiate('application/*')).toBe(SCHEMA_REGISTRY_V1_JSON);
  });

  it('honours the type a client asks for, weighing its q against the server preference', () => {
    expect(negotiate('application/json')).toBe('application/json');
    expect(negotiate('application/vnd.schemaregistry+json')).toBe('application/vnd.schemaregistry+json');
    expect(negotiate('application/json, application/vnd.schemaregistry.v1+json;q=0.9')).toBe(SCHEMA_REGISTRY_V1_JSON);
    expect(negotiate('application/json;q=1, application/vnd.schemaregistry.v1+json;q=0.1')).toBe('application/json');
  });

  it('finds nothing acceptable for other types, so the caller answers 406', () => {
    expect(negotiate('text/html')).toBeNull();
    expect(negotiate('application/xml, text/plain;q=0.5')).toBeNull();
    expect(negotiate('application/json;q=0')).toBeNull();
  });
});
