import { generateKeyPairSync } from 'node:crypto';
import { SchemaRegistryClient } from '@confluentinc/schemaregistry';
import type { RunningCharter } from '../support/charter';
import { DATABASE_KINDS } from '../support/databases';
import { AUDIENCE, ISSUER, TestIdentityProvider } from './identity-provider';
import { ADMIN, as, avro, basic, startSecuredCharter } from './support';

/** Bearer tokens from an OpenID Connect provider: verified against its JWKS, groups from a claim. */
describe.each(DATABASE_KINDS)('OpenID Connect on %s', (kind) => {
  const idp = new TestIdentityProvider();
  let charter: RunningCharter;
  const bearer = (token: string) => as(charter, `Bearer ${token}`);

  beforeAll(async () => {
    idp.addKey('rsa-1', 'RS256');
    idp.addKey('ec-1', 'ES256');
    const jwksUrl = await idp.start();
    charter = await startSecuredCharter(kind, {
      AUTH_ENABLED: '',
      AUTH_OIDC_ISSUER: ISSUER,
      AUTH_OIDC_AUDIENCE: AUDIENCE,
      AUTH_OIDC_JWKS_URL: jwksUrl,
      AUTH_OIDC_USERNAME_CLAIM: 'preferred_username',
      AUTH_OIDC_GROUPS_CLAIM: 'realm_access.roles',
    });
    const admin = as(charter, basic(ADMIN.user, ADMIN.password));
    await admin.post('/acl/bindings', { principal: 'Group:schema-writers', role: 'DeveloperWrite', resource: { type: 'Subject', name: 'oidc-', patternType: 'PREFIXED' } });
    await admin.post('/acl/bindings', { principal: 'User:carol', role: 'DeveloperRead', resource: { type: 'Subject', name: 'oidc-', patternType: 'PREFIXED' } });
    await admin.register('hidden-value', avro('Hidden'));
  });
  afterAll(async () => {
    await charter.close();
    await idp.stop();
  });

  it('signs in with an RS256 token: the user from its claim, groups from a nested claim', async () => {
    const token = idp.token('rsa-1', { sub: 'u-1', preferred_username: 'alice', realm_access: { roles: ['schema-writers', 'staff'] } });
    const me = await bearer(token).get('/acl/whoami');
    expect(me.body).toEqual(expect.objectContaining({ principal: 'User:alice', kind: 'token', groups: ['schema-writers', 'staff'] }));
    expect(me.body.bindings).toEqual([expect.objectContaining({ principal: 'Group:schema-writers', role: 'DeveloperWrite' })]);
    expect((await bearer(token).register('oidc-orders-value', avro('Order'))).status).toBe(200);
  });

  it('signs in with an ES256 token, with the grants of the user itself', async () => {
    const token = idp.token('ec-1', { preferred_username: 'carol' });
    expect((await bearer(token).get('/subjects/oidc-orders-value/versions/latest')).status).toBe(200);
    expect((await bearer(token).register('oidc-orders-value', avro('Order', ['id', 'x']))).body.error_code).toBe(40301);
    expect((await bearer(token).get('/subjects/hidden-value/versions/latest')).body).toEqual({ error_code: 40401, message: "Subject 'hidden-value' not found." });
    expect((await bearer(token).get('/subjects')).body).toEqual(['oidc-orders-value']);
  });

  it.each([
    ['another audience', { aud: 'someone-else' }],
    ['another issuer', { iss: 'https://evil.example' }],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 3600 }],
    ['a token without the user claim', { preferred_username: undefined }],
  ])('refuses %s with 401', async (_, claims) => {
    const token = idp.token('rsa-1', { preferred_username: 'alice', realm_access: { roles: ['schema-writers'] }, ...claims });
    const res = await bearer(token).get('/subjects');
    expect(res.status).toBe(401);
    expect(res.body.error_code).toBe(40101);
  });

  it('refuses a token signed with a key the provider does not publish', async () => {
    const forged = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect((await bearer(idp.token('rsa-1', { preferred_username: 'alice' }, forged)).get('/subjects')).status).toBe(401);
  });

  it('fetches the JWKS again when the provider signs with a new key', async () => {
    const before = idp.fetches;
    idp.addKey('rsa-2', 'RS256');
    const token = idp.token('rsa-2', { preferred_username: 'alice', realm_access: { roles: ['schema-writers'] } });
    expect((await bearer(token).get('/acl/whoami')).status).toBe(200);
    expect(idp.fetches).toBe(before + 1);
  });

  it('lets Confluent\'s client use the token as a static bearer token', async () => {
    const token = idp.token('rsa-1', { preferred_username: 'alice', realm_access: { roles: ['schema-writers'] } });
    const client = new SchemaRegistryClient({
      baseURLs: [charter.url],
      bearerAuthCredentials: { credentialsSource: 'STATIC_TOKEN', token, logicalCluster: 'charter', identityPoolId: 'pool' },
    });
    const id = await client.register('oidc-payments-value', { schemaType: 'AVRO', schema: avro('Payment') });
    expect((await client.getLatestSchemaMetadata('oidc-payments-value')).id).toBe(id);
  });

  it('lets a signed-in user make an API key for itself', async () => {
    const token = idp.token('rsa-1', { preferred_username: 'alice', realm_access: { roles: ['schema-writers'] } });
    const key = await bearer(token).post('/acl/keys', { description: 'laptop' });
    expect(key.body).toEqual(expect.objectContaining({ owner: 'alice', secret: expect.any(String) }));
    expect((await as(charter, basic(key.body.id, key.body.secret)).get('/acl/whoami')).body.owner).toBe('alice');
  });
});
