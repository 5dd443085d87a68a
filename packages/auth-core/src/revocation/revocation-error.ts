import { ManaError } from '@mana/internal';

/**
 * Reported (to the registry's `onError`, by default logged) when the revocation registry could
 * not record or broadcast a revocation, or lost its listening connection: code
 * `REVOCATION_SYNC_FAILED`. Local checks keep working; the listener reconnects with backoff and
 * catches up from `auth.revoked_sessions`.
 *
 * @example
 * ```ts
 * createRevocationRegistry({ database, onError: (error) => log.warn(error.message) });
 * ```
 */
export class RevocationSyncError extends ManaError<'REVOCATION_SYNC_FAILED'> {
  override readonly name = 'RevocationSyncError';

  constructor(message: string, cause?: unknown) {
    super('REVOCATION_SYNC_FAILED', `Revocation registry: ${message}`, {
      cause,
      fix: 'check that PostgreSQL (and Redis, when configured) is reachable; the registry retries on its own',
    });
  }
}
