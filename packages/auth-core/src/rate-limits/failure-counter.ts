import { qualifiedTable } from '@mana/internal';
import type { ManaDatabase } from '../database/create-database.js';
import type { RedisLike } from '../sessions/redis-storage.js';

/** A counter state: how many failures, and seconds until it is forgotten. */
export interface FailureCount {
  count: number;
  retryAfterSeconds: number;
}

/** Counts consecutive failures per key within a window; shared by every instance. */
export interface FailureCounter {
  get(key: string): Promise<FailureCount>;
  /** Adds one failure; a key whose window ran out starts again at 1. */
  increment(key: string, windowSeconds: number): Promise<FailureCount>;
  reset(keys: string[]): Promise<void>;
}

const NONE: FailureCount = { count: 0, retryAfterSeconds: 0 };

/** Counters in `<schema>.login_failures`, updated with one atomic upsert each. */
export function databaseFailureCounter(database: ManaDatabase): FailureCounter {
  const table = qualifiedTable(database.schema, 'login_failures');
  return {
    async get(key) {
      const [row] = await database.query<{ count: number; ttl: number }>(
        `SELECT count, ceil(extract(epoch FROM expires_at - now()))::int AS ttl
         FROM ${table} WHERE key = $1 AND expires_at > now()`,
        [key],
      );
      return row ? { count: row.count, retryAfterSeconds: Math.max(1, row.ttl) } : NONE;
    },
    async increment(key, windowSeconds) {
      const [row] = await database.query<{ count: number; ttl: number }>(
        `INSERT INTO ${table} AS f (key, count, expires_at)
         VALUES ($1, 1, now() + make_interval(secs => $2))
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN f.expires_at <= now() THEN 1 ELSE f.count + 1 END,
           expires_at = CASE WHEN f.expires_at <= now() THEN now() + make_interval(secs => $2) ELSE f.expires_at END
         RETURNING count, ceil(extract(epoch FROM expires_at - now()))::int AS ttl`,
        [key, windowSeconds],
      );
      return { count: row!.count, retryAfterSeconds: Math.max(1, row!.ttl) };
    },
    async reset(keys) {
      await database.query(`DELETE FROM ${table} WHERE key = ANY($1::text[])`, [keys]);
    },
  };
}

const INCREMENT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('TTL', KEYS[1])}`;
const READ = `return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('TTL', KEYS[1])}`;

/** Counters in Redis (INCR with the window as TTL, set once). */
export function redisFailureCounter(redis: RedisLike, prefix: string): FailureCounter {
  const parse = (reply: unknown): FailureCount => {
    const [count, ttl] = reply as [number, number];
    return count > 0 ? { count, retryAfterSeconds: Math.max(1, ttl) } : NONE;
  };
  return {
    get: async (key) => parse(await redis.eval(READ, 1, `${prefix}lockout:${key}`)),
    increment: async (key, windowSeconds) =>
      parse(await redis.eval(INCREMENT, 1, `${prefix}lockout:${key}`, windowSeconds)),
    async reset(keys) {
      if (keys.length > 0) await redis.del(...keys.map((key) => `${prefix}lockout:${key}`));
    },
  };
}
