import { type ManaLog, qualifiedTable } from '@mana/internal';
import type { ManaDatabase } from '../database/create-database.js';
import { createAuthLog } from '../logging/auth-log.js';
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

/** How the database counter purges expired rows. */
export interface FailurePurgeOptions {
  /** At most one purge per this many milliseconds per instance. Default 60 000. */
  intervalMs?: number;
  /** Rows deleted per purge at most (a bounded batch, so a purge never holds long locks). Default 1000. */
  batchSize?: number;
  /** The clock. Default `Date.now`. */
  now?: () => number;
  /** Where a failed purge is reported (`login_failures_purge_failed`, warn). Default: stderr. */
  log?: ManaLog;
}

/**
 * Deletes up to `batchSize` rows of `<schema>.login_failures` whose window has run out (through
 * the `expires_at` index); returns how many it deleted.
 */
export async function purgeExpiredLoginFailures(database: ManaDatabase, batchSize = 1000): Promise<number> {
  const table = qualifiedTable(database.schema, 'login_failures');
  const rows = await database.query<{ key: string }>(
    `DELETE FROM ${table} WHERE key IN (
       SELECT key FROM ${table} WHERE expires_at <= now() ORDER BY expires_at LIMIT $1
       FOR UPDATE SKIP LOCKED
     ) RETURNING key`,
    [batchSize],
  );
  return rows.length;
}

/**
 * Counters in `<schema>.login_failures`, updated with one atomic upsert each. Rows of expired
 * windows are purged on write: after an increment, at most once per `purge.intervalMs`, one
 * bounded batch (a failed purge is reported and retried at the next interval; the sign-in goes on).
 */
export function databaseFailureCounter(
  database: ManaDatabase,
  purge: FailurePurgeOptions = {},
): FailureCounter {
  const table = qualifiedTable(database.schema, 'login_failures');
  const { intervalMs = 60_000, batchSize = 1000, now = Date.now } = purge;
  const log = purge.log ?? createAuthLog();
  let lastPurge = Number.NEGATIVE_INFINITY;
  const purgeIfDue = async () => {
    if (now() - lastPurge < intervalMs) return;
    lastPurge = now();
    await purgeExpiredLoginFailures(database, batchSize).catch((error: unknown) => {
      log.warn('login_failures_purge_failed', 'purging expired login_failures rows failed; retried later', {
        error,
      });
    });
  };
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
      await purgeIfDue();
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
