/**
 * A Map with bounds on its entry count and, optionally, on the total weight of its entries (a
 * caller's estimate of their size), evicting the oldest insertion first. Reads do not reorder
 * entries: hot lookups stay a single Map.get, and whatever is evicted is simply reloaded.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private totalWeight = 0;

  constructor(
    private readonly max: number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  get(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  set(key: K, value: V, weight = 0): void {
    this.delete(key);
    // An entry heavier than the whole budget is not kept at all.
    if (weight > this.maxWeight) return;
    while (this.map.size > 0 && (this.map.size >= this.max || this.totalWeight + weight > this.maxWeight)) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    this.map.set(key, { value, weight });
    this.totalWeight += weight;
  }

  delete(key: K): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.totalWeight -= entry.weight;
  }

  clear(): void {
    this.map.clear();
    this.totalWeight = 0;
  }

  get size(): number {
    return this.map.size;
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }
}
