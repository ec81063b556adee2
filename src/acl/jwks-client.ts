import type { KeyObject } from 'node:crypto';
import { jwkFits, publicKeyOf, type Jwk, type KeySource } from './jwt';

export interface JwksClientOptions {
  readonly url: string;
  /** Keys are fetched again after this long even when every kid is known. */
  readonly maxAgeMs?: number;
  /**
   * After a fetch that still lacked a requested kid, no other fetch for unknown kids within this
   * long: tokens with made-up kids must not make Charter hammer the identity provider.
   */
  readonly missCooldownMs?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

/**
 * An identity provider's JSON Web Key Set, fetched on first use, kept, fetched again when it is
 * old or when a token names a key it lacks (the provider rotated its keys).
 */
export class JwksClient implements KeySource {
  private keys: Jwk[] = [];
  private fetchedAt = -Infinity;
  private lastMissAt = -Infinity;
  private inFlight?: Promise<void>;
  private readonly converted = new WeakMap<Jwk, KeyObject>();
  private readonly maxAgeMs: number;
  private readonly missCooldownMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly opts: JwksClientOptions) {
    this.maxAgeMs = opts.maxAgeMs ?? 10 * 60_000;
    this.missCooldownMs = opts.missCooldownMs ?? 10_000;
    this.fetchFn = opts.fetch ?? fetch;
    this.now = opts.now ?? Date.now;
  }

  async find(kid: string | undefined, alg: string): Promise<KeyObject | undefined> {
    if (this.now() - this.fetchedAt > this.maxAgeMs) await this.refresh();
    let jwk = this.pick(kid, alg);
    if (!jwk && this.now() - this.lastMissAt >= this.missCooldownMs) {
      await this.refresh();
      jwk = this.pick(kid, alg);
      if (!jwk) this.lastMissAt = this.now();
    }
    if (!jwk) return undefined;
    let key = this.converted.get(jwk);
    if (!key) {
      key = publicKeyOf(jwk);
      this.converted.set(jwk, key);
    }
    return key;
  }

  private pick(kid: string | undefined, alg: string): Jwk | undefined {
    const fitting = this.keys.filter((k) => jwkFits(k, alg));
    // A token without kid may use the only key that fits (providers with a single key).
    if (kid === undefined) return fitting.length === 1 ? fitting[0] : undefined;
    return fitting.find((k) => k.kid === kid);
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const res = await this.fetchFn(this.opts.url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`JWKS ${this.opts.url} answered ${res.status}`);
    const body = (await res.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error(`JWKS ${this.opts.url} has no keys array`);
    this.keys = body.keys.filter((k): k is Jwk => !!k && typeof k === 'object');
    this.fetchedAt = this.now();
  }
}
