import { invalidOption, SecurityEventsError } from '../errors.js';
import { type ErasureResult, eraseUserPersonalData } from '../integrity/erasure/erase-user-personal-data.js';
import { safeLog } from '../writer/logger.js';
import type { FlushResult } from '../writer/stats.js';
import type { ResolvedOptions } from './service-options.js';

/**
 * Whose personal data `SecurityEventsService.eraseUserPersonalData` erases: the user id, and the
 * email as your code logs it in `metadata.email` (the service stores it per its `privacy.emails`).
 *
 * @example
 * ```ts
 * const subject: ErasureSubject = { userId: user.id, email: user.email };
 * ```
 */
export interface ErasureSubject {
  userId?: string;
  email?: string;
}

/** How long the erasure waits for the events queued before it to be written. */
const FLUSH_TIMEOUT_MS = 10_000;

/**
 * Writes what is queued (so the subject's queued events are erased too, not written afterwards
 * with their personal data), then erases with the service's database, schema and commit key.
 * A failure is logged (`erasure_failed`, without the subject) and thrown as `ERASURE_FAILED`.
 */
export async function eraseSubject(
  options: ResolvedOptions,
  flush: (timeoutMs: number) => Promise<FlushResult>,
  subject: ErasureSubject,
): Promise<ErasureResult> {
  const { integrity, database, schema, logger } = options;
  if (!integrity)
    invalidOption(
      'integrity',
      undefined,
      'Erasure keeps commitments of a tamper-evident log: pass integrity to the service. Without it, delete the events (deleting the user cascades to them).',
    );
  const email = subject.email === undefined ? undefined : options.privacy.email(subject.email);
  try {
    const { pending } = await flush(FLUSH_TIMEOUT_MS);
    if (pending > 0)
      throw new SecurityEventsError(
        'ERASURE_FAILED',
        `${pending} queued security events could not be written within ${FLUSH_TIMEOUT_MS} ms; they may hold the personal data to erase. Retry once the database accepts writes.`,
      );
    return await eraseUserPersonalData(database, {
      ...(subject.userId === undefined ? {} : { userId: subject.userId }),
      ...(email === undefined ? {} : { email }),
      commitKey: integrity.commitKey,
      schema,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    safeLog(logger, {
      level: 'error',
      event: 'erasure_failed',
      message: `Erasing a user's personal data from the audit log failed: ${message}`,
    });
    if (error instanceof SecurityEventsError && error.code === 'ERASURE_FAILED') throw error;
    throw new SecurityEventsError('ERASURE_FAILED', `Erasing a user's personal data failed: ${message}`, {
      cause: error,
      fix: 'Check that the database is reachable and migrateAuditIntegrity() ran, then retry.',
    });
  }
}
