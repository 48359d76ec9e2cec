/**
 * Answers being computed or computed already, by key, for work worth doing once: a data
 * set read and decoded, a run's test predictions. Callers asking while the work is under
 * way share its promise; the least recently used answer goes past `capacity`; a failed
 * one is dropped at once, so the next ask tries again (the file may have been fixed).
 * Pure (no Node): the one such cache, wherever one is needed.
 */
export class PromiseCache<K, V> {
  /** Least recently used first (a hit is re-inserted). */
  private readonly entries = new Map<K, Promise<V>>();

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`PromiseCache: capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The promise kept for `key`, else `start()`'s, kept. A synchronous throw keeps nothing and reaches the caller. */
  get(key: K, start: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const answer = start();
    this.entries.set(key, answer);
    // Only this answer: by the time it fails the key may hold a newer one.
    answer.catch(() => this.entries.get(key) === answer && this.entries.delete(key));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return answer;
  }

  /** Drops every answer whose key matches (what it was computed from is gone). */
  deleteWhere(matches: (key: K) => boolean): void {
    for (const key of [...this.entries.keys()]) if (matches(key)) this.entries.delete(key);
  }
}
