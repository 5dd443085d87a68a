import type { SecondaryStorage } from 'better-auth';

/**
 * The counts Better Auth's limiter last read from Redis, by limiter key (`<ip>|<path>`), so that
 * an allowed answer can say how many requests are left (`RateLimit: "…";r=N`). Only the Redis
 * storage reports a count (its atomic increment); the memory and database storages do not, and
 * reading them again would cost a query per request. Bounded: the oldest entries go first.
 */
export interface LimiterCounts {
  /** The count the limiter saw for `key`, once (it is forgotten when taken). */
  take(key: string): number | undefined;
}

const MAX_ENTRIES = 10_000;
const registry = new WeakMap<object, LimiterCounts>();

/**
 * `storage` with its `increment` (used by the limiter only) recording each count; find the
 * counts with {@link limiterCountsOf}.
 */
export function countingStorage(storage: SecondaryStorage): SecondaryStorage {
  const increment = storage.increment;
  if (!increment) return storage;
  const counts = new Map<string, number>();
  const counting: SecondaryStorage = {
    ...storage,
    increment: async (key, ttl) => {
      const count = await increment(key, ttl);
      counts.delete(key);
      counts.set(key, count);
      if (counts.size > MAX_ENTRIES) counts.delete(counts.keys().next().value as string);
      return count;
    },
  };
  registry.set(counting, {
    take(key) {
      const count = counts.get(key);
      counts.delete(key);
      return count;
    },
  });
  return counting;
}

/** The counts of a storage made by {@link countingStorage}. */
export function limiterCountsOf(storage: unknown): LimiterCounts | undefined {
  return typeof storage === 'object' && storage !== null ? registry.get(storage) : undefined;
}
