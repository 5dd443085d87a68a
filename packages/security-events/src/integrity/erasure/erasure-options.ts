import { invalidOption, rejectUnknownOptions } from '../../errors.js';
import { resolveSchema } from '../../schema/events-table-name.js';
import { commitKeyBytes } from '../commit-key.js';

/**
 * Options of `eraseUserPersonalData`: whose events (`userId`, `email` or both) and the commit key.
 *
 * @example
 * ```ts
 * const options: EraseUserOptions = { userId: 'u_123', email: 'ada@example.com', commitKey };
 * ```
 */
export interface EraseUserOptions {
  /** The user id stored in `user_id`. At least one of `userId` and `email` is required. */
  userId?: string;
  /** The email as stored in `metadata.email` (e.g. of failed sign-ins before the user existed). */
  email?: string;
  /** The writer's `integrity.commitKey` (at least 32 bytes): commits to the values erased. Required. */
  commitKey: string | Uint8Array;
  /** The Postgres schema of the tables. Default: the `schema` of a `ManaDatabase`, else `auth`. */
  schema?: string;
}

const KEYS = ['userId', 'email', 'commitKey', 'schema'];

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Validates the options of an erasure; throws `INVALID_OPTION` naming the bad key.
 *
 * @example
 * ```ts
 * const settings = resolveErasure(pool, { userId, commitKey });
 * ```
 */
export function resolveErasure(
  database: unknown,
  options: EraseUserOptions,
): { userId: string | null; email: string | null; commitKey: Buffer; schema: string } {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'Pass { userId, commitKey }.');
  rejectUnknownOptions(options, KEYS, 'eraseUserPersonalData');
  if (options.userId !== undefined && !nonEmpty(options.userId))
    invalidOption('userId', options.userId, 'Pass the user id as stored in security_events.user_id.');
  if (options.email !== undefined && !nonEmpty(options.email))
    invalidOption('email', options.email, 'Pass the email as stored in metadata.email, or leave it out.');
  if (options.userId === undefined && options.email === undefined)
    invalidOption('userId', undefined, 'Pass userId, email or both: whose personal data to erase.');
  const commitKey = commitKeyBytes(
    options.commitKey,
    'commitKey',
    "Pass the writer's integrity.commitKey: the erased values are kept only as its commitment.",
  );
  return {
    userId: options.userId ?? null,
    email: options.email ?? null,
    commitKey,
    schema: resolveSchema(options.schema, database),
  };
}
