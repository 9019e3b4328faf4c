/**
 * A cache whose keys may come from a request: bounded by size (least recently used goes first)
 * and by age (an entry older than `ttlMs` is never returned). Whatever an unauthenticated caller
 * sends, memory stays at `maxEntries` entries.
 */
export interface BoundedCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  clear(): void;
  /** Entries held now (expired ones included until they are touched or pushed out). */
  readonly size: number;
}

export const createBoundedCache = <V>(options: { maxEntries: number; ttlMs: number; now?: () => number }): BoundedCache<V> => {
  if (!(options.maxEntries >= 1)) throw new Error('a bounded cache holds at least one entry');
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, { value: V; until: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.until <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, until: now() + options.ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    delete: (key) => void entries.delete(key),
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
};
