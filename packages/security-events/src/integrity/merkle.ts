import { createHash, hash } from 'node:crypto';

// RFC 9162 section 2.1.1: domain-separated leaf and node hashes (0x00 and 0x01 prefixes), so a
// node can never be presented as a leaf (no second-preimage trick on the tree).
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/**
 * SHA-256(0x00 ‖ bytes): the hash of one leaf of the Merkle tree.
 *
 * @example
 * ```ts
 * const leaf = leafHash(Buffer.from('{"id":"..."}'));
 * ```
 */
export function leafHash(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF).update(bytes).digest();
}

/**
 * {@link leafHash} of a text's UTF-8 bytes, in one call (`crypto.hash`, no intermediate buffers).
 *
 * @example
 * ```ts
 * leafHashOfText('{"id":"..."}').equals(leafHash(Buffer.from('{"id":"..."}'))); // true
 * ```
 */
export function leafHashOfText(text: string): Buffer {
  // U+0000 is the single byte 0x00 in UTF-8: the same bytes as LEAF ‖ text.
  return sha256(`\u0000${text}`);
}

/**
 * {@link leafHashOfText} written into `target` at `offset` (32 bytes), without a buffer of its own.
 *
 * @example
 * ```ts
 * writeLeafHashOfText('{"id":"..."}', leaves, 3 * 32);
 * ```
 */
export function writeLeafHashOfText(text: string, target: Buffer, offset: number): void {
  target.write(hash('sha256', `\u0000${text}`, 'binary'), offset, 32, 'latin1');
}

// SHA-256 digests are taken as latin1 strings ('binary': one character per byte) and copied into buffers:
// a `'buffer'` digest gets its own native memory, measured at 1.5–1.8 µs per hash against
// 0.4–0.6 µs this way, on the two hashes per event the writer makes.
function sha256(input: string | Uint8Array): Buffer {
  return Buffer.from(hash('sha256', input, 'binary'), 'latin1');
}

/**
 * SHA-256(0x01 ‖ left ‖ right): the hash of an inner node.
 *
 * @example
 * ```ts
 * const parent = nodeHash(leftLeaf, rightLeaf);
 * ```
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== 32 || right.length !== 32)
    return createHash('sha256').update(NODE).update(left).update(right).digest();
  // One `crypto.hash` call over 0x01 ‖ left ‖ right: 1.06 against 1.40 µs with createHash and
  // three updates, per node of every batch's tree (about one per event).
  const input = Buffer.allocUnsafe(65);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 33);
  return sha256(input);
}

/**
 * The Merkle Tree Hash of RFC 9162 (2.1.1) over leaf hashes, computed level by level: a last
 * node without a sibling moves up unchanged, which gives the same tree as the RFC's split at the
 * largest power of two. The root of one leaf is the leaf; an empty batch has no root.
 *
 * @example
 * ```ts
 * const root = merkleRoot(events.map((bytes) => leafHash(bytes)));
 * ```
 */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) throw new RangeError('merkleRoot needs at least one leaf');
  let level = leaves.slice();
  while (level.length > 1) level = nextLevel(level);
  return level[0] as Buffer;
}

/**
 * {@link merkleRoot} of leaf hashes stored back to back (32 bytes each, as in a chain record),
 * with the same result: each level is written over the previous one in a copy of `leaves` and
 * every node is hashed from one reused 65-byte input, so a batch's tree allocates only the node
 * hashes themselves (the writer computes one per event).
 *
 * @example
 * ```ts
 * merkleRootOfLeaves(Buffer.concat(list)).equals(merkleRoot(list)); // true
 * ```
 */
export function merkleRootOfLeaves(leaves: Uint8Array): Buffer {
  if (leaves.length === 0 || leaves.length % 32 !== 0)
    throw new RangeError('merkleRootOfLeaves needs one or more 32-byte leaf hashes');
  const level = Buffer.from(leaves);
  const input = Buffer.allocUnsafe(65);
  input[0] = 1;
  let size = level.length / 32;
  while (size > 1) {
    const pairs = size >> 1;
    for (let k = 0; k < pairs; k++) {
      level.copy(input, 1, k * 64, k * 64 + 64);
      level.write(hash('sha256', input, 'binary'), k * 32, 32, 'latin1');
    }
    // A last node without a sibling moves up unchanged.
    if (size % 2 === 1) level.copy(level, pairs * 32, (size - 1) * 32, size * 32);
    size = pairs + (size % 2);
  }
  return Buffer.from(level.subarray(0, 32));
}

function nextLevel(level: readonly Buffer[]): Buffer[] {
  const next: Buffer[] = [];
  for (let i = 0; i + 1 < level.length; i += 2)
    next.push(nodeHash(level[i] as Buffer, level[i + 1] as Buffer));
  if (level.length % 2 === 1) next.push(level[level.length - 1] as Buffer);
  return next;
}

/**
 * The audit path (RFC 9162 2.1.3.1) of the leaf at `index`: the sibling hashes from the leaf up.
 *
 * @example
 * ```ts
 * const path = inclusionPath(leaves, 3);
 * rootFromInclusionPath(leaves[3], 3, leaves.length, path).equals(merkleRoot(leaves)); // true
 * ```
 */
export function inclusionPath(leaves: readonly Buffer[], index: number): Buffer[] {
  const path: Buffer[] = [];
  let level = leaves.slice();
  let at = index;
  while (level.length > 1) {
    const sibling = at ^ 1;
    if (sibling < level.length) path.push(level[sibling] as Buffer);
    level = nextLevel(level);
    at >>= 1;
  }
  return path;
}

/**
 * The root implied by a leaf, its index, the tree size and its audit path (RFC 9162 2.1.3.2),
 * or null when the path does not fit the index and size.
 *
 * @example
 * ```ts
 * const root = rootFromInclusionPath(leaf, proof.index, proof.size, proof.path);
 * ```
 */
export function rootFromInclusionPath(
  leaf: Buffer,
  index: number,
  size: number,
  path: readonly Buffer[],
): Buffer | null {
  if (index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 ? r : null;
}
