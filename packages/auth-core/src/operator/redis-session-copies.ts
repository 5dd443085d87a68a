import { type RedisLike, redisSecondaryStorage } from '../sessions/redis-storage.js';
import { REMEMBER_ME_TTL_SECONDS } from '../settings/constants.js';

// Better Auth's secondary-storage layout (better-auth/dist/db/internal-adapter.mjs, 1.7):
// `<token>` → JSON `{ session, user }`; `active-sessions-<userId>` → JSON `[{ token, expiresAt }]`
// sorted by expiry, with the TTL of the furthest one; `revoked-sessions-before-<userId>` → epoch
// ms (sessions created before it are left out of the session list).
interface SessionReference {
  token: string;
  expiresAt: number;
}

const parseList = (text: string | null): SessionReference[] => {
  if (!text) return [];
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) ? (list as SessionReference[]) : [];
  } catch {
    return [];
  }
};

/** Which of `tokens` have a copy in Redis (under `prefix`). */
export async function tokensInRedis(
  redis: RedisLike,
  prefix: string,
  tokens: readonly string[],
): Promise<Set<string>> {
  const found = await Promise.all(
    tokens.map(async (token) => ((await redis.get(prefix + token)) ? token : '')),
  );
  return new Set(found.filter(Boolean));
}

/** What {@link deleteRedisSessionCopies} removes. */
export interface RedisSessionCopies {
  readonly userId: string;
  /** The tokens of the sessions ended. */
  readonly tokens: readonly string[];
  /** True when every session of the user ends (Better Auth's "revoke all" marker is set too). */
  readonly allOfUser: boolean;
}

/**
 * Removes ended sessions from Redis secondary storage the way Better Auth itself does: each
 * session's `{ session, user }` copy, its entry in the user's active-sessions list (the list is
 * deleted when nothing is left), and for "all of the user" the revoked-before marker.
 */
export async function deleteRedisSessionCopies(
  redis: RedisLike,
  prefix: string,
  copies: RedisSessionCopies,
  now: number,
): Promise<void> {
  const storage = redisSecondaryStorage(redis, prefix);
  const listKey = `active-sessions-${copies.userId}`;
  const list = parseList(await redis.get(prefix + listKey));
  const ended = new Set(copies.tokens);
  // "All of the user" also ends sessions that are only in Redis (created after the SELECT).
  if (copies.allOfUser) for (const reference of list) ended.add(reference.token);
  for (const token of ended) await storage.delete(token);
  if (copies.allOfUser) {
    const markerKey = `revoked-sessions-before-${copies.userId}`;
    const previous = Number(await redis.get(prefix + markerKey)) || 0;
    await storage.set(markerKey, String(Math.max(now, previous)), REMEMBER_ME_TTL_SECONDS);
  }
  const remaining = list
    .filter((reference) => reference.expiresAt > now && !ended.has(reference.token))
    .sort((a, b) => a.expiresAt - b.expiresAt);
  const furthest = remaining.at(-1)?.expiresAt;
  if (furthest === undefined) await storage.delete(listKey);
  else await storage.set(listKey, JSON.stringify(remaining), Math.ceil((furthest - now) / 1000));
}
