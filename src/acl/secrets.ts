import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Passwords and API key secrets: how they are made, stored and checked. Nothing here keeps or
 * logs a plaintext.
 */

/** scrypt's cost: 2^14 x 8 x 1 uses 16 MiB and tens of milliseconds per check. */
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keylen, { ...opts, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LENGTH, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (!expected.length) return false;
  const actual = await scryptAsync(password, salt, expected.length, { N, r, p });
  return timingSafeEqual(actual, expected);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** API key ids: `CK` and 16 base32 characters, so they are never mistaken for the secret. */
export const API_KEY_ID = /^CK[A-Z2-7]{16}$/;

export function newApiKeyId(): string {
  const bytes = randomBytes(16);
  let id = 'CK';
  for (let i = 0; i < 16; i++) id += BASE32[bytes[i] & 31];
  return id;
}

/** 256 random bits, base64url (no `.`, so `id.secret` splits unambiguously as a bearer token). */
export function newApiKeySecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Secrets are long random strings, so a plain SHA-256 is enough to store them: a slow hash
 * protects guessable passwords, and nobody can guess 256 random bits.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a secret with a stored SHA-256 hash (hex). */
export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = createHash('sha256').update(secret, 'utf8').digest();
  const expected = Buffer.from(storedHash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
