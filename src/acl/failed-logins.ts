/**
 * Failed sign-ins per source address in a sliding window: past the limit, the source is refused
 * (429) until its oldest failure in the window ages out. Pure and clock-injected.
 */
export class FailedLogins {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxSources = 100_000,
  ) {}

  /** Records a failure from `source` at `now` (ms). */
  record(source: string, now: number): void {
    const list = this.prune(source, now) ?? [];
    list.push(now);
    if (!this.failures.has(source) && this.failures.size >= this.maxSources) this.evictOldest();
    this.failures.delete(source);
    this.failures.set(source, list);
  }

  /** Seconds until `source` may try again, or 0 when it may now. */
  retryAfter(source: string, now: number): number {
    const list = this.prune(source, now);
    if (!list || list.length < this.limit) return 0;
    const oldestThatCounts = list[list.length - this.limit];
    return Math.max(1, Math.ceil((oldestThatCounts + this.windowMs - now) / 1000));
  }

  private prune(source: string, now: number): number[] | undefined {
    const list = this.failures.get(source);
    if (!list) return undefined;
    const from = now - this.windowMs;
    let i = 0;
    while (i < list.length && list[i] <= from) i++;
    if (i) list.splice(0, i);
    if (!list.length) {
      this.failures.delete(source);
      return undefined;
    }
    return list;
  }

  private evictOldest(): void {
    const oldest = this.failures.keys().next();
    if (!oldest.done) this.failures.delete(oldest.value);
  }
}
