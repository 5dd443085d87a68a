import { randomBytes } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import {
  canonicalEvent,
  type PendingRow,
  pendingCanonicalText,
  pendingEventLeaf,
} from './canonical-event.js';
import { leafHashOfText } from './merkle.js';

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
      { method: 'email', rememberMe: i % 2 === 0, count: i, ratio: i / 7, none: null, B: 'upper' },
      { 'a\u0000b': '\ud800 lone surrogate', '10': 'numeric key', '9': -0, e: 1e-7 },
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

describe('pendingCanonicalText', () => {
  const referenceText = (r: PendingRow) =>
    canonicalize(
      canonicalEvent(
        {
          id: r.id,
          userId: r.u,
          eventType: r.t,
          ipAddress: r.i,
          userAgent: r.a,
          metadata: r.m,
          createdAt: r.c,
        },
        commitKey,
      ),
    ) as string;

  it('writes the same text as canonicalize of the whole event, hence the same leaf, for every row shape', () => {
    const textOf = pendingCanonicalText(commitKey);
    for (let i = 0; i < 2_000; i++) {
      const r = row(i);
      const text = textOf(r);
      expect(text, JSON.stringify(r)).toBe(referenceText(r));
      expect(leafHashOfText(text).equals(pendingEventLeaf(r, commitKey))).toBe(true);
    }
  });

  it('stays exact when its commitment memory fills and starts over', () => {
    const textOf = pendingCanonicalText(commitKey, 3);
    for (let i = 0; i < 500; i++) expect(textOf(row(i))).toBe(referenceText(row(i)));
  });

  it('depends on the commit key: another key, another text for personal data', () => {
    const r = row(1);
    expect(pendingCanonicalText(randomBytes(32))(r)).not.toBe(pendingCanonicalText(commitKey)(r));
  });
});
