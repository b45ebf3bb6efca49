import type { Db } from './db.js';

/**
 * What a read produced, kept under the database's stamp for it: valid while the stamp read now is the stamp it was
 * kept under. The stamp is moved by the database itself (triggers, in the writing transaction), so a read that
 * starts after a commit sees the new stamp and never what was kept before it. A value read after its stamp is at
 * least as new as the stamp, so keeping it under that stamp can only make a later hit newer, never older.
 * Callers that find the same new stamp at once share one read (after a write, fifty watchers of a page would
 * otherwise all read it again together). Least recently used entries leave first once their sizes pass the budget.
 */
export class StampedCache<V> {
  private readonly entries = new Map<string, { stamp: string; value: Promise<V>; size: number }>();
  private bytes = 0;

  constructor(
    private readonly budgetBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** The value kept under `stamp`, or the one `read` gives (kept once it has been read; a failed read is not kept). */
  get(key: string, stamp: string, read: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.stamp === stamp) {
      // Map order is insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.value;
    }
    this.drop(key);
    const value = read();
    const pending = { stamp, value, size: 0 };
    this.entries.set(key, pending);
    value.then(
      (v) => {
        if (this.entries.get(key) !== pending) return;
        const size = this.sizeOf(v);
        // Larger than the whole budget: answered, not kept (nor does it push out what is).
        if (size > this.budgetBytes) return this.drop(key);
        pending.size = size;
        this.bytes += size;
        for (const [oldest] of this.entries) {
          if (this.bytes <= this.budgetBytes) break;
          this.drop(oldest);
        }
      },
      () => {
        if (this.entries.get(key) === pending) this.drop(key);
      },
    );
    return value;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }
}

/** One cache per database handle and name (two platforms in one process, as the tests run them, keep their own). */
const caches = new WeakMap<Db, Map<string, StampedCache<unknown>>>();

export function stampedCacheOf<V>(db: Db, name: string, budgetBytes: number, sizeOf: (value: V) => number): StampedCache<V> {
  let named = caches.get(db);
  if (!named) caches.set(db, (named = new Map()));
  let cache = named.get(name);
  if (!cache) named.set(name, (cache = new StampedCache<V>(budgetBytes, sizeOf) as StampedCache<unknown>));
  return cache as StampedCache<V>;
}
