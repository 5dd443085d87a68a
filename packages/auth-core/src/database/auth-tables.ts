/**
 * Drizzle tables of auth-core, in the Postgres schema `auth` (the default) or any schema
 * ({@link authTablesFor}). Property names are the field names Better Auth uses; column names
 * are snake_case. The drizzle adapter finds each table by its key in {@link authTables}, which
 * matches the `modelName` set in the auth options.
 *
 * @example
 * ```ts
 * import { users, sessions } from '@mana/auth-core/schema';
 * const rows = await db.select().from(sessions).where(eq(sessions.rememberMe, true));
 * ```
 */
import { bigint, bigserial, boolean, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The `auth` Postgres schema that holds every table of this package by default. */
export const authSchema = pgSchema('auth');

/** Builds the tables in `schema` (not validated here: see `createDatabase`'s `schema` option). */
function defineTables(schema: string) {
  const s = pgSchema(schema);
  /** `<schema>.users`: one row per account holder. */
  const users = s.table('users', {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull().unique(),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  });

  /** `<schema>.sessions`: server-side sessions, with the spec's `remember_me` flag. */
  const sessions = s.table(
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

  /** `<schema>.accounts`: credentials (the password hash lives here) and linked providers. */
  const accounts = s.table(
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

  /** `<schema>.verifications`: short-lived tokens (password reset, email verification). */
  const verifications = s.table(
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

  /** `<schema>.jwks`: Ed25519 signing keys; `private_key` is encrypted with the auth secret. */
  const jwks = s.table('jwks', {
    id: text('id').primaryKey(),
    publicKey: text('public_key').notNull(),
    privateKey: text('private_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    alg: text('alg'),
    crv: text('crv'),
    /** When the key starts signing (`keys rotate`: publish first, sign later); null = from `created_at`. */
    activatesAt: timestamp('activates_at', { withTimezone: true }),
    /** When a retired key leaves the JWKS (its tokens have expired); null = Better Auth's grace rule. */
    publishedUntil: timestamp('published_until', { withTimezone: true }),
    /** When the key was revoked (`keys revoke`): never served, signs nothing, verifies nothing. */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  });

  /** `<schema>.rate_limits`: Better Auth's limiter buckets when `rateLimit.storage` is `database`. */
  const rateLimits = s.table('rate_limits', {
    id: text('id').primaryKey(),
    key: text('key').notNull().unique(),
    count: integer('count').notNull(),
    lastRequest: bigint('last_request', { mode: 'number' }).notNull(),
  });

  /** `<schema>.login_failures`: consecutive failed sign-ins per account (+ IP) for the lockout. */
  const loginFailures = s.table(
    'login_failures',
    {
      key: text('key').primaryKey(),
      count: integer('count').notNull(),
      expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    },
    (table) => [index('login_failures_expires_at_idx').on(table.expiresAt)],
  );

  /**
   * `<schema>.revoked_sessions`: the durable record of the revocation registry (`<schema>.revocations`).
   * SHA-256 hashes only, never a raw session token or id; `id` orders the record so that an
   * instance whose broadcast connection dropped catches up on what it missed. A row is deleted
   * after `forget_after`, when nothing derived from the session (cookie cache, access token) can
   * be valid any more.
   */
  const revokedSessions = s.table(
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

  return {
    users,
    sessions,
    accounts,
    verifications,
    jwks,
    rate_limits: rateLimits,
    login_failures: loginFailures,
    revoked_sessions: revokedSessions,
  };
}

/**
 * Every table keyed by the model name Better Auth is configured with, as the drizzle adapter
 * expects. `<schema>.rate_limits` serves Better Auth's limiter when `rateLimit.storage` is
 * `database`; `<schema>.login_failures` the lockout; `<schema>.revoked_sessions` the durable
 * record of the revocation registry (SHA-256 hashes only).
 */
export type AuthTables = ReturnType<typeof defineTables>;

const bySchema = new Map<string, AuthTables>();

/**
 * The tables in the Postgres schema `schema`, for a drizzle instance or queries of your own
 * (`database.tables` is the set of the schema the database was opened with). One object per
 * schema name. The schema name must be a safe identifier; `createDatabase` validates it.
 *
 * @example
 * ```ts
 * const { users } = authTablesFor('identity');
 * const rows = await db.select().from(users).limit(10);
 * ```
 */
export function authTablesFor(schema: string): AuthTables {
  let tables = bySchema.get(schema);
  if (!tables) {
    tables = defineTables(schema);
    bySchema.set(schema, tables);
  }
  return tables;
}

/** The tables in the default schema `auth`. */
export const authTables: AuthTables = authTablesFor('auth');

/** `auth.users`: one row per account holder. */
export const users = authTables.users;
/** `auth.sessions`: server-side sessions, with the `remember_me` flag. */
export const sessions = authTables.sessions;
/** `auth.accounts`: credentials (the password hash lives here) and linked providers. */
export const accounts = authTables.accounts;
/** `auth.verifications`: short-lived tokens (password reset, email verification). */
export const verifications = authTables.verifications;
/** `auth.jwks`: Ed25519 signing keys; `private_key` is encrypted with the auth secret. */
export const jwks = authTables.jwks;
/** `auth.rate_limits`: Better Auth's limiter buckets when `rateLimit.storage` is `database`. */
export const rateLimits = authTables.rate_limits;
/** `auth.login_failures`: consecutive failed sign-ins per account (+ IP) for the lockout. */
export const loginFailures = authTables.login_failures;
/** `auth.revoked_sessions`: the durable record of the revocation registry. */
export const revokedSessions = authTables.revoked_sessions;
