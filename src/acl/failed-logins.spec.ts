import { FailedLogins } from './failed-logins';

describe('failed sign-ins per source', () => {
  it('refuses a source once it reaches the limit within the window, until its oldest failure ages out', () => {
    const sut = new FailedLogins(3, 60_000);
    sut.record('10.0.0.1', 1_000);
    sut.record('10.0.0.1', 2_000);
    expect(sut.retryAfter('10.0.0.1', 2_500)).toBe(0);
    sut.record('10.0.0.1', 3_000);
    expect(sut.retryAfter('10.0.0.1', 3_000)).toBe(58);
    expect(sut.retryAfter('10.0.0.1', 60_999)).toBe(1);
    expect(sut.retryAfter('10.0.0.1', 61_000)).toBe(0);
  });

  it('counts each source on its own', () => {
    const sut = new FailedLogins(2, 10_000);
    sut.record('a', 0);
    sut.record('a', 1);
    sut.record('b', 1);
    expect(sut.retryAfter('a', 2)).toBeGreaterThan(0);
    expect(sut.retryAfter('b', 2)).toBe(0);
  });

  it('forgets the oldest sources beyond its size bound', () => {
    const sut = new FailedLogins(1, 10_000, 2);
    sut.record('a', 0);
    sut.record('b', 0);
    sut.record('c', 0);
    expect(sut.retryAfter('a', 1)).toBe(0);
    expect(sut.retryAfter('c', 1)).toBeGreaterThan(0);
  });
});
