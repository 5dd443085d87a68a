import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type PendingRow, pendingEventLeaf, pendingLeafHasher } from './canonical-event.js';

const commitKey = randomBytes(32);
const pick = <T>(values: readonly T[], i: number): T => values[i % values.length] as T;

/** Rows with every shape the writer can produce, and some it should never, to be safe. */
function row(i: number): PendingRow {
  const metadata = pick<Record<string, unknown> | null>(
    [
      null,
      { reason: 'invalid_credentials' },
      { email: `p${i % 7}@example.test`, reason: 'invalid_credentials' },
      { email: null, z: 1, a: [3, 'b', { y: true, x: null }] },
      { email: 42, nested: { b: 'é', a: '\u2028 "quoted" \\ \u0007' } },
      { email: { odd: 'object' }, n: 1.5e-7, big: 1e21, neg: -0 },
      { '\u00e9': 'latin', e: 'plain', '\ud83d\ude00': 'emoji key' },
    ],
    i,
  );
  return {
    id: `0194f3c2-0000-7000-8000-${String(i).padStart(12, '0')}`,
    u: pick([null, `user-${i % 5}`, 'ü-ser'], i),
    t: pick(['login_success', 'login_failure', 'logout'], i),
    i: pick([null, `198.51.100.${i % 3}`, '2001:db8::1'], i),
    a: pick([null, 'curl/8', 'Mozilla/5.0 "quoted" \\ back'], i),
    m: metadata,
    c: `2026-12-01T11:${String(i % 60).padStart(2, '0')}:00.123456Z`,
  };
}

describe('pendingLeafHasher', () => {
  it('gives the same leaf as the reference (canonicalize of the whole event) for every row shape', () => {
    const leafOf = pendingLeafHasher(commitKey);
    for (let i = 0; i < 2_000; i++) {
      const r = row(i);
      expect(leafOf(r).toString('hex'), JSON.stringify(r)).toBe(
        pendingEventLeaf(r, commitKey).toString('hex'),
      );
    }
  });

  it('stays exact when its commitment memory fills and starts over', () => {
    const leafOf = pendingLeafHasher(commitKey, 3);
    for (let i = 0; i < 500; i++)
      expect(leafOf(row(i)).equals(pendingEventLeaf(row(i), commitKey))).toBe(true);
  });

  it('depends on the commit key: another key, another leaf for personal data', () => {
    const r = row(1);
    expect(pendingLeafHasher(randomBytes(32))(r).equals(pendingLeafHasher(commitKey)(r))).toBe(false);
  });
});
