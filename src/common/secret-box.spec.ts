import { randomBytes } from 'node:crypto';
import { SecretBox, SecretUnreadable } from './secret-box';

const box = (key = randomBytes(32)) => {
  const parsed = SecretBox.parseKey(key.toString('base64'));
  if (!('box' in parsed)) throw new Error(parsed.problem);
  return parsed.box;
};

describe('SecretBox', () => {
  it('seals a secret so that only its key opens it, differently each time', () => {
    const b = box();
    const a1 = b.seal('hunter2'), a2 = b.seal('hunter2');
    expect(a1).toMatch(/^enc:v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(a1).not.toBe(a2);
    expect(a1).not.toContain('hunter2');
    expect([b.open(a1), b.open(a2)]).toEqual(['hunter2', 'hunter2']);
    expect(() => box().open(a1)).toThrow(new SecretUnreadable('it was encrypted with another SECRETS_KEY'));
    expect(() => SecretBox.NONE.open(a1)).toThrow(new SecretUnreadable('it is stored encrypted and SECRETS_KEY is not set'));
  });

  it('refuses a tampered value rather than answer garbage', () => {
    const b = box();
    const sealed = b.seal('hunter2');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => b.open(tampered)).toThrow(SecretUnreadable);
  });

  it('reads values stored before a key was set, and stores as given without one', () => {
    expect(box().open('plain-old-password')).toBe('plain-old-password');
    expect(SecretBox.NONE.seal('as-given')).toBe('as-given');
    expect([box().seal(null), box().open(null)]).toEqual([null, null]);
  });

  it('takes 32 bytes as hex or base64 (either alphabet), nothing else', () => {
    const key = randomBytes(32);
    for (const text of [key.toString('hex'), key.toString('base64'), key.toString('base64url')]) expect('box' in SecretBox.parseKey(text)).toBe(true);
    for (const text of ['short', randomBytes(16).toString('base64'), randomBytes(33).toString('hex'), 'correct horse battery staple correct horse']) {
      expect(SecretBox.parseKey(text)).toEqual({ problem: expect.stringContaining('32 random bytes') });
    }
  });
});
