import { ConfigError, loadConfig, redactUrl } from './config';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults the operations settings', () => {
    const sut = loadConfig({});
    expect(sut.LOG_REQUESTS).toBe(true);
    expect(sut.CACHE_SAFETY_FLUSH_SECONDS).toBe(30);
    expect(sut.SHUTDOWN_TIMEOUT_SECONDS).toBe(30);
    expect(sut.NODE_ID).toMatch(/-\d+$/);
  });

  it('reads the operations settings', () => {
    const sut = loadConfig({ LOG_REQUESTS: 'false', CACHE_SAFETY_FLUSH_SECONDS: '0', SHUTDOWN_TIMEOUT_SECONDS: '5', NODE_ID: 'node-a' });
    expect(sut).toMatchObject({ LOG_REQUESTS: false, CACHE_SAFETY_FLUSH_SECONDS: 0, SHUTDOWN_TIMEOUT_SECONDS: 5, NODE_ID: 'node-a' });
  });

  it('names every bad variable with its value and what is wrong', () => {
    const message = errorOf({ PORT: 'abc', LOG_REQUESTS: 'maybe', CACHE_SAFETY_FLUSH_SECONDS: '-1', NODE_ID: 'a b' });
    expect(message).toMatch(/^ {2}PORT="abc": /m);
    expect(message).toMatch(/^ {2}LOG_REQUESTS="maybe": .*"true"/m);
    expect(message).toMatch(/^ {2}CACHE_SAFETY_FLUSH_SECONDS="-1": .*>=0/m);
    expect(message).toMatch(/^ {2}NODE_ID="a b": must be 1 to 100 printable ASCII characters without spaces/m);
  });

  it('never repeats a database password in a message', () => {
    const message = errorOf({ DATABASE_URL: 'mysql://charter:s3cret@db:3306/charter' });
    expect(message).toContain('DATABASE_URL="mysql://charter:***@db:3306/charter": must be file:<path>');
    expect(message).not.toContain('s3cret');
  });
});

describe('redactUrl', () => {
  it.each([
    ['postgresql://u:secret@h:5432/db', 'postgresql://u:***@h:5432/db'],
    ['postgresql://u@h/db', 'postgresql://u@h/db'],
    ['postgresql://h/db', 'postgresql://h/db'],
    ['file:./data/charter.db', 'file:./data/charter.db'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
