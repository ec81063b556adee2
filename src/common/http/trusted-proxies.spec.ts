import { TrustedProxies } from './trusted-proxies';

function proxies(text: string): TrustedProxies {
  const parsed = TrustedProxies.parse(text);
  if (!('proxies' in parsed)) throw new Error(parsed.problems.join('; '));
  return parsed.proxies;
}

describe('TrustedProxies', () => {
  it('accepts addresses and CIDR ranges of both families, and refuses anything else by name', () => {
    expect(proxies(' 10.0.0.0/8, 192.168.1.7 ,fd00::/8, ::1').entries).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8', '::1']);
    expect(TrustedProxies.parse('10.0.0.0/33, lb.internal, 2, 10.0.0.1/8/1, 10.0.0.0/x')).toEqual({
      problems: [
        "'10.0.0.0/33' is not an IP address or CIDR range",
        "'lb.internal' is not an IP address or CIDR range",
        "'2' is not an IP address or CIDR range",
        "'10.0.0.1/8/1' is not an IP address or CIDR range",
        "'10.0.0.0/x' is not an IP address or CIDR range",
      ],
    });
    expect(proxies('').enabled).toBe(false);
  });

  it('believes X-Forwarded-For only from a trusted peer', () => {
    const lb = proxies('10.0.0.0/8');
    expect(lb.clientAddress('10.1.2.3', '203.0.113.9')).toBe('203.0.113.9');
    expect(lb.clientAddress('198.51.100.4', '203.0.113.9')).toBe('198.51.100.4');
    expect(TrustedProxies.NONE.clientAddress('10.1.2.3', '203.0.113.9')).toBe('10.1.2.3');
    expect(lb.clientAddress('10.1.2.3', undefined)).toBe('10.1.2.3');
  });

  it('walks the chain right to left and stops at the first address it does not trust', () => {
    const lb = proxies('10.0.0.0/8, 192.168.0.1');
    // The client forged the leftmost entry; the nearest untrusted hop is the real one.
    expect(lb.clientAddress('10.0.0.5', '1.1.1.1, 203.0.113.9, 192.168.0.1')).toBe('203.0.113.9');
    expect(lb.clientAddress('10.0.0.5', ['1.1.1.1, 203.0.113.9', '10.9.9.9'])).toBe('203.0.113.9');
    // Every hop trusted: the leftmost one is as far as anyone can tell.
    expect(lb.clientAddress('10.0.0.5', '10.0.0.7, 192.168.0.1')).toBe('10.0.0.7');
    // Garbage ends the walk where it starts.
    expect(lb.clientAddress('10.0.0.5', 'not-an-address, 10.0.0.9')).toBe('10.0.0.9');
  });

  it('matches IPv4 peers seen through a dual-stack socket, and IPv6 ranges', () => {
    expect(proxies('127.0.0.1').trusts('::ffff:127.0.0.1')).toBe(true);
    expect(proxies('fd00::/8').trusts('fd12::1')).toBe(true);
    expect(proxies('fd00::/8').trusts('fe80::1')).toBe(false);
    expect(proxies('10.0.0.0/8').trusts(undefined)).toBe(false);
  });
});
