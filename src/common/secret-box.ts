import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

/** A stored secret that cannot be read: encrypted with another key, or with none configured. */
export class SecretUnreadable extends Error {}

/**
 * Secrets kept in the database (Kafka clusters' passwords and TLS keys) encrypted with
 * AES-256-GCM under SECRETS_KEY: `enc:v1:<iv>:<tag>:<ciphertext>`, base64url. Without a key,
 * values are kept as given (and said so at start); values stored before a key was set stay
 * readable and are encrypted when next written.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer | undefined) {}

  static readonly NONE = new SecretBox(undefined);

  /** 32 bytes as 64 hex digits or as base64; anything else is refused by name. */
  static parseKey(text: string): { box: SecretBox } | { problem: string } {
    const t = text.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(t)
      ? Buffer.from(t, 'hex')
      : /^[A-Za-z0-9+/_-]{43}=?$/.test(t)
        ? Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
        : undefined;
    if (!key || key.length !== 32) return { problem: 'must be 32 random bytes, as 64 hex digits or in base64 (openssl rand -base64 32)' };
    return { box: new SecretBox(key) };
  }

  get enabled(): boolean {
    return this.key !== undefined;
  }

  seal(value: string): string;
  seal(value: string | null): string | null;
  seal(value: string | null): string | null {
    if (value === null || !this.key) return value;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${sealed.toString('base64url')}`;
  }

  open(value: string): string;
  open(value: string | null): string | null;
  open(value: string | null): string | null {
    if (value === null || !value.startsWith(PREFIX)) return value;
    if (!this.key) throw new SecretUnreadable('it is stored encrypted and SECRETS_KEY is not set');
    const [iv, tag, sealed] = value.slice(PREFIX.length).split(':');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadable('it was encrypted with another SECRETS_KEY');
    }
  }

  /** Whether a stored value is encrypted. */
  static isSealed(value: string | null): boolean {
    return value !== null && value.startsWith(PREFIX);
  }
}
