/**
 * The `@mana/auth-core/schema` entry: the Drizzle tables of the Postgres schema `auth`
 * (defined in `database/auth-tables.ts`), for queries of your own next to Better Auth's.
 *
 * @example
 * ```ts
 * import { users, sessions } from '@mana/auth-core/schema';
 * const rows = await db.select().from(sessions).where(eq(sessions.rememberMe, true));
 * ```
 */
export type { AuthTables } from './database/auth-tables.js';
export {
  accounts,
  authSchema,
  authTables,
  authTablesFor,
  jwks,
  loginFailures,
  rateLimits,
  revokedSessions,
  sessions,
  users,
  verifications,
} from './database/auth-tables.js';
