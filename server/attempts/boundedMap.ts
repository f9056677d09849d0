/**
 * A Map that keeps at most `limit` entries, forgetting the one set longest ago. For per-process
 * caches keyed by attempt: a server that runs for months meets millions of attempts, and a cache
 * that only grows is a slow leak. Setting a key again makes it the newest.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('limit must be at least 1');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): this {
    // A Map iterates in insertion order: re-inserting moves the key to the end, so the first key is the stalest.
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }
}
