import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * Verification of JSON Web Tokens from an OpenID Connect provider, with Node's crypto only:
 * RS256/RS384/RS512 and ES256/ES384 signatures, then issuer, audience and lifetime.
 * Unsigned tokens and shared-secret algorithms (none, HS*) are refused: a JWKS holds public keys.
 */

export class JwtError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'JwtError';
  }
}

interface Algorithm {
  readonly hash: string;
  readonly kty: 'RSA' | 'EC';
  readonly crv?: string;
}

const ALGORITHMS: Record<string, Algorithm> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  RS384: { hash: 'sha384', kty: 'RSA' },
  RS512: { hash: 'sha512', kty: 'RSA' },
  ES256: { hash: 'sha256', kty: 'EC', crv: 'P-256' },
  ES384: { hash: 'sha384', kty: 'EC', crv: 'P-384' },
};

/** A JWK as published in a JWKS. */
export interface Jwk extends JsonWebKey {
  kid?: string;
  alg?: string;
  use?: string;
}

/** Where verification finds the key a token names: a JWKS, fetched and cached (JwksClient). */
export interface KeySource {
  /** The key with this id usable with this algorithm, or undefined. */
  find(kid: string | undefined, alg: string): Promise<KeyObject | undefined>;
}

export interface JwtExpectations {
  readonly issuer: string;
  readonly audience: string;
  /** Allowed difference between our clock and the issuer's, in seconds. */
  readonly clockSkewSeconds: number;
  /** Seconds since the epoch; Date.now() by default. */
  readonly now?: number;
}

export type JwtClaims = Record<string, unknown>;

function decodePart(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  throw new JwtError(`malformed ${what}`);
}

/** Whether a JWK may verify tokens signed with `alg`. */
export function jwkFits(jwk: Jwk, alg: string): boolean {
  const a = ALGORITHMS[alg];
  if (!a || jwk.kty !== a.kty) return false;
  if (jwk.alg && jwk.alg !== alg) return false;
  if (jwk.use && jwk.use !== 'sig') return false;
  if (a.crv && jwk.crv !== a.crv) return false;
  return true;
}

/** A verifying key from a JWK (public parts only). */
export function publicKeyOf(jwk: Jwk): KeyObject {
  const { kty, n, e, crv, x, y } = jwk;
  return createPublicKey({ key: { kty, n, e, crv, x, y } as JsonWebKey, format: 'jwk' });
}

/**
 * Verifies a compact JWS token and its claims; returns the claims or throws a JwtError saying
 * why not (for the log: the client only learns that its credentials were refused).
 */
export async function verifyJwt(token: string, keys: KeySource, expect: JwtExpectations): Promise<JwtClaims> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) throw new JwtError('not a compact JWS');
  const header = decodePart(parts[0], 'header');
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const a = ALGORITHMS[alg];
  if (!a) throw new JwtError(`algorithm ${alg || '(none)'} is not accepted`);
  if (header.crit !== undefined) throw new JwtError('critical header parameters are not supported');
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const key = await keys.find(kid, alg);
  if (!key) throw new JwtError(`no key ${kid ?? '(without kid)'} for ${alg}`);
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
  const signature = Buffer.from(parts[2], 'base64url');
  const ok = verify(a.hash, signed, a.kty === 'EC' ? { key, dsaEncoding: 'ieee-p1363' } : key, signature);
  if (!ok) throw new JwtError('bad signature');

  const claims = decodePart(parts[1], 'payload');
  const now = expect.now ?? Math.floor(Date.now() / 1000);
  const skew = expect.clockSkewSeconds;
  if (claims.iss !== expect.issuer) throw new JwtError('wrong issuer');
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expect.audience)) throw new JwtError('wrong audience');
  if (typeof claims.exp !== 'number') throw new JwtError('no expiry');
  if (claims.exp + skew <= now) throw new JwtError('expired');
  if (typeof claims.nbf === 'number' && claims.nbf - skew > now) throw new JwtError('not valid yet');
  return claims;
}

/** A claim by dotted path (`realm_access.roles`), as a list of strings: a string, or an array of them. */
export function claimStrings(claims: JwtClaims, path: string): string[] {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object') return [];
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value === 'string') return value ? [value] : [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
