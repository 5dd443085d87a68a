import { qualifiedTable, rejectUnknownKeys } from '@mana/internal';
import type { ManaDatabase } from '../database/create-database.js';
import { ManaAuthConfigError } from '../errors.js';
import type { RedisLike } from '../sessions/redis-storage.js';
import { findUser, type OperatorUser } from './find-user.js';
import { tokensInRedis } from './redis-session-copies.js';

/** One session as an operator sees it: never its token. */
export interface UserSessionInfo {
  /** `auth.sessions.id`: what `revokeSessions({ sessionId })` takes, and access tokens' `sid`. */
  readonly id: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** The client address recorded at sign-in; null when unknown. */
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
  /** Whether it is a remember-me (30-day) session. */
  readonly rememberMe: boolean;
  /** Only with `redis`: whether Redis secondary storage holds a copy of the session. */
  readonly inRedis?: boolean;
}

/** Options of {@link listUserSessions}. */
export interface ListUserSessionsOptions {
  /** The user: an id, or an email address (anything with `@`). Required. */
  user: string;
  /** The service's ioredis client, when it uses Redis: each session says whether Redis holds it. Default: none. */
  redis?: RedisLike;
  /** The service's `redisKeyPrefix`. Default `mana-auth:`. */
  redisKeyPrefix?: string;
  /** Include sessions past their expiry that are still stored. Default false. */
  includeExpired?: boolean;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** What {@link listUserSessions} returns. */
export interface UserSessions {
  readonly user: OperatorUser;
  /** Newest first. */
  readonly sessions: readonly UserSessionInfo[];
}

const LIST_KEYS = ['user', 'redis', 'redisKeyPrefix', 'includeExpired', 'now'];

/** Refuses unknown option keys (shared with revokeSessions). */
export function checkOperatorOptions(options: object, known: readonly string[], where: string): void {
  rejectUnknownKeys(options, known, {
    where,
    onUnknown: (unknown) => {
      throw new ManaAuthConfigError(unknown.path, 'unknown option', `${unknown.didYouMean}See ${where}`);
    },
  });
}

interface SessionRow extends Record<string, unknown> {
  id: string;
  token: string;
  created_at: Date | string;
  expires_at: Date | string;
  ip_address: string | null;
  user_agent: string | null;
  remember_me: boolean | null;
}

/**
 * A user's sessions from `auth.sessions` (id, times, client address and user agent; never the
 * token), newest first; throws `SessionAdminError` `USER_NOT_FOUND` for an unknown user.
 *
 * @example
 * ```ts
 * const { user, sessions } = await listUserSessions(database, { user: 'ada@example.com' });
 * ```
 */
export async function listUserSessions(
  database: ManaDatabase,
  options: ListUserSessionsOptions,
): Promise<UserSessions> {
  checkOperatorOptions(options, LIST_KEYS, 'ListUserSessionsOptions');
  const user = await findUser(database, options.user);
  const now = (options.now ?? Date.now)();
  const rows = await database.query<SessionRow>(
    `SELECT id, token, created_at, expires_at, ip_address, user_agent, remember_me
     FROM ${qualifiedTable(database.schema, 'sessions')}
     WHERE user_id = $1${options.includeExpired ? '' : ' AND expires_at > $2'}
     ORDER BY created_at DESC, id`,
    options.includeExpired ? [user.id] : [user.id, new Date(now)],
  );
  const inRedis = options.redis
    ? await tokensInRedis(
        options.redis,
        options.redisKeyPrefix ?? 'mana-auth:',
        rows.map((row) => row.token),
      )
    : undefined;
  const sessions = rows.map(
    (row): UserSessionInfo => ({
      id: row.id,
      createdAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
      ipAddress: row.ip_address,
      userAgent: row.user_agent,
      rememberMe: row.remember_me === true,
      ...(inRedis ? { inRedis: inRedis.has(row.token) } : {}),
    }),
  );
  return { user, sessions };
}
