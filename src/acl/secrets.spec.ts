import { API_KEY_ID, hashPassword, hashSecret, newApiKeyId, newApiKeySecret, secretMatches, verifyPassword } from './secrets';

describe('secrets', () => {
  it('hashes passwords with scrypt and a random salt, and checks them', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse!', a)).toBe(false);
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$a$b$c$d$e')).toBe(false);
  });

  it('makes API key ids that cannot be mistaken for secrets, and secrets that split from them with a dot', () => {
    const id = newApiKeyId();
    const secret = newApiKeySecret();
    expect(id).toMatch(API_KEY_ID);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(`${id}.${secret}`.split('.')).toEqual([id, secret]);
  });

  it('stores secrets as hashes and compares them', () => {
    const secret = newApiKeySecret();
    const stored = hashSecret(secret);
    expect(stored).not.toContain(secret);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(`${secret}x`, stored)).toBe(false);
    expect(secretMatches(secret, 'not-hex')).toBe(false);
  });
});
