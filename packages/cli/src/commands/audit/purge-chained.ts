import { type AuditKeyInput, purgeChainedEvents, SecurityEventsError } from '@mana/security-events';
import { loadAuditSigningKey } from '../../audit-keys.js';
import { CliUsageError } from '../../cli-error.js';
import type { CliContext } from '../../context.js';

/** The result of a purge as the command reports it. */
export interface PurgeReport {
  deleted: number;
  batches: number;
  complete: boolean;
  records?: number;
}

/**
 * A purge of a tamper-evident log (the integrity tables hold chain records) at batch boundaries,
 * signing each boundary with `AUDIT_SIGNING_KEY`, read now (a missing key is a usage error before
 * anything starts); a key that is not an Ed25519 private key is a usage error too (exit 2).
 */
export function chainedPurge(
  context: CliContext,
): (cutoff: Date, batchSize: number, onBatch: (deleted: number) => void) => Promise<PurgeReport> {
  // A chained log: a plain purge would break verification, so the purge signs its boundaries.
  const signingKey = loadAuditSigningKey(context);
  return (cutoff, batchSize, onBatch) => purgeChainedLog(context, signingKey, cutoff, batchSize, onBatch);
}

async function purgeChainedLog(
  context: CliContext,
  signingKey: AuditKeyInput,
  cutoff: Date,
  batchSize: number,
  onBatch: (deleted: number) => void,
): Promise<PurgeReport> {
  const database = await context.database();
  try {
    return await purgeChainedEvents(database, cutoff, {
      signingKey,
      batchSize,
      signal: context.signal,
      onBatch: ({ deleted }) => onBatch(deleted),
    });
  } catch (error) {
    if (error instanceof SecurityEventsError && error.code === 'INVALID_OPTION')
      throw new CliUsageError(
        `AUDIT_SIGNING_KEY is not usable: ${error.message}`,
        "give the service's integrity.signingKey (Ed25519 private key, PKCS#8 PEM or JWK JSON)",
        { cause: error },
      );
    throw error;
  }
}
