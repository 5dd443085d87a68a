import type { CanonicalEvent } from '../canonical-event.js';

/**
 * An inclusion proof of one event (`proveEvent`), verifiable offline with the public audit key
 * alone (`verifyProof`): the event's canonical form (personal data as a commitment), its Merkle
 * audit path to the batch root, and the signed head of its chain record. Binary values are
 * base64url. About 700 bytes for an event with small metadata in a batch of 500.
 *
 * @example
 * ```ts
 * writeFileSync('proof.json', JSON.stringify(await proveEvent(pool, eventId, { commitKey })));
 * ```
 */
export interface AuditProof {
  v: 1;
  event: CanonicalEvent;
  chainId: string;
  sequence: number;
  /** Position of the event in its batch. */
  index: number;
  /** Events in the batch (tree size). */
  size: number;
  path: string[];
  prevHead: string;
  /** Ed25519 signature of the record's head. */
  signature: string;
  keyId: string;
}
