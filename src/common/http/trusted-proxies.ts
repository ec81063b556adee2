import { BlockList, isIP } from 'node:net';

/**
 * The proxies (load balancers, TLS terminators) whose `X-Forwarded-For` Charter believes, so the
 * audit log, request logs and the failed sign-in throttle see the client's address rather than
 * the proxy's. Only addresses and CIDR ranges are accepted: a hop count or "trust everyone"
 * would let any client name its own address.
 */
export class TrustedProxies {
  private readonly list = new BlockList();

  private constructor(readonly entries: readonly string[]) {
    for (const e of entries) {
      const [address, bits] = e.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(bits), family);
    }
  }

  static readonly NONE = new TrustedProxies([]);

  /** `10.0.0.0/8, 192.168.1.7, fd00::/8`; problems name each entry that is not an address or range. */
  static parse(text: string): { proxies: TrustedProxies } | { problems: string[] } {
    const entries = text
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const problems = entries.filter((e) => !validEntry(e)).map((e) => `'${e}' is not an IP address or CIDR range`);
    return problems.length ? { problems } : { proxies: new TrustedProxies(entries) };
  }

  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /** Whether a peer's address is one of the trusted proxies. */
  readonly trusts = (address: string | undefined): boolean => {
    if (!address || !this.enabled) return false;
    const plain = unmapped(address);
    const family = isIP(plain);
    return family !== 0 && this.list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };

  /**
   * The client's address: the peer's, or, while the peer is a trusted proxy, the next address
   * to the left in `X-Forwarded-For` (the nearest hop that is not a trusted proxy).
   */
  clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined): string | undefined {
    if (!this.trusts(peer) || forwardedFor === undefined) return peer;
    const hops = [forwardedFor]
      .flat()
      .join(',')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      if (isIP(unmapped(hops[i])) === 0) break;
      client = hops[i];
      if (!this.trusts(client)) break;
    }
    return client;
  }
}

function validEntry(e: string): boolean {
  const [address, bits, extra] = e.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 6 ? 128 : 32);
}

/** `::ffff:10.0.0.1` as `10.0.0.1`, so IPv4 ranges match peers reached over a dual-stack socket. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
