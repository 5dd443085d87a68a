import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PendingEvent } from '../../writer/insert-events.js';
import { hashBatch } from './batch-hash.js';
import { HashPool } from './hash-pool.js';
import { Prehash } from './prehash.js';

const commitKey = randomBytes(32);
const uuid = (i: number) => `0194f000-0000-7000-8000-${String(i).padStart(12, '0')}`;
const event = (i: number, id = uuid(i)): PendingEvent => ({
  u: `user-${i}`,
  t: 'logout',
  json: JSON.stringify({
    id,
    u: `user-${i}`,
    t: 'logout',
    i: null,
    a: 'curl/8',
    m: { email: `u${i}@example.com`, n: i },
    c: '2026-12-01T10:00:00.000001Z',
  }),
});
const expected = (events: readonly PendingEvent[]) =>
  hashBatch(`[${events.map((e) => e.json).join(',')}]`, commitKey);

describe('Prehash', () => {
  it('gives every batch the hashes of its own events, whether sent ahead, waiting or new', async () => {
    const pool = new HashPool(commitKey, () => {}, 1);
    const sent: string[] = [];
    const prehash = new Prehash(
      (json) => {
        sent.push(json);
        return pool.hash(json);
      },
      undefined,
      8,
    );
    try {
      const events = Array.from({ length: 30 }, (_, i) => event(i));
      const rows = events.map((e) => e.json);
      for (const e of events) prehash.add(e);
      expect(events.map((e) => e.json)).toEqual(rows); // the same rows, now slices of the chunk's text
      expect(sent).toHaveLength(3); // 24 sent ahead in chunks of 8, 6 waiting
      // A batch across two chunks, one split off it, one with waiting events, one rewritten event.
      const rewritten = event(1000);
      const batches = [
        events.slice(5, 20),
        events.slice(5, 9),
        events.slice(20, 30),
        [events[3]!, rewritten],
      ];
      for (const batch of batches) expect(await prehash.batch(batch)).toEqual(expected(batch));
      expect(sent).toHaveLength(5); // the waiting 6 once, the rewritten event once
    } finally {
      await pool.close();
    }
  });

  it('takes ids of any length out of a chunk', async () => {
    const pool = new HashPool(commitKey, () => {}, 1);
    const prehash = new Prehash((json) => pool.hash(json), undefined, 6);
    try {
      const events = Array.from({ length: 12 }, (_, i) => event(i, i % 4 === 0 ? `id-${i}` : uuid(i)));
      for (const e of events) prehash.add(e);
      for (const batch of [events.slice(0, 12), events.slice(2, 5), events.slice(5, 7)])
        expect(await prehash.batch(batch)).toEqual(expected(batch));
    } finally {
      await pool.close();
    }
  });

  it('computes an announced batch ahead, root included, and every other batch at its write', async () => {
    const pool = new HashPool(commitKey, () => {}, 1);
    const roots: number[] = [];
    const prehash = new Prehash(
      (json) => pool.hash(json),
      (leaves) => {
        roots.push(leaves.length / 32);
        return pool.root(leaves);
      },
      8,
    );
    try {
      const events = Array.from({ length: 42 }, (_, i) => event(i)); // 40 sent in chunks of 8, 2 waiting
      for (const e of events) prehash.add(e);
      prehash.upcoming(events.slice(10, 20));
      prehash.upcoming(events.slice(20, 30));
      prehash.upcoming(events.slice(36, 42)); // not all sent to be hashed yet: not computed ahead
      expect(roots).toEqual([]); // the roots wait for the chunks' leaves
      expect(await prehash.batch(events.slice(20, 30))).toEqual(expected(events.slice(20, 30)));
      expect(await prehash.batch(events.slice(10, 20))).toEqual(expected(events.slice(10, 20)));
      expect(roots).toEqual([10, 10]);
      // Not announced, announced but taken differently, or taken a second time (a retry): hashed
      // at the write, with the same result.
      for (const batch of [
        events.slice(0, 10),
        events.slice(10, 20),
        events.slice(30, 40),
        events.slice(20, 25),
      ])
        expect(await prehash.batch(batch)).toEqual(expected(batch));
      expect(roots).toEqual([10, 10]);
    } finally {
      await pool.close();
    }
  });

  it("computes an announced batch's root at its write when the worker's has not come back", async () => {
    const pool = new HashPool(commitKey, () => {}, 1);
    let asked = 0;
    // A worker whose root never comes back (it waits behind a burst of chunks).
    const prehash = new Prehash(
      (json) => pool.hash(json),
      () => {
        asked++;
        return new Promise<Buffer>(() => {});
      },
      8,
    );
    try {
      const events = Array.from({ length: 16 }, (_, i) => event(i));
      for (const e of events) prehash.add(e);
      prehash.upcoming(events.slice(0, 16));
      expect(await prehash.batch(events.slice(0, 16))).toEqual(expected(events.slice(0, 16)));
      expect(asked).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
