import { ManaError } from '@mana/internal';

/**
 * The code of a {@link SessionAdminError}: `USER_NOT_FOUND` (no user has the id or email) or
 * `SESSION_NOT_FOUND` (no session has the id).
 *
 * @example
 * ```ts
 * const code: SessionAdminErrorCode = 'USER_NOT_FOUND';
 * ```
 */
export type SessionAdminErrorCode = 'USER_NOT_FOUND' | 'SESSION_NOT_FOUND';

/**
 * Thrown by {@link listUserSessions} and {@link revokeSessions} when the user or session they
 * were asked about does not exist. The message names the value looked up; `fix` says where to
 * find a valid one.
 *
 * @example
 * ```ts
 * try {
 *   await revokeSessions(database, { sessionId: 'nope' });
 * } catch (error) {
 *   if (error instanceof SessionAdminError && error.code === 'SESSION_NOT_FOUND') console.error(error.fix);
 * }
 * ```
 */
export class SessionAdminError extends ManaError<SessionAdminErrorCode> {
  override readonly name = 'SessionAdminError';

  constructor(code: SessionAdminErrorCode, message: string, fix: string) {
    super(code, message, { fix });
  }
}
