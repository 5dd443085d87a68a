/**
 * A bounded map whose entries end at their own expiry: `get` never returns an entry at or past
 * it, and at most `maxEntries` are held (the oldest leave first). The caches of verified access
 * tokens and of decoded session cookies are both keyed by the whole credential, so a hit can
 * only be the answer the full check gave for exactly those bytes.
 */
export interface ExpiringCache<V> {
  /** The value stored under `key` if it expires after `nowMs`. */
  get(key: string, nowMs: number): V | undefined;
  /** Stores `value` under `key` until `expiresAtMs` (milliseconds since the epoch). */
  set(key: string, value: V, expiresAtMs: number): void;
}

/** An expiring cache of at most `maxEntries` entries; 0 keeps nothing. */
export function createExpiringCache<V>(maxEntries: number): ExpiringCache<V> {
  const entries = new Map<string, { value: V; expiresAtMs: number }>();
  return {
    get(key, nowMs) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAtMs <= nowMs) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, expiresAtMs) {
      if (maxEntries <= 0) return;
      if (entries.size >= maxEntries && !entries.has(key)) {
        entries.delete(entries.keys().next().value as string);
      }
      entries.set(key, { value, expiresAtMs });
    },
  };
}
