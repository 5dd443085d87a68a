import { verify } from 'node:crypto';
import { type AuditKeyInput, auditPublicKey } from '../audit-key.js';
import { canonicalBytes } from '../canonical-event.js';
import { chainHead, signedHeadMessage } from '../chain-head.js';
import { leafHash, rootFromInclusionPath } from '../merkle.js';
import type { AuditProof } from './audit-proof.js';

/**
 * The verdict of {@link verifyProof}.
 *
 * @example
 * ```ts
 * const { valid, reason }: ProofVerdict = verifyProof(proof, publicKey);
 * ```
 */
export interface ProofVerdict {
  valid: boolean;
  /** Why it failed; undefined when valid. */
  reason?: string;
}

/**
 * Verifies an inclusion proof offline with the public audit key alone: the event's leaf, its
 * path to the batch root, the chain head from the previous head, and the head's signature.
 *
 * @example
 * ```ts
 * verifyProof(JSON.parse(readFileSync('proof.json', 'utf8')), publicKeyPem); // { valid: true }
 * ```
 */
export function verifyProof(proof: AuditProof, publicKey: AuditKeyInput): ProofVerdict {
  const key = auditPublicKey(publicKey, 'publicKey');
  try {
    if (proof?.v !== 1) return { valid: false, reason: 'not a version 1 audit proof' };
    const leaf = leafHash(canonicalBytes(proof.event));
    const path = proof.path.map((hash) => Buffer.from(hash, 'base64url'));
    const root = rootFromInclusionPath(leaf, proof.index, proof.size, path);
    if (root === null)
      return { valid: false, reason: 'the audit path does not fit the index and batch size' };
    const head = chainHead(Buffer.from(proof.prevHead, 'base64url'), root, proof.size, proof.sequence);
    const message = signedHeadMessage('record', proof.chainId, proof.sequence, head);
    if (!verify(null, message, key, Buffer.from(proof.signature, 'base64url')))
      return { valid: false, reason: 'the signed head does not match: the event or the proof was altered' };
    return { valid: true };
  } catch (error) {
    return {
      valid: false,
      reason: `malformed proof: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
