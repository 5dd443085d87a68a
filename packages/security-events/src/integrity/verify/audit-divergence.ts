/**
 * The kind of the first divergence the verifier found:
 * - `modified_row`: a row's content no longer hashes to its leaf;
 * - `deleted_row`: a chained event is missing from the table;
 * - `inserted_row`: a row that no chain record covers;
 * - `reordered_rows`: rows of a batch sit at other positions than they were hashed at;
 * - `forged_chain_record`: a chain record is inconsistent (head, root, count, link to the
 *   previous record, a gap in sequences) or differs from a signed checkpoint;
 * - `truncated_tail`: a checkpoint names a sequence beyond the chain's last record;
 * - `bad_signature`: a chain record or checkpoint signature does not verify with the public key.
 *
 * @example
 * ```ts
 * if (result.divergence?.kind === 'truncated_tail') alert('audit log truncated');
 * ```
 */
export type AuditDivergenceKind =
  | 'modified_row'
  | 'deleted_row'
  | 'inserted_row'
  | 'reordered_rows'
  | 'forged_chain_record'
  | 'truncated_tail'
  | 'bad_signature';

/**
 * Where and how the log first diverges from what was written and signed.
 *
 * @example
 * ```ts
 * const { kind, chainId, sequence, eventId } = result.divergence!;
 * ```
 */
export interface AuditDivergence {
  kind: AuditDivergenceKind;
  /** The chain, or null for a row no chain covers. */
  chainId: string | null;
  /** The chain record's sequence, or null for a row no chain covers. */
  sequence: number | null;
  /** The event, for row-level kinds; null otherwise. */
  eventId: string | null;
  /** One sentence for a person. */
  message: string;
}

/**
 * What {@link verifyAuditLog} checked and the first divergence, if any.
 *
 * @example
 * ```ts
 * const { ok, events, divergence } = await verifyAuditLog(pool, { publicKey, commitKey });
 * ```
 */
export interface AuditVerification {
  /** True when nothing diverged. */
  ok: boolean;
  /** Chains seen. */
  chains: number;
  /** Chain records checked. */
  batches: number;
  /** Events whose hash was checked. */
  events: number;
  /** Checkpoints checked (database and `checkpoints` option). */
  checkpoints: number;
  /** The first divergence, or null. */
  divergence: AuditDivergence | null;
}

/**
 * Builds a divergence.
 *
 * @example
 * ```ts
 * divergence('deleted_row', chainId, 4, eventId, 'event ... is missing');
 * ```
 */
export function divergence(
  kind: AuditDivergenceKind,
  chainId: string | null,
  sequence: number | null,
  eventId: string | null,
  message: string,
): AuditDivergence {
  return { kind, chainId, sequence, eventId, message };
}
