import { type KeyObject, sign, verify } from 'node:crypto';
import { signedHeadMessage } from './chain-head.js';

/**
 * A signed checkpoint: the head of one chain at one sequence, signed with the audit key. Stored
 * in `<schema>.security_event_checkpoints` and handed to the `checkpointSink`; keep copies out of
 * the attacker's reach (another system, WORM storage) to detect a truncated or rewritten log.
 *
 * @example
 * ```ts
 * const checkpoint: AuditCheckpoint = JSON.parse(line);
 * ```
 */
export interface AuditCheckpoint {
  /** The chain (one per writer worker), a uuid. */
  chainId: string;
  /** The sequence of the chain record whose head is signed. */
  sequence: number;
  /** That record's head, base64url. */
  head: string;
  /** When it was signed, ISO 8601 with milliseconds. */
  signedAt: string;
  /** Ed25519 signature, base64url. */
  signature: string;
  /** Id of the public key that verifies it (`auditKeyId`). */
  keyId: string;
}

/**
 * Signs the head of `chainId` at `sequence`.
 *
 * @example
 * ```ts
 * const checkpoint = signCheckpoint(key, keyId, chainId, 12, head, Date.now());
 * ```
 */
export function signCheckpoint(
  key: KeyObject,
  keyId: string,
  chainId: string,
  sequence: number,
  head: Buffer,
  signedAtMs: number,
): AuditCheckpoint {
  const signature = sign(null, signedHeadMessage('checkpoint', chainId, sequence, head, signedAtMs), key);
  return {
    chainId,
    sequence,
    head: head.toString('base64url'),
    signedAt: new Date(signedAtMs).toISOString(),
    signature: signature.toString('base64url'),
    keyId,
  };
}

/**
 * True when the checkpoint's signature verifies with `publicKey`.
 *
 * @example
 * ```ts
 * if (!checkpointSignatureValid(checkpoint, publicKey)) throw new Error('forged checkpoint');
 * ```
 */
export function checkpointSignatureValid(checkpoint: AuditCheckpoint, publicKey: KeyObject): boolean {
  const signedAtMs = Date.parse(checkpoint.signedAt);
  if (!Number.isSafeInteger(checkpoint.sequence) || Number.isNaN(signedAtMs)) return false;
  const message = signedHeadMessage(
    'checkpoint',
    checkpoint.chainId,
    checkpoint.sequence,
    Buffer.from(checkpoint.head, 'base64url'),
    signedAtMs,
  );
  try {
    return verify(null, message, publicKey, Buffer.from(checkpoint.signature, 'base64url'));
  } catch {
    return false;
  }
}
