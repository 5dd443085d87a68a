import { qualifiedTable } from '@mana/internal';
import type { ManaDatabase } from '../database/create-database.js';
import { SessionAdminError } from './session-admin-error.js';

/** A user as the operator functions name it. */
export interface OperatorUser {
  /** `auth.users.id`. */
  readonly id: string;
  /** The user's email address (lower-case, as stored). */
  readonly email: string;
}

/**
 * The user whose id is `idOrEmail`, or whose email is (a value with `@` is looked up as an email,
 * case-insensitively; anything else as an id). Throws `USER_NOT_FOUND` when there is none.
 *
 * @example
 * ```ts
 * const user = await findUser(database, 'ada@example.com');
 * ```
 */
export async function findUser(database: ManaDatabase, idOrEmail: string): Promise<OperatorUser> {
  const byEmail = idOrEmail.includes('@');
  const rows = await database.query<{ id: string; email: string }>(
    `SELECT id, email FROM ${qualifiedTable(database.schema, 'users')} WHERE ${
      byEmail ? 'lower(email) = lower($1)' : 'id = $1'
    } LIMIT 1`,
    [idOrEmail],
  );
  const row = rows[0];
  if (!row) {
    throw new SessionAdminError(
      'USER_NOT_FOUND',
      `no user with ${byEmail ? 'email' : 'id'} ${JSON.stringify(idOrEmail)}`,
      byEmail
        ? 'check the address, or pass the user id from auth.users'
        : 'pass a user id from auth.users or the account email address',
    );
  }
  return { id: row.id, email: row.email };
}
