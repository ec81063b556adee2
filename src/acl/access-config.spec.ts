import { ConfigError, isLoopbackHost, loadConfig } from '../config/config';

const base = { DATABASE_URL: 'file:/tmp/x.db' };

describe('access configuration', () => {
  it('leaves authentication off by default, and turns it on with an OpenID Connect issuer', () => {
    expect(loadConfig(base).AUTH_ENABLED).toBe(false);
    expect(loadConfig({ ...base, AUTH_ENABLED: 'true' }).AUTH_ENABLED).toBe(true);
    const oidc = loadConfig({ ...base, AUTH_OIDC_ISSUER: 'https://idp', AUTH_OIDC_AUDIENCE: 'charter', AUTH_OIDC_JWKS_URL: 'https://idp/jwks' });
    expect(oidc.AUTH_ENABLED).toBe(true);
    expect(oidc.AUTH_OIDC_GROUPS_CLAIM).toBe('groups');
  });

  it('refuses to serve without authentication beyond the loopback address, naming the variables', () => {
    expect(() => loadConfig({ ...base, HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, HOST: '0.0.0.0' })).toThrow(/HOST="0\.0\.0\.0".*AUTH_ENABLED=true.*ADMIN_USER.*ALLOW_UNAUTHENTICATED=true/s);
    expect(loadConfig({ ...base, HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ ...base, HOST: '0.0.0.0', AUTH_ENABLED: 'true' }).AUTH_ENABLED).toBe(true);
    expect(loadConfig({ ...base, HOST: '::1' }).HOST).toBe('::1');
  });

  it('offers sign-in through the provider to the web UI only with OpenID Connect configured', () => {
    expect(() => loadConfig({ ...base, AUTH_ENABLED: 'true', AUTH_OIDC_UI_CLIENT_ID: 'charter-ui' })).toThrow(/AUTH_OIDC_UI_CLIENT_ID="charter-ui": needs AUTH_OIDC_ISSUER/);
    expect(() => loadConfig({ ...base, AUTH_OIDC_DISCOVERY_URL: 'ftp://idp/x' })).toThrow(/AUTH_OIDC_DISCOVERY_URL="ftp:\/\/idp\/x": must be an http\(s\) URL/);
    const ui = loadConfig({ ...base, AUTH_OIDC_ISSUER: 'https://idp', AUTH_OIDC_AUDIENCE: 'charter', AUTH_OIDC_JWKS_URL: 'https://idp/jwks', AUTH_OIDC_UI_CLIENT_ID: 'charter-ui' });
    expect([ui.AUTH_OIDC_UI_CLIENT_ID, ui.AUTH_OIDC_UI_SCOPES]).toEqual(['charter-ui', 'openid profile email']);
  });

  it('takes a SECRETS_KEY of 32 bytes, and never repeats a bad one in its message', () => {
    expect(() => loadConfig({ ...base, SECRETS_KEY: 'my-weak-secret' })).toThrow(/SECRETS_KEY="\*\*\*": must be 32 random bytes/);
    expect(() => loadConfig({ ...base, SECRETS_KEY: 'my-weak-secret' })).not.toThrow(/my-weak-secret/);
    expect(loadConfig({ ...base, SECRETS_KEY: 'a'.repeat(64) }).SECRETS_KEY.enabled).toBe(true);
    expect(loadConfig(base).SECRETS_KEY.enabled).toBe(false);
  });

  it('knows the loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'charter.example', '128.0.0.1']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('needs the whole OpenID Connect triple', () => {
    expect(() => loadConfig({ ...base, AUTH_OIDC_ISSUER: 'https://idp' })).toThrow(/AUTH_OIDC_AUDIENCE.*is required.*\n.*AUTH_OIDC_JWKS_URL.*is required/s);
    expect(() =>
      loadConfig({ ...base, AUTH_ENABLED: 'false', AUTH_OIDC_ISSUER: 'i', AUTH_OIDC_AUDIENCE: 'a', AUTH_OIDC_JWKS_URL: 'https://idp/jwks' }),
    ).toThrow(/AUTH_ENABLED.*cannot be false/);
    expect(() => loadConfig({ ...base, AUTH_OIDC_ISSUER: 'i', AUTH_OIDC_AUDIENCE: 'a', AUTH_OIDC_JWKS_URL: 'ftp://x' })).toThrow(/AUTH_OIDC_JWKS_URL/);
  });

  it('takes ADMIN_USER and ADMIN_PASSWORD together and never shows the password', () => {
    expect(() => loadConfig({ ...base, ADMIN_USER: 'root' })).toThrow(/ADMIN_PASSWORD/);
    let message = '';
    try {
      loadConfig({ ...base, ADMIN_USER: 'root', ADMIN_PASSWORD: 'short' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('ADMIN_PASSWORD="***": must be at least 8 characters');
    expect(message).not.toContain('short');
  });
});
