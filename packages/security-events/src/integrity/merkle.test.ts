import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalBytes } from './canonical-event.js';
import {
  inclusionPath,
  leafHash,
  merkleRoot,
  merkleRootOfLeaves,
  nodeHash,
  rootFromInclusionPath,
} from './merkle.js';

// RFC 9162 2.1.1, written as the RFC states it (split at the largest power of two below n): the oracle.
function rfcRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0] as Buffer;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(rfcRoot(leaves.slice(0, k)), rfcRoot(leaves.slice(k)));
}

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`event ${i}`)));

describe('Merkle tree (RFC 9162)', () => {
  it('hashes leaves and nodes with distinct prefixes', () => {
    const data = Buffer.from('x');
    expect(leafHash(data)).toEqual(
      createHash('sha256')
        .update(Buffer.from([0]))
        .update(data)
        .digest(),
    );
    expect(nodeHash(data, data)).toEqual(
      createHash('sha256')
        .update(Buffer.from([1, 0x78, 0x78]))
        .digest(),
    );
  });

  it('computes the RFC root and verifiable audit paths for every size up to 70', () => {
    for (let n = 1; n <= 70; n++) {
      const list = leaves(n);
      const root = merkleRoot(list);
      expect(root).toEqual(rfcRoot(list));
      expect(merkleRootOfLeaves(Buffer.concat(list))).toEqual(root);
      for (let i = 0; i < n; i++) {
        const path = inclusionPath(list, i);
        expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(rootFromInclusionPath(list[i] as Buffer, i, n, path)).toEqual(root);
        expect(rootFromInclusionPath(list[i] as Buffer, n, n, path)).toBeNull(); // index outside the tree
        if (n > 1) {
          expect(rootFromInclusionPath(list[(i + 1) % n] as Buffer, i, n, path)).not.toEqual(root);
        }
      }
    }
  });

  it('refuses leaves that are not whole 32-byte hashes', () => {
    expect(() => merkleRootOfLeaves(Buffer.alloc(0))).toThrow(RangeError);
    expect(() => merkleRootOfLeaves(Buffer.alloc(33))).toThrow(/32-byte leaf hashes/);
  });

  it('serialises an event as RFC 8785 JSON (sorted keys, no spaces, ES number form)', () => {
    const bytes = canonicalBytes({
      type: 'logout',
      id: 'e1',
      at: '2026-01-01T00:00:00.000000Z',
      personal: null,
      metadata: { b: 1.0, a: [1e21, 'é'], '\u20ac': 0.1 },
    });
    expect(bytes.toString('utf8')).toBe(
      '{"at":"2026-01-01T00:00:00.000000Z","id":"e1","metadata":{"a":[1e+21,"é"],"b":1,"€":0.1},"personal":null,"type":"logout"}',
    );
  });
});
