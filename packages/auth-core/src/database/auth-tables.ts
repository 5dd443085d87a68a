/**
 * Drizzle tables for the Postgres schema `auth`. Property names are the field names
 * Better Auth uses; column names are snake_case. The drizzle adapter finds each table by
 * its key in {@link authTables}, which matches the `modelName` set in the auth options.
 *
 * @example
 * ```ts
 * import { users, sessions } from '@mana/auth-core/schema';
 * const rows = await db.select().from(sessions).where(eq(sessions.rememberMe, true));
 * ```
 */
import { bigint, bigserial, boolean, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The `auth` Postgres schema that holds every table of this package. */
export const authSchema = pgSchema('auth');

/** `auth.users`: one row per account holder. */
export const users = authSchema.table('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** `auth.sessions`: server-side sessions, with the spec's `remember_me` flag. */
export const sessions = authSchema.table(
  'sessions',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    rememberMe: boolean('remember_me').default(false),
  },
  (table) => [index('sessions_user_id_idx').on(table.userId)],
);

/** `auth.accounts`: credentials (the password hash lives here) and linked providers. */
export const accounts = authSchema.table(
  'accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('accounts_user_id_idx').on(table.userId)],
);

/** `auth.verifications`: short-lived tokens (password reset, email verification). */
export const verifications = authSchema.table(
  'verifications',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('verifications_identifier_idx').on(table.identifier)],
);

/** `auth.jwks`: Ed25519 signing keys; `private_key` is encrypted with the auth secret. */
export const jwks = authSchema.table('jwks', {
  id: text('id').primaryKey(),
  publicKey: text('public_key').notNull(),
  privateKey: text('private_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  alg: text('alg'),
  crv: text('crv'),
});

/** `auth.rate_limits`: Better Auth's limiter buckets when `rateLimit.storage` is `database`. */
export const rateLimits = authSchema.table('rate_limits', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique(),
  count: integer('count').notNull(),
  lastRequest: bigint('last_request', { mode: 'number' }).notNull(),
});

/** `auth.login_failures`: consecutive failed sign-ins per account (+ IP) for the lockout. */
export const loginFailures = authSchema.table(
  'login_failures',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('login_failures_expires_at_idx').on(table.expiresAt)],
);

/**
 * `auth.revoked_sessions`: the durable record of the revocation registry (`auth.revocations`).
 * SHA-256 hashes only, never a raw session token or id; `id` orders the record so that an
 * instance whose broadcast connection dropped catches up on what it missed. A row is deleted
 * after `forget_after`, when nothing derived from the session (cookie cache, access token) can
 * be valid any more.
 */
export const revokedSessions = authSchema.table(
  'revoked_sessions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tokenHash: text('token_hash').notNull(),
    sessionIdHash: text('session_id_hash').notNull(),
    forgetAfter: timestamp('forget_after', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('revoked_sessions_forget_after_idx').on(table.forgetAfter)],
);

/**
 * Every table keyed by the model name Better Auth is configured with, as the drizzle
 * adapter expects.
 */
export const authTables = {
  users,
  sessions,
  accounts,
  verifications,
  jwks,
  rate_limits: rateLimits,
  login_failures: loginFailures,
  revoked_sessions: revokedSessions,
};

/** The schema object type, for typed drizzle instances. */
export type AuthTables = typeof authTables;
