import { canonicalBytes, canonicalEvent, eventLeaf, type StoredEventFields } from '../canonical-event.js';
import { leafHash } from '../merkle.js';

/**
 * A stored event as the verifier reads it: its columns and, for an erased row, the commitment to
 * its personal data kept in `security_event_erasures` when the values were erased.
 *
 * @example
 * ```ts
 * const row: VerifiedEventRow = { ...fields, erasedCommitment: 'q2x...' };
 * ```
 */
export interface VerifiedEventRow extends StoredEventFields {
  /** The commitment stored at erasure (base64url), or undefined for a row never erased. */
  erasedCommitment?: string;
}

/**
 * The leaf hash of a stored event: from its values, or for an erased row from its stored
 * commitment (its personal values are replacements and do not enter the hash).
 *
 * @example
 * ```ts
 * const leaf = verifiedEventLeaf(row, commitKey);
 * ```
 */
export function verifiedEventLeaf(row: VerifiedEventRow, commitKey: Buffer): Buffer {
  if (row.erasedCommitment === undefined) return eventLeaf(row, commitKey);
  const event = canonicalEvent(row, commitKey);
  return leafHash(canonicalBytes({ ...event, personal: row.erasedCommitment }));
}
