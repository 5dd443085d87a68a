import {
  canonicalBytes,
  canonicalEvent,
  eventLeaf,
  pendingCanonicalText,
  type StoredEventFields,
} from '../canonical-event.js';
import { leafHash, leafHashOfText } from '../merkle.js';

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

/**
 * {@link verifiedEventLeaf} for a whole log under one key, with the same leaves: rows never
 * erased go through the writer's `pendingCanonicalText` (remembered commitments, JCS mostly
 * written directly; checked against `canonicalize` in its tests), so a user's repeated personal
 * data costs one HMAC instead of one per event.
 *
 * @example
 * ```ts
 * const leafOf = verifiedLeafHasher(commitKey);
 * const leaf = leafOf(row);
 * ```
 */
export function verifiedLeafHasher(commitKey: Buffer): (row: VerifiedEventRow) => Buffer {
  const textOf = pendingCanonicalText(commitKey);
  return (row) => {
    if (row.erasedCommitment !== undefined) return verifiedEventLeaf(row, commitKey);
    return leafHashOfText(
      textOf({
        id: row.id,
        u: row.userId,
        t: row.eventType,
        i: row.ipAddress,
        a: row.userAgent,
        m: row.metadata,
        c: row.createdAt,
      }),
    );
  };
}
