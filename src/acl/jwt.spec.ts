import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { JwksClient } from './jwks-client';
import { claimStrings, JwtError, verifyJwt, type Jwk, type KeySource } from './jwt';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwkOf = (k: KeyObject, kid: string, alg: string): Jwk => ({ ...(k.export({ format: 'jwk' }) as Jwk), kid, alg, use: 'sig' });

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function token(alg: string, key: KeyObject, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg, typ: 'JWT', ...header })}.${b64(claims)}`;
  const hash = alg.endsWith('256') ? 'sha256' : 'sha384';
  const signature = alg.startsWith('ES') ? sign(hash, Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }) : sign(hash, Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

const NOW = 1_800_000_000;
const expect_ = { issuer: 'https://idp.example', audience: 'charter', clockSkewSeconds: 60, now: NOW };
const claims = (extra: Record<string, unknown> = {}) => ({ iss: 'https://idp.example', aud: 'charter', sub: 'alice', exp: NOW + 300, ...extra });

/** A key source holding fixed JWKs. */
function keys(...jwks: Jwk[]): KeySource {
  return new JwksClient({ url: 'http://idp/jwks', fetch: (async () => new Response(JSON.stringify({ keys: jwks }))) as typeof fetch });
}

describe('JWT verification', () => {
  const source = keys(jwkOf(rsa.publicKey, 'r1', 'RS256'), jwkOf(ec.publicKey, 'e1', 'ES256'));

  it('accepts RS256 and ES256 tokens signed by a key of the set', async () => {
    await expect(verifyJwt(token('RS256', rsa.privateKey, claims(), { kid: 'r1' }), source, expect_)).resolves.toEqual(claims());
    await expect(verifyJwt(token('ES256', ec.privateKey, claims(), { kid: 'e1' }), source, expect_)).resolves.toEqual(claims());
  });

  it.each([
    ['a wrong issuer', claims({ iss: 'https://evil.example' }), 'wrong issuer'],
    ['a wrong audience', claims({ aud: ['other'] }), 'wrong audience'],
    ['an expired token', claims({ exp: NOW - 61 }), 'expired'],
    ['a token not valid yet', claims({ nbf: NOW + 120 }), 'not valid yet'],
    ['a token without expiry', { iss: 'https://idp.example', aud: 'charter', sub: 'x' }, 'no expiry'],
  ])('refuses %s', async (_, c, reason) => {
    await expect(verifyJwt(token('RS256', rsa.privateKey, c, { kid: 'r1' }), source, expect_)).rejects.toThrow(new JwtError(reason));
  });

  it('accepts an audience listed among several, and expiry within the allowed skew', async () => {
    await expect(verifyJwt(token('RS256', rsa.privateKey, claims({ aud: ['x', 'charter'], exp: NOW - 30 }), { kid: 'r1' }), source, expect_)).resolves.toBeDefined();
  });

  it('refuses a token signed by another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expect(verifyJwt(token('RS256', other.privateKey, claims(), { kid: 'r1' }), source, expect_)).rejects.toThrow('bad signature');
  });

  it('refuses unsigned and shared-secret tokens, and keys of the wrong type for the algorithm', async () => {
    const unsigned = `${b64({ alg: 'none' })}.${b64(claims())}.`;
    await expect(verifyJwt(unsigned, source, expect_)).rejects.toThrow('algorithm none is not accepted');
    await expect(verifyJwt(`${b64({ alg: 'HS256', kid: 'r1' })}.${b64(claims())}.AAAA`, source, expect_)).rejects.toThrow('not accepted');
    await expect(verifyJwt(token('ES256', ec.privateKey, claims(), { kid: 'r1' }), source, expect_)).rejects.toThrow('no key r1');
  });

  it('refuses what is not a compact JWS', async () => {
    await expect(verifyJwt('abc', source, expect_)).rejects.toThrow('not a compact JWS');
    await expect(verifyJwt('a.b.c', source, expect_)).rejects.toThrow('malformed header');
  });

  it('reads string and list claims by dotted path', () => {
    const c = { groups: ['a', 'b', 3], realm_access: { roles: ['admin'] }, team: 'payments' };
    expect(claimStrings(c, 'groups')).toEqual(['a', 'b']);
    expect(claimStrings(c, 'realm_access.roles')).toEqual(['admin']);
    expect(claimStrings(c, 'team')).toEqual(['payments']);
    expect(claimStrings(c, 'missing.path')).toEqual([]);
  });
});

describe('JWKS client', () => {
  function provider() {
    let jwks: Jwk[] = [jwkOf(rsa.publicKey, 'old', 'RS256')];
    let fetches = 0;
    const fetchFn = (async () => {
      fetches++;
      return new Response(JSON.stringify({ keys: jwks }));
    }) as typeof fetch;
    return { fetchFn, rotate: (...k: Jwk[]) => (jwks = k), fetches: () => fetches };
  }

  it('fetches once and answers known keys from memory', async () => {
    const idp = provider();
    const sut = new JwksClient({ url: 'http://idp', fetch: idp.fetchFn, now: () => 0 });
    expect(await sut.find('old', 'RS256')).toBeDefined();
    expect(await sut.find('old', 'RS256')).toBeDefined();
    expect(idp.fetches()).toBe(1);
  });

  it('fetches again when a token names a key it lacks (the provider rotated its keys)', async () => {
    const idp = provider();
    const sut = new JwksClient({ url: 'http://idp', fetch: idp.fetchFn, now: () => 0 });
    await sut.find('old', 'RS256');
    idp.rotate(jwkOf(ec.publicKey, 'new', 'ES256'));
    expect(await sut.find('new', 'ES256')).toBeDefined();
    expect(idp.fetches()).toBe(2);
  });

  it('does not fetch again for unknown kids during the cooldown after a miss', async () => {
    const idp = provider();
    let now = 0;
    const sut = new JwksClient({ url: 'http://idp', fetch: idp.fetchFn, now: () => now, missCooldownMs: 10_000 });
    expect(await sut.find('made-up-1', 'RS256')).toBeUndefined();
    expect(await sut.find('made-up-2', 'RS256')).toBeUndefined();
    expect(idp.fetches()).toBe(2); // the first fetch, and the one that still missed
    now = 10_000;
    await sut.find('made-up-3', 'RS256');
    expect(idp.fetches()).toBe(3);
  });

  it('uses the only fitting key for a token without kid, and fetches again when keys are old', async () => {
    const idp = provider();
    let now = 0;
    const sut = new JwksClient({ url: 'http://idp', fetch: idp.fetchFn, now: () => now, maxAgeMs: 1000 });
    expect(await sut.find(undefined, 'RS256')).toBeDefined();
    now = 1001;
    await sut.find(undefined, 'RS256');
    expect(idp.fetches()).toBe(2);
  });
});
