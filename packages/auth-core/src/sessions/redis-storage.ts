import type { SecondaryStorage } from 'better-auth';

/**
 * The part of an ioredis client this package uses. `new Redis(url)` from `ioredis` fits.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const auth = createAuth({ ..., redis: new Redis(process.env.REDIS_URL!) });
 * ```
 */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  set(key: string, value: string, secondsToken: 'EX', seconds: number): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  incr(key: string): Promise<number>;
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

// INCR and set the TTL only when the key is new, atomically, so a window is never extended.
const INCREMENT_WITH_TTL = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;

// GET then DEL in one step (one-time verification values).
const GET_AND_DELETE = `local v = redis.call('GET', KEYS[1])
if v then redis.call('DEL', KEYS[1]) end
return v`;

/**
 * Better Auth secondary storage on Redis: sessions (read when the cookie cache cannot answer,
 * and by `/token`; revocation itself is the revocation registry's) and rate-limit counters (so
 * limits count across instances).
 *
 * @example
 * ```ts
 * betterAuth({ secondaryStorage: redisSecondaryStorage(new Redis(url), 'my-app:') });
 * ```
 */
export function redisSecondaryStorage(redis: RedisLike, prefix = 'mana-auth:'): SecondaryStorage {
  return {
    get: (key) => redis.get(prefix + key),
    getAndDelete: (key) => redis.eval(GET_AND_DELETE, 1, prefix + key),
    set: async (key, value, ttl) => {
      if (ttl && ttl > 0) await redis.set(prefix + key, value, 'EX', Math.ceil(ttl));
      else await redis.set(prefix + key, value);
    },
    delete: async (key) => {
      await redis.del(prefix + key);
    },
    increment: async (key, ttl) =>
      Number(await redis.eval(INCREMENT_WITH_TTL, 1, prefix + key, Math.max(1, Math.ceil(ttl)))),
  };
}
