import { ManaError, type ManaLog } from '@mana/internal';

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

/**
 * The default `onError` of the registry and its plugin: one `revocation_sync_failed` entry (error
 * level) with the code, the fix and the cause (redacted: a connection URL loses its password).
 */
export function logRevocationError(log: ManaLog): (error: RevocationSyncError) => void {
  return (error) => {
    log.error('revocation_sync_failed', error.message, {
      code: error.code,
      fix: error.fix,
      cause: error.cause,
    });
  };
}
