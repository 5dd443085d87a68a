import { describeValue, qualifiedTable } from '@mana/internal';
import type { ManaDatabase } from '../database/create-database.js';
import { ManaAuthConfigError } from '../errors.js';
import { createRevocationRegistry } from '../revocation/create-revocation-registry.js';
import type { RevocationRegistry } from '../revocation/revocation-registry.js';
import type { RedisLike } from '../sessions/redis-storage.js';
import { ACCESS_TOKEN_TTL_SECONDS, COOKIE_CACHE_MAX_AGE_SECONDS } from '../settings/constants.js';
import { findUser, type OperatorUser } from './find-user.js';
import { checkOperatorOptions } from './list-user-sessions.js';
import { deleteRedisSessionCopies } from './redis-session-copies.js';
import { SessionAdminError } from './session-admin-error.js';

/** Which sessions {@link revokeSessions} ends: every session of a user, or one session. */
export type RevokeSessionsTarget = { user: string } | { sessionId: string };

/** Options of {@link revokeSessions}. */
export interface RevokeSessionsOptions {
  /**
   * The service's ioredis client, when the service uses Redis: the sessions are removed from
   * Redis secondary storage too, and the revocation is broadcast by Redis pub/sub (what the
   * service's instances listen to when they have Redis). Default: none (PostgreSQL
   * LISTEN/NOTIFY). A service on Redis MUST be given its Redis here.
   */
  redis?: RedisLike;
  /** The service's `redisKeyPrefix` (keys and the broadcast channel). Default `mana-auth:`. */
  redisKeyPrefix?: string;
  /**
   * How long cookie caches and access tokens derived from a session stay valid: the service's
   * larger of `cookieCacheMaxAge` and `accessToken.ttlSeconds`, in seconds. The revocation is
   * remembered that long. Default 900 (the defaults: 15-minute tokens, 5-minute cookie cache).
   */
  credentialLifetimeSeconds?: number;
  /**
   * A started registry to revoke through (e.g. `auth.revocations` in a process that runs the
   * service). Default: a registry of its own on `database` (and `redis`), closed before returning.
   */
  registry?: RevocationRegistry;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** What {@link revokeSessions} did. */
export interface RevokeSessionsResult {
  /** The user whose sessions ended. */
  readonly user: OperatorUser;
  /** Ids of the sessions ended (removed from `auth.sessions`). */
  readonly sessionIds: readonly string[];
  /** Whether Redis secondary storage was cleaned too. */
  readonly redis: boolean;
}

const REVOKE_KEYS = ['redis', 'redisKeyPrefix', 'credentialLifetimeSeconds', 'registry', 'now'];

interface Row extends Record<string, unknown> {
  id: string;
  token: string;
  user_id: string;
}

async function sessionsOf(
  database: ManaDatabase,
  target: RevokeSessionsTarget,
): Promise<{ user: OperatorUser; rows: Row[] }> {
  const table = qualifiedTable(database.schema, 'sessions');
  if ('user' in target) {
    const user = await findUser(database, target.user);
    const rows = await database.query<Row>(`SELECT id, token, user_id FROM ${table} WHERE user_id = $1`, [
      user.id,
    ]);
    return { user, rows };
  }
  const rows = await database.query<Row>(`SELECT id, token, user_id FROM ${table} WHERE id = $1`, [
    target.sessionId,
  ]);
  const row = rows[0];
  if (!row) {
    throw new SessionAdminError(
      'SESSION_NOT_FOUND',
      `no session with id ${JSON.stringify(target.sessionId)}`,
      'list the ids with listUserSessions (mana-auth sessions list --user <id|email>); it may have ended already',
    );
  }
  return { user: await findUser(database, row.user_id), rows };
}

function checkTarget(target: RevokeSessionsTarget): void {
  const keys = target && typeof target === 'object' ? Object.keys(target) : [];
  const value = Object.values(target ?? {})[0];
  if (
    keys.length !== 1 ||
    !['user', 'sessionId'].includes(keys[0] ?? '') ||
    typeof value !== 'string' ||
    !value
  ) {
    throw new ManaAuthConfigError(
      'target',
      `expected exactly one of { user } or { sessionId }, a non-empty string, got ${describeValue(target)}`,
      "pass { user: 'ada@example.com' } or { sessionId: '...' }",
    );
  }
}

/**
 * Ends sessions for real, on every instance: enters them in the revocation registry first
 * (durable record `auth.revoked_sessions` + broadcast, so every instance refuses their cookie
 * caches and access tokens at once), then removes them from Redis secondary storage (when
 * `redis` is given) and from `auth.sessions`. Safe to run again after a failure: what is still
 * stored is revoked again. Sessions the user opens afterwards are not affected. Throws
 * `SessionAdminError` (`USER_NOT_FOUND`, `SESSION_NOT_FOUND`) for an unknown target and
 * `RevocationSyncError` when the revocation could not be recorded (nothing is deleted then).
 *
 * @example
 * ```ts
 * const { sessionIds } = await revokeSessions(database, { user: 'ada@example.com' }, { redis });
 * ```
 */
export async function revokeSessions(
  database: ManaDatabase,
  target: RevokeSessionsTarget,
  options: RevokeSessionsOptions = {},
): Promise<RevokeSessionsResult> {
  checkOperatorOptions(options, REVOKE_KEYS, 'RevokeSessionsOptions');
  checkTarget(target);
  const now = options.now ?? Date.now;
  const prefix = options.redisKeyPrefix ?? 'mana-auth:';
  const lifetimeMs =
    (options.credentialLifetimeSeconds ?? Math.max(ACCESS_TOKEN_TTL_SECONDS, COOKIE_CACHE_MAX_AGE_SECONDS)) *
    1000;
  const { user, rows } = await sessionsOf(database, target);
  const registry =
    options.registry ??
    createRevocationRegistry({
      database,
      ...(options.redis ? { redis: options.redis, redisKeyPrefix: prefix } : {}),
      now,
      onError: () => {},
    });
  try {
    const forgetAfter = now() + lifetimeMs;
    await registry.revoke(rows.map((row) => ({ sessionId: row.id, token: row.token, forgetAfter })));
  } finally {
    if (!options.registry) await registry.close();
  }
  if (options.redis) {
    await deleteRedisSessionCopies(
      options.redis,
      prefix,
      { userId: user.id, tokens: rows.map((row) => row.token), allOfUser: 'user' in target },
      now(),
    );
  }
  const ids = rows.map((row) => row.id);
  if (ids.length > 0) {
    await database.query(
      `DELETE FROM ${qualifiedTable(database.schema, 'sessions')} WHERE id = ANY($1::text[])`,
      [ids],
    );
  }
  return { user, sessionIds: ids, redis: Boolean(options.redis) };
}
