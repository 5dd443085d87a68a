import { createHash } from 'node:crypto';

/** The previous head of a chain's first record: 32 zero bytes. */
export const GENESIS_HEAD: Buffer = Buffer.alloc(32);

function u64(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

/**
 * The head of a chain after one batch: SHA-256(previous head ‖ Merkle root ‖ count ‖ sequence),
 * count and sequence as unsigned 64-bit big-endian integers.
 *
 * @example
 * ```ts
 * const head = chainHead(GENESIS_HEAD, root, 500, 1);
 * ```
 */
export function chainHead(previous: Uint8Array, root: Uint8Array, count: number, sequence: number): Buffer {
  return createHash('sha256').update(previous).update(root).update(u64(count)).update(u64(sequence)).digest();
}

/**
 * The bytes an audit key signs for one chain record: a context string, the chain id, the
 * sequence and the head. Records and checkpoints use different context strings.
 *
 * @example
 * ```ts
 * const message = signedHeadMessage('record', chainId, 7, head);
 * ```
 */
export function signedHeadMessage(
  context: 'record' | 'checkpoint',
  chainId: string,
  sequence: number,
  head: Uint8Array,
  signedAtMs = 0,
): Buffer {
  return Buffer.concat([
    Buffer.from(`mana-audit-${context}-v1\0${chainId}\0`, 'utf8'),
    u64(sequence),
    head,
    u64(signedAtMs),
  ]);
}
