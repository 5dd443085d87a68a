import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type VerifiedEventRow, verifiedEventLeaf, verifiedLeafHasher } from './erased-leaf.js';

const commitKey = randomBytes(32);

function row(i: number): VerifiedEventRow {
  return {
    id: `0194f3c2-0000-7000-8000-${String(i).padStart(12, '0')}`,
    userId: i % 4 === 0 ? null : `user-${i % 5}`,
    eventType: i % 2 === 0 ? 'login_success' : 'login_failure',
    ipAddress: i % 3 === 0 ? null : `198.51.100.${i % 7}`,
    userAgent: i % 5 === 0 ? null : 'Mozilla/5.0 "quoted" \\ é',
    metadata: [
      null,
      { reason: 'invalid_credentials' },
      { email: `p${i}@example.test`, n: i, nested: { b: 1, a: [2] } },
    ][i % 3] as Record<string, unknown> | null,
    createdAt: `2026-12-01T11:00:${String(i % 60).padStart(2, '0')}.123456Z`,
    ...(i % 6 === 0 ? { erasedCommitment: randomBytes(32).toString('base64url') } : {}),
  };
}

describe('verifiedLeafHasher', () => {
  it('gives every stored row, erased or not, the reference leaf (verifiedEventLeaf)', () => {
    const leafOf = verifiedLeafHasher(commitKey);
    for (let i = 0; i < 600; i++) {
      const r = row(i);
      expect(leafOf(r).equals(verifiedEventLeaf(r, commitKey)), JSON.stringify(r)).toBe(true);
    }
  });
});
