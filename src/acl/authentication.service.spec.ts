import type { CharterConfig } from '../config/config';
import type { AclStore } from './acl-store.service';
import { AuthenticationService } from './authentication.service';
import type { AclRepository, StoredApiKey, StoredUser } from './repositories/acl.repository';
import * as secrets from './secrets';

// Counts password checks (the real ones run).
jest.mock('./secrets', () => {
  const actual = jest.requireActual('./secrets');
  return { ...actual, verifyPassword: jest.fn(actual.verifyPassword) };
});
const passwordChecks = secrets.verifyPassword as jest.MockedFunction<typeof secrets.verifyPassword>;

const config = { AUTH_CACHE_SECONDS: 10, AUTH_OIDC_CLOCK_SKEW_SECONDS: 60 } as CharterConfig;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const T0 = Date.parse('2030-01-01T00:00:00Z');

function fixture(keys: StoredApiKey[] = [], users: StoredUser[] = []) {
  const store = {
    credentialGeneration: 1,
    key: (id: string) => keys.find((k) => k.id === id),
    user: (name: string) => users.find((u) => u.name === name),
  } as unknown as AclStore;
  const sut = new AuthenticationService(config, store, { touchKeys: async () => undefined } as unknown as AclRepository);
  return { sut, store: store as { credentialGeneration: number } };
}

const key = (over: Partial<StoredApiKey> = {}): StoredApiKey => ({
  id: 'CKAAAAAAAAAAAAAAAA',
  owner: 'alice',
  description: null,
  secretHash: secrets.hashSecret('current-secret'),
  previousSecretHash: null,
  previousExpiresAt: null,
  expiresAt: null,
  lastUsedAt: null,
  rotatedAt: null,
  createdAt: new Date(T0),
  ...over,
});

describe('authentication', () => {
  beforeEach(() => passwordChecks.mockClear());

  it('accepts an API key until it expires, as Basic and as a bearer token', async () => {
    const { sut } = fixture([key({ expiresAt: new Date(T0 + 60_000) })]);
    expect((await sut.authenticate(basic('CKAAAAAAAAAAAAAAAA', 'current-secret'), T0)).ok).toBe(true);
    expect((await sut.authenticate('Bearer CKAAAAAAAAAAAAAAAA.current-secret', T0)).ok).toBe(true);
    const late = await sut.authenticate(basic('CKAAAAAAAAAAAAAAAA', 'current-secret'), T0 + 60_000);
    expect(late).toEqual(expect.objectContaining({ ok: false, reason: 'invalid', detail: 'API key expired', claimed: 'ApiKey:CKAAAAAAAAAAAAAAAA' }));
  });

  it('accepts the secret a rotation replaced until its grace period ends, even when remembered', async () => {
    const { sut } = fixture([key({ previousSecretHash: secrets.hashSecret('old-secret'), previousExpiresAt: new Date(T0 + 5_000) })]);
    expect((await sut.authenticate(basic('CKAAAAAAAAAAAAAAAA', 'old-secret'), T0)).ok).toBe(true);
    expect(sut.recall(basic('CKAAAAAAAAAAAAAAAA', 'old-secret'), T0 + 4_999)).toBeDefined();
    expect(sut.recall(basic('CKAAAAAAAAAAAAAAAA', 'old-secret'), T0 + 5_000)).toBeUndefined();
    expect((await sut.authenticate(basic('CKAAAAAAAAAAAAAAAA', 'old-secret'), T0 + 5_000)).ok).toBe(false);
    expect((await sut.authenticate(basic('CKAAAAAAAAAAAAAAAA', 'current-secret'), T0 + 5_000)).ok).toBe(true);
  });

  it('checks a password once for a burst of requests with the same new credentials', async () => {
    const hash = await secrets.hashPassword('alice-password');
    const { sut } = fixture([], [{ name: 'alice', passwordHash: hash, createdAt: new Date(T0) }]);
    const results = await Promise.all(Array.from({ length: 20 }, () => sut.authenticate(basic('alice', 'alice-password'), T0)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(passwordChecks).toHaveBeenCalledTimes(1);
  });

  it('forgets remembered credentials when users or keys change, and after its cache time', async () => {
    const { sut, store } = fixture([key()]);
    const auth = basic('CKAAAAAAAAAAAAAAAA', 'current-secret');
    await sut.authenticate(auth, T0);
    expect(sut.recall(auth, T0 + 1)).toEqual(expect.objectContaining({ name: 'CKAAAAAAAAAAAAAAAA', kind: 'api-key', owner: 'alice' }));
    expect(sut.recall(auth, T0 + 10_000)).toBeUndefined();
    store.credentialGeneration++;
    expect(sut.recall(auth, T0 + 1)).toBeUndefined();
  });

  it('refuses unknown users and service accounts at the cost of a password check, and malformed headers', async () => {
    const { sut } = fixture([], [{ name: 'svc', passwordHash: null, createdAt: new Date(T0) }]);
    expect(await sut.authenticate(basic('nobody', 'x'), T0)).toEqual(expect.objectContaining({ ok: false, detail: 'unknown user' }));
    expect(await sut.authenticate(basic('svc', 'x'), T0)).toEqual(expect.objectContaining({ ok: false, detail: 'wrong password' }));
    expect(passwordChecks).toHaveBeenCalledTimes(2);
    expect(await sut.authenticate('Basic bm9jb2xvbg==', T0)).toEqual(expect.objectContaining({ ok: false, detail: 'malformed Basic credentials' }));
    expect(await sut.authenticate(undefined, T0)).toEqual(expect.objectContaining({ ok: false, reason: 'missing' }));
    expect(await sut.authenticate('Bearer not-a-jwt-or-key', T0)).toEqual(expect.objectContaining({ ok: false, reason: 'invalid' }));
  });
});
